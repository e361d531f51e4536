// `scanwright new-scanner NAME [--dir DIR]`: scaffolds a scanner in a project folder (DIR, default
// the working directory): `plugins/NAME.ts` (a working plugin to edit), `plugins/NAME.test.ts` (its
// vitest test, through scanwright/testing), `plugins/vitest.config.ts` (once: runs those tests
// whatever the project's own vitest config includes) and `configs/NAME.yaml` (a backtest of it over
// the demo market in `.scanwright/`). NAME is lower-case letters, digits and `-`, starting with a letter. Existing
// files are never overwritten: if any of the three exists nothing is written and the command exits
// 2 naming them. The plugin imports "scanwright" and "zod": a warning says so when they do not
// resolve from the folder (not installed there).

import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join, resolve } from "node:path";
import type { Command } from "commander";
import { UsageError } from "../../core/errors.js";
import type { CliIO } from "../cli-io.js";
import type { CommandRegistrar } from "../program.js";
import {
  configSource,
  pluginSource,
  pluginTestSource,
  scaffoldPaths,
  TEST_CONFIG_PATH,
  testCommand,
  testConfigSource,
} from "../scanner-templates.js";

export const SCANNER_NAME_PATTERN = /^[a-z][a-z0-9-]*$/;
const MAX_NAME_LENGTH = 64;

interface NewScannerOptions {
  dir?: string;
}

export const registerNewScannerCommand: CommandRegistrar = (program: Command, io: CliIO) => {
  program
    .command("new-scanner")
    .description("scaffold a scanner: plugins/NAME.ts, its test plugins/NAME.test.ts, and configs/NAME.yaml")
    .argument("<name>", "the scanner's name: lower-case letters, digits and '-', starting with a letter")
    .option("--dir <dir>", "the project folder to write into (default: the working directory)")
    .addHelpText(
      "after",
      "\nExamples:\n  scanwright new-scanner gap-up\n  scanwright new-scanner gap-up --dir ~/my-scanners\n",
    )
    .action((name: string, options: NewScannerOptions) => runNewScanner(io, name, options));
};

function runNewScanner(io: CliIO, name: string, options: NewScannerOptions): void {
  if (!SCANNER_NAME_PATTERN.test(name) || name.length > MAX_NAME_LENGTH) {
    throw new UsageError(
      `"${name}" is not a scanner name: use lower-case letters, digits and "-", starting with a letter ` +
        `(at most ${MAX_NAME_LENGTH} characters), e.g. gap-up`,
    );
  }
  const dirGiven = options.dir !== undefined && options.dir.trim() !== "";
  const projectDir = resolve(io.cwd, dirGiven ? options.dir! : ".");
  const relative = scaffoldPaths(name);
  const files = [
    {
      shown: relative.plugin,
      text: pluginSource(name),
      note: "the scanner: edit its criteria in scan (EDIT HERE)",
    },
    { shown: relative.test, text: pluginTestSource(name), note: `its test: ${testCommand(name)}` },
    { shown: relative.config, text: configSource(name), note: "a backtest of it over the demo market" },
  ].map((file) => ({
    ...file,
    path: join(projectDir, file.shown),
    // As the user would type it: under --dir as given, else relative to the working directory.
    shown: dirGiven ? join(options.dir!, file.shown) : file.shown,
  }));

  const existing = files.filter((file) => existsSync(file.path));
  if (existing.length > 0) {
    throw new UsageError(
      `new-scanner ${name} would overwrite ${existing.length === 1 ? "an existing file" : `${existing.length} existing files`}; nothing was written:\n` +
        existing.map((file) => `  ${file.shown}`).join("\n"),
    );
  }
  // The tests' vitest config is shared by every scanner scaffolded here: written once, kept after.
  const testConfig = join(projectDir, TEST_CONFIG_PATH);
  if (!existsSync(testConfig)) {
    files.push({
      shown: dirGiven ? join(options.dir!, TEST_CONFIG_PATH) : TEST_CONFIG_PATH,
      text: testConfigSource(),
      note: "runs the tests in plugins/ from any project",
      path: testConfig,
    });
  }
  for (const file of files) {
    mkdirSync(dirname(file.path), { recursive: true });
    writeFileSync(file.path, file.text, { flag: "wx" });
  }

  const width = Math.max(...files.map((file) => file.shown.length));
  const lines = [`Created scanner "${name}":`];
  for (const file of files) lines.push(`  ${file.shown.padEnd(width)}  ${file.note}`);
  lines.push("Next:");
  if (dirGiven) lines.push(`  cd ${options.dir}`);
  lines.push(
    `  ${testCommand(name)}`,
    "  scanwright demo --if-empty    # the demo market in .scanwright/, once",
    `  scanwright validate ${relative.config}`,
    `  scanwright run ${relative.config}`,
    `  scanwright results --scanner ${name}`,
  );
  io.stdout.write(`${lines.join("\n")}\n`);
  const missing = PLUGIN_IMPORTS.filter((pkg) => !resolvesFrom(projectDir, pkg));
  if (missing.length > 0) {
    io.stderr.write(
      `warning: the plugin imports ${missing.map((pkg) => `"${pkg}"`).join(" and ")}, not installed for ${projectDir}: ` +
        `npm install ${missing.join(" ")}\n`,
    );
  }
}

/** The packages the scaffolded plugin imports. */
const PLUGIN_IMPORTS = ["scanwright", "zod"] as const;

/** Whether `pkg` resolves from the plugins folder of `dir` (installed there or above). */
function resolvesFrom(dir: string, pkg: string): boolean {
  try {
    createRequire(join(dir, "plugins", "index.js")).resolve(pkg);
    return true;
  } catch {
    return false;
  }
}
