// One engine, one `scanwright`: a plugin's own import of the package is the module the engine runs,
// for .ts, .mts, .js and .mjs plugins alike, so `instanceof` and `isScanwrightError` agree on the
// engine's errors. Checked in this test process (where "scanwright" is src/, vitest.config.ts), in
// a child process on the engine's sources run by tsx, and in a child process on the build, as
// `scanwright run` loads plugins: from the repository root (whose tsconfig.json maps "scanwright"
// to src/) and from a plugin folder outside it whose tsconfig.json extends the repository's, or
// that is a CommonJS package. The same from every working directory: no tsconfig applies to
// plugins, and TypeScript plugins are ES modules. tsx's loader is registered only once a TypeScript
// plugin loads: compiled plugins share the engine through the resolve hook alone, and need not even
// that where Node's own resolution gives them the engine's files (inside the package, or in a
// project that links it), while a project's own copy of the package is not what they get.
// (test/e2e/packed-package.test.ts runs the same probe in a project that installed the package.)

import { execFileSync } from "node:child_process";
import { copyFileSync, cpSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { loadScanner } from "../../../src/scanners/plugin-loader.js";
import type { ScannerSpec } from "../../../src/scanners/scanner-spec.js";
import { createTestSession, runHook } from "../../../src/testing/index.js";

const REPO = fileURLToPath(new URL("../../../", import.meta.url));
const IDENTITY = join(REPO, "test", "fixtures", "plugins", "identity");
const FILES = ["identity.ts", "identity.mts", "identity.js", "identity.mjs"];

/** What each plugin reports when the engine refuses its unknown indicator: all true, one code. */
const SHARED = {
  branded: true,
  indicatorError: true,
  scanwrightError: true,
  code: "SCN_ERR_INDICATOR",
};

const minute = (i: number) => ({
  time: Date.parse("2024-12-02T09:30:00-05:00") + i * 60_000,
  open: 100,
  high: 101,
  low: 99,
  close: 100,
  volume: 1_000,
});

/**
 * The probe (test/fixtures/plugins/identity/probe.mjs) in `cwd`: on the built engine, or with
 * `runner` (tsx's CLI) on whatever "scanwright" means there.
 */
function probe(
  cwd: string,
  plugins: readonly string[],
  runner: readonly string[] = [],
): Record<string, unknown> {
  const stdout = execFileSync(process.execPath, [...runner, join(IDENTITY, "probe.mjs"), ...plugins], {
    cwd,
    encoding: "utf8",
    env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "" },
  });
  return JSON.parse(stdout);
}

const everyFileShares = Object.fromEntries(FILES.map((file) => [file, SHARED]));

describe("a plugin's scanwright is the engine's", () => {
  const temp = mkdtempSync(join(tmpdir(), "scanwright-identity-"));
  afterAll(() => rmSync(temp, { recursive: true, force: true }));

  it("in this process, for every kind of plugin file", async () => {
    for (const file of FILES) {
      const spec = { plugin: join(IDENTITY, file), source: "test", config: {} } as unknown as ScannerSpec;
      const loaded = await loadScanner(spec);
      const session = createTestSession({
        bars: { AIG: { "1m": [0, 1, 2].map(minute) } },
        at: minute(3).time,
      });
      try {
        const result = await runHook(loaded.definition, {
          session,
          hook: "scan",
          universe: ["AIG"],
          state: undefined,
        });
        expect({ file, metadata: result.metadata }).toEqual({ file, metadata: SHARED });
      } finally {
        session.close();
      }
    }
  });

  it("in a child process on the build, from the repository root", () => {
    expect(
      probe(
        REPO,
        FILES.map((file) => join(IDENTITY, file)),
      ),
    ).toEqual(everyFileShares);
  }, 60_000);

  it("with the engine itself run from its TypeScript sources by tsx (as `npx tsx examples/embedding.ts`)", () => {
    // From the repository root tsx maps "scanwright" to src/index.ts (tsconfig.json paths), so
    // the engine is src/ compiled on the fly; the plugins must get that very engine, not dist/.
    const tsx = [join(REPO, "node_modules", "tsx", "dist", "cli.mjs")];
    const plugins = FILES.map((file) => join(IDENTITY, file));
    expect(probe(REPO, plugins, tsx)).toEqual(everyFileShares);
  }, 60_000);

  it("from a plugin folder outside the repository whose tsconfig extends the repository's", () => {
    // No node_modules here: "scanwright" can only be the engine's, through the loader's hooks.
    writeFileSync(join(temp, "package.json"), '{ "type": "module" }\n');
    writeFileSync(
      join(temp, "tsconfig.json"),
      JSON.stringify({ extends: join(REPO, "tsconfig.json"), compilerOptions: { strict: true } }),
    );
    for (const file of FILES) copyFileSync(join(IDENTITY, file), join(temp, file));
    expect(
      probe(
        temp,
        FILES.map((file) => join(temp, file)),
      ),
    ).toEqual(everyFileShares);
  }, 60_000);

  it("registers tsx only for a TypeScript plugin: compiled ones share the engine without it, and a .ts one after them still loads", () => {
    // No node_modules here: "scanwright" can only be the engine's, through the resolve hook alone.
    const folder = join(temp, "languages");
    mkdirSync(folder);
    writeFileSync(join(folder, "package.json"), '{ "type": "module" }\n');
    const order = ["identity.js", "identity.mjs", "identity.ts", "identity.mts"];
    for (const file of order) copyFileSync(join(IDENTITY, file), join(folder, file));
    const stdout = execFileSync(
      process.execPath,
      [join(IDENTITY, "probe.mjs"), "--loaders", ...order.map((file) => join(folder, file))],
      { cwd: folder, encoding: "utf8", env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "" } },
    );
    expect(JSON.parse(stdout)).toEqual([
      { file: "identity.js", metadata: SHARED, moduleHooks: true, typescriptLoader: false },
      { file: "identity.mjs", metadata: SHARED, moduleHooks: true, typescriptLoader: false },
      { file: "identity.ts", metadata: SHARED, moduleHooks: true, typescriptLoader: true },
      { file: "identity.mts", metadata: SHARED, moduleHooks: true, typescriptLoader: true },
    ]);
  }, 60_000);

  /** The probe with `--loaders` on copies of the compiled identity plugins in `folder`. */
  function compiledInOrder(folder: string): unknown {
    const order = ["identity.js", "identity.mjs"];
    for (const file of order) copyFileSync(join(IDENTITY, file), join(folder, file));
    const stdout = execFileSync(
      process.execPath,
      [join(IDENTITY, "probe.mjs"), "--loaders", ...order.map((file) => join(folder, file))],
      { cwd: folder, encoding: "utf8", env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "" } },
    );
    return JSON.parse(stdout);
  }

  it("loads compiled plugins inside the package without the module hooks: Node gives them the engine itself", () => {
    // The package's self-reference ("scanwright" from inside the repository is its dist/): the
    // same files the probe's engine runs, so no hooks thread is started, and one engine still.
    const inside = mkdtempSync(join(IDENTITY, "inside-"));
    try {
      expect(compiledInOrder(inside)).toEqual([
        { file: "identity.js", metadata: SHARED, moduleHooks: false, typescriptLoader: false },
        { file: "identity.mjs", metadata: SHARED, moduleHooks: false, typescriptLoader: false },
      ]);
    } finally {
      rmSync(inside, { recursive: true, force: true });
    }
  }, 60_000);

  it("loads compiled plugins of a project that links this package as node_modules/scanwright without the hooks", () => {
    const project = join(temp, "linked");
    mkdirSync(join(project, "node_modules"), { recursive: true });
    writeFileSync(join(project, "package.json"), '{ "name": "my-scanners", "type": "module" }\n');
    symlinkSync(REPO, join(project, "node_modules", "scanwright"), "dir");
    expect(compiledInOrder(project)).toEqual([
      { file: "identity.js", metadata: SHARED, moduleHooks: false, typescriptLoader: false },
      { file: "identity.mjs", metadata: SHARED, moduleHooks: false, typescriptLoader: false },
    ]);
  }, 60_000);

  it("gives compiled plugins of a project with its own copy of scanwright the engine's modules, through the hooks", () => {
    // The copy is the same build, file for file: without the hook the plugins would load it as a
    // second engine and its classes would not be the engine's.
    const project = join(temp, "own-copy");
    const copy = join(project, "node_modules", "scanwright");
    mkdirSync(copy, { recursive: true });
    writeFileSync(join(project, "package.json"), '{ "name": "my-scanners", "type": "module" }\n');
    copyFileSync(join(REPO, "package.json"), join(copy, "package.json"));
    cpSync(join(REPO, "dist"), join(copy, "dist"), { recursive: true });
    expect(compiledInOrder(project)).toEqual([
      { file: "identity.js", metadata: SHARED, moduleHooks: true, typescriptLoader: false },
      { file: "identity.mjs", metadata: SHARED, moduleHooks: true, typescriptLoader: false },
    ]);
  }, 60_000);

  it("loads TypeScript plugins as ES modules inside a CommonJS package too", () => {
    const commonjs = join(temp, "commonjs");
    mkdirSync(commonjs);
    writeFileSync(join(commonjs, "package.json"), '{ "type": "commonjs" }\n');
    const typescript = ["identity.ts", "identity.mts"];
    for (const file of typescript) copyFileSync(join(IDENTITY, file), join(commonjs, file));
    expect(
      probe(
        commonjs,
        typescript.map((file) => join(commonjs, file)),
      ),
    ).toEqual({
      "identity.ts": SHARED,
      "identity.mts": SHARED,
    });
  }, 60_000);
});
