// The package as a user gets it: `npm pack`, then a fresh project that installs the tarball. There
// the identity probe loads .ts, .mts, .js and .mjs plugins (each sees the engine's own "scanwright":
// brand and classes agree), the published declarations typecheck without skipLibCheck, the LICENSE
// ships, and a scanner scaffolded by the installed CLI passes its own test with the printed command.
//
// The install is offline-first (--prefer-offline: the npm cache holds the dependencies) and skips
// install scripts: better-sqlite3's would compile its native addon from source (its prebuilt
// download needs the network), a minute or more; the same version's addon, built in this checkout,
// is copied in instead. Everything else is exactly what npm installed from the tarball.

import { execFileSync } from "node:child_process";
import {
  copyFileSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const REPO = fileURLToPath(new URL("../../", import.meta.url));
const IDENTITY = join(REPO, "test", "fixtures", "plugins", "identity");
const PLUGIN_FILES = ["identity.ts", "identity.mts", "identity.js", "identity.mjs"];
const ENV = { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "", NO_COLOR: "1" };

interface Run {
  readonly exitCode: number;
  readonly stdout: string;
  readonly stderr: string;
}

function run(command: string, args: readonly string[], cwd: string): Run {
  try {
    const stdout = execFileSync(command, args, { cwd, env: ENV, encoding: "utf8", stdio: "pipe" });
    return { exitCode: 0, stdout, stderr: "" };
  } catch (error) {
    const failed = error as { status: number; stdout: string; stderr: string };
    return { exitCode: failed.status, stdout: failed.stdout, stderr: failed.stderr };
  }
}

const node = (args: readonly string[], cwd: string) => run(process.execPath, args, cwd);
const version = (dir: string): string => JSON.parse(readFileSync(join(dir, "package.json"), "utf8")).version;

describe("the packed package, installed into a fresh project", () => {
  const temp = mkdtempSync(join(tmpdir(), "scanwright-packed-"));
  const project = join(temp, "consumer");
  const installed = join(project, "node_modules", "scanwright");

  beforeAll(() => {
    const packed = run("npm", ["pack", "--json", "--pack-destination", temp], REPO);
    expect(packed.exitCode).toBe(0);
    const [{ filename }] = JSON.parse(packed.stdout) as Array<{ filename: string }>;
    mkdirSync(project);
    writeFileSync(
      join(project, "package.json"),
      `${JSON.stringify({ name: "consumer", private: true, type: "module", dependencies: { scanwright: `file:../${filename}` } }, null, 2)}\n`,
    );
    const install = run(
      "npm",
      ["install", "--prefer-offline", "--ignore-scripts", "--no-audit", "--no-fund"],
      project,
    );
    expect({
      exitCode: install.exitCode,
      stderr: install.stderr.split("\n").filter((line) => /ERR/.test(line)),
    }).toEqual({
      exitCode: 0,
      stderr: [],
    });
    const sqlite = join(project, "node_modules", "better-sqlite3");
    expect(version(sqlite)).toBe(version(join(REPO, "node_modules", "better-sqlite3")));
    mkdirSync(join(sqlite, "build", "Release"), { recursive: true });
    copyFileSync(
      join(REPO, "node_modules", "better-sqlite3", "build", "Release", "better_sqlite3.node"),
      join(sqlite, "build", "Release", "better_sqlite3.node"),
    );
  }, 300_000);
  afterAll(() => rmSync(temp, { recursive: true, force: true }));

  it("gives .ts, .mts, .js and .mjs plugins the engine's own scanwright", () => {
    mkdirSync(join(project, "plugins"), { recursive: true });
    for (const file of [...PLUGIN_FILES, "probe.mjs"]) {
      copyFileSync(join(IDENTITY, file), join(project, "plugins", file));
    }
    const probe = node(
      ["plugins/probe.mjs", ...PLUGIN_FILES.map((file) => join(project, "plugins", file))],
      project,
    );
    expect(probe.stderr).toBe("");
    const shared = { branded: true, indicatorError: true, scanwrightError: true, code: "SCN_ERR_INDICATOR" };
    expect(JSON.parse(probe.stdout)).toEqual(Object.fromEntries(PLUGIN_FILES.map((file) => [file, shared])));
  }, 60_000);

  it("has declarations a consumer's tsc checks without skipLibCheck", () => {
    writeFileSync(
      join(project, "consumer.ts"),
      [
        'import { createSession, defineScanner, isScanwrightError, type PluginSessionData, ScanJournal } from "scanwright";',
        'import { createTestSession, runHook } from "scanwright/testing";',
        'export const plugin = defineScanner({ name: "c", scan: (context) => ({ symbols: [...context.universe] }) });',
        'export const api: Array<keyof PluginSessionData> = ["addIndicator", "getBars"];',
        "export const used = [createSession, isScanwrightError, ScanJournal, createTestSession, runHook];",
        "",
      ].join("\n"),
    );
    writeFileSync(
      join(project, "tsconfig.json"),
      JSON.stringify({
        compilerOptions: {
          target: "ES2022",
          module: "NodeNext",
          moduleResolution: "NodeNext",
          strict: true,
          skipLibCheck: false,
          noEmit: true,
        },
        files: ["consumer.ts"],
      }),
    );
    const tsc = node([join(REPO, "node_modules", "typescript", "bin", "tsc"), "-p", "."], project);
    expect(tsc).toEqual({ exitCode: 0, stdout: "", stderr: "" });
  }, 120_000);

  it("ships the MIT LICENSE", () => {
    const license = readFileSync(join(installed, "LICENSE"), "utf8");
    expect(license.split("\n").slice(0, 3)).toEqual([
      "MIT License",
      "",
      "Copyright (c) 2026 scanwright contributors",
    ]);
    expect(JSON.parse(readFileSync(join(installed, "package.json"), "utf8")).license).toBe("MIT");
  });

  it("scaffolds a scanner whose test passes with the command new-scanner prints", () => {
    const cli = join(installed, "dist", "cli", "main.js");
    const scaffold = node([cli, "new-scanner", "gap-up"], project);
    expect(scaffold.exitCode).toBe(0);
    const command = scaffold.stdout
      .split("\n")
      .map((line) => line.trim())
      .find((line) => line.startsWith("npx vitest run"));
    expect(command).toBe("npx vitest run --config plugins/vitest.config.ts gap-up");
    // vitest as the user's project would have it (a dev dependency; linked from this checkout).
    symlinkSync(join(REPO, "node_modules", "vitest"), join(project, "node_modules", "vitest"), "dir");
    const args = command!.split(" ").slice(2); // after `npx vitest`
    const tests = node([join(project, "node_modules", "vitest", "vitest.mjs"), ...args], project);
    expect(tests.exitCode).toBe(0);
    expect(tests.stdout).toMatch(/Tests\s+3 passed \(3\)/);
  }, 120_000);
});
