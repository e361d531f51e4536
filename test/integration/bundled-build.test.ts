// The build as scripts/bundle-dist.mjs leaves it (dist/, rebuilt when stale by vitest's global
// setup): the entry points and their shared chunks instead of tsc's modules, tsc's declarations
// beside them, and each module's `import.meta.url` still the URL it had in tsc's layout, so what a
// module finds by URL (package.json, the dashboard's page folder, the command worker, the commands
// the worker requires, the entry plugins import) is where it was. The CLI's, the plugins' and the
// packed package's tests (plugin-identity, cli-user-journey, packed-package) run this build.

import { execFileSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
// @ts-expect-error: a build script in plain JavaScript, without declarations.
import { ENTRY_POINTS } from "../../scripts/dist-entry-points.mjs";

const REPO = fileURLToPath(new URL("../../", import.meta.url));
const DIST = join(REPO, "dist");

/** The files under dist/, relative, with `/` separators. */
function distFiles(): string[] {
  return readdirSync(DIST, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => relative(DIST, join(entry.parentPath, entry.name)).replaceAll("\\", "/"));
}

describe("the bundled build", () => {
  it("holds the entry points, their chunks, tsc's declarations and the dashboard's page only", () => {
    const scripts = distFiles().filter((file) => file.endsWith(".js") && !file.startsWith("web/page/"));
    expect(scripts.filter((file) => !file.startsWith("chunks/")).sort()).toEqual([...ENTRY_POINTS].sort());
    expect(distFiles()).toContain("index.d.ts");
    expect(distFiles()).toContain("runtime/create-session.d.ts");
    expect(distFiles()).toContain("web/page/index.html");
    // The entry imports chunks and packages, no module of tsc's layout.
    const imports = [...readFileSync(join(DIST, "index.js"), "utf8").matchAll(/from "(\.[^"]+)"/g)];
    expect(imports.length).toBeGreaterThan(0);
    for (const [, specifier] of imports) expect(specifier).toMatch(/^\.\/chunks\//);
  });

  it("gives each module the URL it had in tsc's layout: what it finds by URL is there", () => {
    let rewritten = 0;
    for (const file of distFiles().filter((name) => name.endsWith(".js") && !name.startsWith("web/page/"))) {
      const text = readFileSync(join(DIST, file), "utf8");
      for (const [, modulePath] of text.matchAll(/new URL\("([^"]+)", import\.meta\.url\)\.href/g)) {
        rewritten++;
        const original = join(dirname(join(DIST, file)), modulePath);
        // The module's own declaration file is where its code was.
        expect(existsSync(original.replace(/\.js$/, ".d.ts")), `${file}: ${modulePath}`).toBe(true);
      }
    }
    expect(rewritten).toBeGreaterThan(0);
    // What the modules find from there: the dashboard's page, the command worker and the commands it
    // requires, the entries plugins import, the package's manifest.
    for (const neighbour of [
      "web/page/",
      "cli/command-worker.js",
      "cli/commands/run.js",
      "index.js",
      "testing/index.js",
    ]) {
      expect(existsSync(join(DIST, neighbour)), neighbour).toBe(true);
    }
  });

  it("reads the package's version from package.json (found by the module's URL)", () => {
    const { version } = JSON.parse(readFileSync(join(REPO, "package.json"), "utf8")) as { version: string };
    const printed = execFileSync(process.execPath, [join(DIST, "cli", "main.js"), "--version"], {
      encoding: "utf8",
    });
    expect(printed.trim()).toBe(version);
  }, 60_000);
});
