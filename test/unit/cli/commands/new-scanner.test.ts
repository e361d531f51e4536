// `scanwright new-scanner` scaffolds into a temporary project the way a user's would look (a
// package.json with "type": "module", scanwright, zod and vitest installed, here as links to this
// repository), then checks that what it wrote works: the config validates, the plugin loads, the
// built CLI backtests the config over a small demo market and `results` reads it back, the
// generated test passes under vitest and the generated files typecheck. Also: names are checked,
// existing files are never overwritten, and missing packages are warned about. The child processes
// run dist/ (rebuilt when stale by vitest's global setup, test/setup/build-dist.ts).

import { execFileSync } from "node:child_process";
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { registerNewScannerCommand } from "../../../../src/cli/commands/new-scanner.js";
import { loadSessionConfig } from "../../../../src/config/load-session-config.js";
import { loadScanner } from "../../../../src/scanners/plugin-loader.js";
import { runCaptured } from "../../../helpers/cli-capture.js";

const REPO = fileURLToPath(new URL("../../../../", import.meta.url));
const CLI = join(REPO, "dist", "cli", "main.js");
const commands = [registerNewScannerCommand];

/** Runs the built `scanwright` in `cwd`; returns its exit code and output. */
function scanwright(cwd: string, ...args: string[]): { exitCode: number; stdout: string; stderr: string } {
  return runNode(cwd, [CLI, ...args]);
}

function runNode(cwd: string, args: string[]): { exitCode: number; stdout: string; stderr: string } {
  // A clean environment: no VITEST_* variables of this test run leak into a child vitest.
  const env = { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "", NO_COLOR: "1" };
  try {
    const stdout = execFileSync(process.execPath, args, { cwd, env, encoding: "utf8", stdio: "pipe" });
    return { exitCode: 0, stdout, stderr: "" };
  } catch (error) {
    const failed = error as { status: number; stdout: string; stderr: string };
    return { exitCode: failed.status, stdout: failed.stdout, stderr: failed.stderr };
  }
}

/** A project folder as a user has it: package.json and the packages the scaffold imports. */
function makeProject(): string {
  const project = mkdtempSync(join(tmpdir(), "scanwright-new-scanner-"));
  writeFileSync(
    join(project, "package.json"),
    '{ "name": "my-scanners", "private": true, "type": "module" }\n',
  );
  mkdirSync(join(project, "node_modules"));
  symlinkSync(REPO, join(project, "node_modules", "scanwright"), "dir");
  for (const pkg of ["zod", "vitest"]) {
    symlinkSync(join(REPO, "node_modules", pkg), join(project, "node_modules", pkg), "dir");
  }
  mkdirSync(join(project, "node_modules", "@types"));
  symlinkSync(
    join(REPO, "node_modules", "@types", "node"),
    join(project, "node_modules", "@types", "node"),
    "dir",
  );
  return project;
}

/** Whether a `node_modules/PKG` folder sits in `dir` or one of its ancestors. */
function installedAbove(dir: string, pkg: string): boolean {
  for (let at = dir; ; at = dirname(at)) {
    if (existsSync(join(at, "node_modules", pkg))) return true;
    if (dirname(at) === at) return false;
  }
}

describe("scanwright new-scanner", () => {
  let project: string;
  beforeAll(() => {
    if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run \`npm run build\` first`);
    project = makeProject();
  });
  afterAll(() => rmSync(project, { recursive: true, force: true }));

  it("writes the plugin, its test and a config, and says what to do next", async () => {
    const result = await runCaptured(["new-scanner", "gap-up"], commands, { cwd: project });
    expect(result).toEqual({
      exitCode: 0,
      stderr: "",
      stdout: [
        'Created scanner "gap-up":',
        "  plugins/gap-up.ts         the scanner: edit its criteria in scan (EDIT HERE)",
        "  plugins/gap-up.test.ts    its test: npx vitest run --config plugins/vitest.config.ts gap-up",
        "  configs/gap-up.yaml       a backtest of it over the demo market",
        "  plugins/vitest.config.ts  runs the tests in plugins/ from any project",
        "Next:",
        "  npx vitest run --config plugins/vitest.config.ts gap-up",
        "  scanwright demo --if-empty    # the demo market in .scanwright/, once",
        "  scanwright validate configs/gap-up.yaml",
        "  scanwright run configs/gap-up.yaml",
        "  scanwright results --scanner gap-up",
        "",
      ].join("\n"),
    });
    const plugin = readFileSync(join(project, "plugins", "gap-up.ts"), "utf8");
    const test = readFileSync(join(project, "plugins", "gap-up.test.ts"), "utf8");
    expect(test).toContain(
      'import { createTestSession, runHook, type TestBar, type TestSession } from "scanwright/testing";',
    );
    expect(test).not.toContain("as unknown as");
    expect(plugin).toContain('import { defineScanner } from "scanwright";');
    expect(plugin).toContain('  name: "gap-up",');
    expect(plugin).toContain("EDIT HERE");
    for (const hook of ["configSchema:", "setup()", "scan(context)", "teardown(context)"]) {
      expect(plugin).toContain(hook);
    }
    const config = readFileSync(join(project, "configs", "gap-up.yaml"), "utf8");
    expect(config).toContain("store: ../.scanwright/bars.db");
    expect(config).toContain("universe: ../.scanwright/demo-universe.txt");
    expect(config).toContain("plugin: ../plugins/gap-up.ts");
    expect(config).toContain(
      "        min_price: 5\n        min_volume: 1000\n        min_percent_above: 3\n",
    );
  });

  it("gives a config that validates and a plugin that loads, over the demo market", async () => {
    const demo = scanwright(
      project,
      "demo",
      "--symbols",
      "10",
      "--days",
      "6",
      "--store",
      ".scanwright/bars.db",
    );
    expect(demo.exitCode).toBe(0);
    const loaded = loadSessionConfig("configs/gap-up.yaml", { cwd: project });
    expect(loaded.warnings).toEqual([]);
    expect(loaded.config.backtest).toEqual({ start: "2024-12-23", end: "2024-12-31" });
    expect(loaded.scanners.length).toBe(1);
    const [spec] = loaded.scanners;
    expect(spec.plugin).toBe(join(project, "plugins", "gap-up.ts"));
    expect(spec.universe.length).toBe(10);
    const scanner = await loadScanner(spec);
    expect(scanner.definition.name).toBe("gap-up");
    expect(scanner.config).toEqual({ min_price: 5, min_volume: 1000, min_percent_above: 3 });
    expect(typeof scanner.definition.setup).toBe("function");
    expect(typeof scanner.definition.teardown).toBe("function");
  });

  it("backtests with the built CLI, and results reads the run back", () => {
    const run = scanwright(project, "run", "configs/gap-up.yaml");
    expect(run.stderr).toBe("");
    expect(run.exitCode).toBe(0);
    const journal = join(project, ".scanwright", "journal.db");
    expect(run.stdout.split("\n")[0]).toBe(
      `Backtest "gap-up": 6 trading days 2024-12-23 → 2024-12-31, 67 scan slots, run 1 in ${journal}`,
    );
    // 6 days, 67 scans, no errors, timeouts or skipped slots, and some hits.
    const summary = run.stdout.split("\n")[2].trim().split(/\s+/);
    expect(summary.slice(0, 6)).toEqual(["gap-up", "6", "67", "0", "0", "0"]);
    expect(Number(summary[6])).toBeGreaterThan(0);

    const rows = scanwright(project, "results", "--scanner", "gap-up", "--json");
    expect(rows.exitCode).toBe(0);
    const parsed = rows.stdout
      .trim()
      .split("\n")
      .map((line) => JSON.parse(line));
    expect(parsed.length).toBe(67 + 6 + 6); // the scans, and a setup and a teardown per day
    expect(parsed.every((row) => row.status === "ok" && row.run === 1)).toBe(true);
  });

  it("writes a test that passes under vitest, and files that typecheck", () => {
    // The printed command, even though this project's own vitest config looks under test/ only.
    writeFileSync(
      join(project, "vitest.config.ts"),
      'export default { test: { include: ["test/**/*.test.ts"] } };\n',
    );
    const vitest = join(REPO, "node_modules", "vitest", "vitest.mjs");
    const tests = runNode(project, [vitest, "run", "--config", "plugins/vitest.config.ts", "gap-up"]);
    expect(tests.stderr).toBe("");
    expect(tests.exitCode).toBe(0);
    expect(tests.stdout).toMatch(/Tests\s+3 passed \(3\)/);
    // And from inside plugins/ as well.
    const inside = runNode(join(project, "plugins"), [
      vitest,
      "run",
      "--config",
      "vitest.config.ts",
      "gap-up",
    ]);
    expect(inside.exitCode).toBe(0);
    expect(inside.stdout).toMatch(/Tests\s+3 passed \(3\)/);
    // The project's own config finds nothing there: what the scaffold's config is for.
    expect(runNode(project, [vitest, "run", "plugins/gap-up.test.ts"]).exitCode).toBe(1);
    rmSync(join(project, "vitest.config.ts"));
    writeFileSync(
      join(project, "tsconfig.json"),
      JSON.stringify({
        compilerOptions: {
          target: "ES2022",
          module: "NodeNext",
          moduleResolution: "NodeNext",
          strict: true,
          noEmit: true,
          skipLibCheck: true,
          types: ["node"],
        },
        include: ["plugins"],
      }),
    );
    const typecheck = runNode(project, [join(REPO, "node_modules", "typescript", "bin", "tsc"), "-p", "."]);
    expect(typecheck).toEqual({ exitCode: 0, stdout: "", stderr: "" });
  }, 60_000); // two child processes (vitest, tsc): a few seconds each on a busy machine

  it("never overwrites: if any of its files exists it writes nothing and names them, exit 2", async () => {
    const edited = "// my own work\n";
    writeFileSync(join(project, "plugins", "gap-up.ts"), edited);
    rmSync(join(project, "plugins", "gap-up.test.ts"));
    const again = await runCaptured(["new-scanner", "gap-up"], commands, { cwd: project });
    expect(again).toEqual({
      exitCode: 2,
      stdout: "",
      stderr:
        "error SCN_ERR_USAGE: new-scanner gap-up would overwrite 2 existing files; nothing was written:\n" +
        "  plugins/gap-up.ts\n" +
        "  configs/gap-up.yaml\n",
    });
    expect(readFileSync(join(project, "plugins", "gap-up.ts"), "utf8")).toBe(edited);
    expect(existsSync(join(project, "plugins", "gap-up.test.ts"))).toBe(false);
  });

  it("writes under --dir, naming the files as the user would type them", async () => {
    const result = await runCaptured(["new-scanner", "dip2", "--dir", "more"], commands, { cwd: project });
    expect(result.exitCode).toBe(0);
    expect(result.stdout.split("\n").slice(0, 8)).toEqual([
      'Created scanner "dip2":',
      "  more/plugins/dip2.ts           the scanner: edit its criteria in scan (EDIT HERE)",
      "  more/plugins/dip2.test.ts      its test: npx vitest run --config plugins/vitest.config.ts dip2",
      "  more/configs/dip2.yaml         a backtest of it over the demo market",
      "  more/plugins/vitest.config.ts  runs the tests in plugins/ from any project",
      "Next:",
      "  cd more",
      "  npx vitest run --config plugins/vitest.config.ts dip2",
    ]);
    expect(existsSync(join(project, "more", "configs", "dip2.yaml"))).toBe(true);
  });

  it("refuses a name that is not lower-case letters, digits and '-' starting with a letter", async () => {
    for (const name of ["Gap", "1gap", "gap_up", "gap.up", "gap up", "a".repeat(65)]) {
      const result = await runCaptured(["new-scanner", name], commands, { cwd: project });
      expect(result).toEqual({
        exitCode: 2,
        stdout: "",
        stderr: `error SCN_ERR_USAGE: "${name}" is not a scanner name: use lower-case letters, digits and "-", starting with a letter (at most 64 characters), e.g. gap-up\n`,
      });
    }
  });

  it("warns when the packages the plugin imports are not installed", async () => {
    const bare = mkdtempSync(join(tmpdir(), "scanwright-new-scanner-bare-"));
    try {
      const result = await runCaptured(["new-scanner", "solo"], commands, { cwd: bare });
      expect(result.exitCode).toBe(0);
      // Nothing is installed in the folder itself; a node_modules above the temporary folder (some
      // machines have one in /tmp) can still provide a package, and then it is not missing.
      const missing = ["scanwright", "zod"].filter((pkg) => !installedAbove(bare, pkg));
      expect(missing).toContain("scanwright");
      expect(result.stderr).toBe(
        `warning: the plugin imports ${missing.map((pkg) => `"${pkg}"`).join(" and ")}, not installed for ${bare}: npm install ${missing.join(" ")}\n`,
      );
    } finally {
      rmSync(bare, { recursive: true, force: true });
    }
  });
});
