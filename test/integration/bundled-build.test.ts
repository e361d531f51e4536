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

  it("bundles yaml, tsyringe and reflect-metadata in, and leaves zod, which plugins share, outside", () => {
    const scripts = distFiles().filter((file) => file.endsWith(".js") && !file.startsWith("web/page/"));
    // Every package a module imports or requires (not what a string in its code merely mentions).
    const packagesImported = new Set<string>();
    for (const file of scripts) {
      const text = readFileSync(join(DIST, file), "utf8");
      for (const [, specifier] of text.matchAll(
        /(?<=^|[\s;(,=])(?:from |import\(|import |require\()"([^".][^"]*)"/gm,
      )) {
        if (!specifier.startsWith("node:")) packagesImported.add(specifier.split("/")[0] as string);
      }
    }
    for (const bundled of ["yaml", "tsyringe", "reflect-metadata"])
      expect(packagesImported).not.toContain(bundled);
    expect(packagesImported).toContain("zod");
    // The bundled copies do the wiring: a session from the build, its container's decorated
    // classes resolved, with neither package loaded from node_modules.
    const script = `
      import { createRequire } from "node:module";
      const { createTestSession } = await import(${JSON.stringify(join(DIST, "testing", "index.js"))});
      const session = createTestSession({
        bars: { AIG: { "1m": [{ time: Date.parse("2024-12-02T09:30:00-05:00"), open: 1, high: 2, low: 1, close: 2, volume: 10 }] } },
        at: "2024-12-02T09:35:00-05:00",
      });
      // Built by the container: the coordinator and the session data injected into each other.
      const wired = typeof session.coordinator.startDay === "function" && typeof session.sessionData.getBars === "function";
      session.close();
      const loaded = Object.keys(createRequire(import.meta.url).cache)
        .filter((file) => ["tsyringe", "reflect-metadata", "yaml"].some((name) => file.includes("/node_modules/" + name + "/")));
      process.stdout.write(JSON.stringify({ wired, loaded }));
    `;
    const stdout = execFileSync(process.execPath, ["--input-type=module", "-e", script], {
      cwd: REPO,
      encoding: "utf8",
    });
    expect(JSON.parse(stdout)).toEqual({ wired: true, loaded: [] });
  }, 60_000);

  it("reads the package's version from package.json (found by the module's URL)", () => {
    const { version } = JSON.parse(readFileSync(join(REPO, "package.json"), "utf8")) as { version: string };
    const printed = execFileSync(process.execPath, [join(DIST, "cli", "main.js"), "--version"], {
      encoding: "utf8",
    });
    expect(printed.trim()).toBe(version);
  }, 60_000);
});
