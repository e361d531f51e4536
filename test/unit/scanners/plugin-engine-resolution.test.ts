// When a compiled plugin needs no resolve hook: Node's own resolution of `scanwright` and
// `scanwright/testing` from the plugin's file must land on the very files the engine runs. Each
// case builds a small tree (an engine package, projects that reach it or another copy) and
// compares the answer with what Node itself resolves there (`import.meta.resolve` of a module
// written into the tree), so the rule can only say "no hook needed" where Node agrees.

import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, realpathSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { nodeResolvesToEngine } from "../../../src/scanners/plugin-engine-resolution.js";

const root = realpathSync(mkdtempSync(join(tmpdir(), "scanwright-engine-resolution-")));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const EXPORTS = {
  ".": { types: "./dist/index.d.ts", default: "./dist/index.js" },
  "./testing": { types: "./dist/testing/index.d.ts", default: "./dist/testing/index.js" },
};

function write(path: string, text: string): string {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, text);
  return path;
}

/** A package folder named `name` with `exports` and the two entry files. */
function makePackage(folder: string, exports: unknown = EXPORTS, name = "scanwright"): string {
  write(join(folder, "package.json"), JSON.stringify({ name, type: "module", exports }));
  write(join(folder, "dist", "index.js"), "export const copy = 1;\n");
  write(join(folder, "dist", "testing", "index.js"), "export const copy = 1;\n");
  return folder;
}

const ENGINE_ROOT = makePackage(join(root, "engine"));
const ENGINE = {
  scanwright: pathToFileURL(join(ENGINE_ROOT, "dist", "index.js")).href,
  "scanwright/testing": pathToFileURL(join(ENGINE_ROOT, "dist", "testing", "index.js")).href,
};

/** A plugin file at `path` (its own imports do not matter to the rule). */
function plugin(path: string): string {
  return write(path, "export default {};\n");
}

/** What Node itself resolves `scanwright` and `scanwright/testing` to from `file`'s folder, or null. */
function nodeAnswer(file: string): Record<string, string | null> {
  const probe = write(
    join(dirname(file), `resolve-probe-${Math.random().toString(36).slice(2)}.mjs`),
    `const out = {};
for (const s of ["scanwright", "scanwright/testing"]) {
  try { out[s] = import.meta.resolve(s); } catch { out[s] = null; }
}
process.stdout.write(JSON.stringify(out));
`,
  );
  try {
    return JSON.parse(
      execFileSync(process.execPath, [probe], { encoding: "utf8", env: { PATH: process.env.PATH ?? "" } }),
    );
  } finally {
    rmSync(probe);
  }
}

/** The rule's answer, checked against Node's: true only where Node lands on the engine's files. */
function decide(file: string, flags: readonly string[] = []): boolean {
  const answer = nodeResolvesToEngine(file, ENGINE, flags);
  if (answer) expect(nodeAnswer(file)).toEqual(ENGINE);
  return answer;
}

describe("nodeResolvesToEngine", () => {
  it("is true for a plugin inside the engine's own package (self-reference), in any subfolder", () => {
    expect(decide(plugin(join(ENGINE_ROOT, "scanners", "a.js")))).toBe(true);
    expect(decide(plugin(join(ENGINE_ROOT, "deep", "er", "b.mjs")))).toBe(true);
  });

  it("is true for a project whose node_modules/scanwright is the engine's package (a link to it)", () => {
    const project = join(root, "linked");
    write(join(project, "package.json"), '{ "name": "my-scanners", "type": "module" }');
    mkdirSync(join(project, "node_modules"), { recursive: true });
    symlinkSync(ENGINE_ROOT, join(project, "node_modules", "scanwright"), "dir");
    expect(decide(plugin(join(project, "scanners", "c.js")))).toBe(true);
    // A nested package without node_modules of its own finds the same folder further up.
    write(join(project, "sub", "package.json"), '{ "type": "module" }');
    expect(decide(plugin(join(project, "sub", "d.js")))).toBe(true);
  });

  it("is false for a project with its own copy of scanwright, even an identical one", () => {
    const project = join(root, "copied");
    write(join(project, "package.json"), '{ "name": "my-scanners", "type": "module" }');
    makePackage(join(project, "node_modules", "scanwright"));
    const file = plugin(join(project, "e.js"));
    expect(decide(file)).toBe(false);
    expect(nodeAnswer(file).scanwright).toBe(
      pathToFileURL(join(project, "node_modules", "scanwright", "dist", "index.js")).href,
    );
  });

  it("is false where Node finds no scanwright at all", () => {
    const file = plugin(join(root, "alone", "f.js"));
    expect(nodeAnswer(file)).toEqual({ scanwright: null, "scanwright/testing": null });
    expect(decide(file)).toBe(false);
  });

  it("is false for a nearer copy inside a project that links the engine further up", () => {
    const project = join(root, "nested");
    mkdirSync(join(project, "node_modules"), { recursive: true });
    symlinkSync(ENGINE_ROOT, join(project, "node_modules", "scanwright"), "dir");
    makePackage(join(project, "lib", "node_modules", "scanwright"));
    expect(decide(plugin(join(project, "lib", "g.js")))).toBe(false);
    expect(decide(plugin(join(project, "h.js")))).toBe(true);
  });

  it("is false when the package scope is named scanwright but is another package", () => {
    const other = makePackage(join(root, "impostor"));
    expect(decide(plugin(join(other, "i.js")))).toBe(false);
  });

  it("follows a scope named scanwright without exports on to node_modules, as Node does", () => {
    const project = join(root, "no-exports");
    write(join(project, "package.json"), '{ "name": "scanwright", "type": "module" }');
    mkdirSync(join(project, "node_modules"), { recursive: true });
    symlinkSync(ENGINE_ROOT, join(project, "node_modules", "scanwright"), "dir");
    expect(decide(plugin(join(project, "j.js")))).toBe(true);
  });

  it("is false when the engine itself runs from a path through a link (Node would key it apart)", () => {
    const link = join(root, "engine-link");
    symlinkSync(ENGINE_ROOT, link, "dir");
    const throughLink = {
      scanwright: pathToFileURL(join(link, "dist", "index.js")).href,
      "scanwright/testing": pathToFileURL(join(link, "dist", "testing", "index.js")).href,
    };
    const file = plugin(join(ENGINE_ROOT, "scanners", "n.js"));
    expect(nodeResolvesToEngine(file, throughLink, [])).toBe(false);
    expect(nodeResolvesToEngine(file, ENGINE, [])).toBe(true);
  });

  it("is false under flags that change resolution or add loaders", () => {
    const file = plugin(join(ENGINE_ROOT, "scanners", "k.js"));
    for (const flags of [
      ["--conditions=development"],
      ["-C", "development"],
      ["--import", "tsx"],
      ["--loader=ts-node/esm"],
      ["--experimental-loader", "x.mjs"],
      ["--preserve-symlinks"],
      ["--preserve-symlinks-main"],
    ]) {
      expect({ flags, answer: nodeResolvesToEngine(file, ENGINE, flags) }).toEqual({ flags, answer: false });
    }
    expect(nodeResolvesToEngine(file, ENGINE, ["--expose-gc", "--max-semi-space-size=4"])).toBe(true);
  });

  it("is false for exports it does not follow to the end (nested conditions, arrays, patterns)", () => {
    const shapes = [
      { ".": { node: { import: "./dist/index.js" } }, "./testing": "./dist/testing/index.js" },
      { ".": ["./dist/index.js"], "./testing": "./dist/testing/index.js" },
      { ".": "./dist/index.js", "./*": "./dist/*/index.js" },
      { ".": "./dist/index.js", import: "./dist/index.js" },
    ];
    shapes.forEach((exports, i) => {
      const project = join(root, `shape-${i}`);
      mkdirSync(project, { recursive: true });
      makePackage(join(project, "node_modules", "scanwright"), exports);
      const engine = {
        scanwright: pathToFileURL(join(project, "node_modules", "scanwright", "dist", "index.js")).href,
        "scanwright/testing": pathToFileURL(
          join(project, "node_modules", "scanwright", "dist", "testing", "index.js"),
        ).href,
      };
      expect({ i, answer: nodeResolvesToEngine(plugin(join(project, "l.js")), engine, []) }).toEqual({
        i,
        answer: false,
      });
    });
  });

  it("reads flat condition objects in their order, under Node's default conditions", () => {
    const project = join(root, "conditions");
    const folder = makePackage(join(project, "node_modules", "scanwright"), {
      ".": {
        types: "./x.d.ts",
        require: "./dist/other.cjs",
        import: "./dist/index.js",
        default: "./dist/other.js",
      },
      "./testing": "./dist/testing/index.js",
    });
    write(join(folder, "dist", "other.js"), "export const copy = 2;\n");
    const engine = {
      scanwright: pathToFileURL(join(folder, "dist", "index.js")).href,
      "scanwright/testing": pathToFileURL(join(folder, "dist", "testing", "index.js")).href,
    };
    const file = plugin(join(project, "m.js"));
    expect(nodeResolvesToEngine(file, engine, [])).toBe(true);
    expect(nodeAnswer(file)).toEqual(engine);
  });
});
