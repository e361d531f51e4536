// `scanwright validate CONFIG`: loads a session config the way a run would (schema, files, universes,
// indicators) and says whether it is usable: `CONFIG: ok (N scanners, M symbols)` and any warnings,
// or every problem, one per line, with exit code 2.

import type { Command } from "commander";
import { type LoadedSessionConfig, loadSessionConfig } from "../../config/load-session-config.js";
import type { CliIO } from "../cli-io.js";
import type { CommandRegistrar } from "../program.js";

export const registerValidateCommand: CommandRegistrar = (program: Command, io: CliIO) => {
  program
    .command("validate")
    .description("check a session config: schema, plugin and universe files, indicators; print every problem")
    .argument("<config>", "session config file (YAML)")
    .addHelpText("after", "\nExample:\n  scanwright validate configs/demo.yaml\n")
    .action((config: string) => runValidate(io, config));
};

function runValidate(io: CliIO, configPath: string): void {
  const loaded = loadSessionConfig(configPath, { cwd: io.cwd });
  const enabled = loaded.scanners.filter((scanner) => scanner.enabled);
  io.stdout.write(
    `${configPath}: ok (${count(enabled.length, "scanner")}, ${count(symbolCount(loaded), "symbol")})\n`,
  );
  for (const warning of loaded.warnings) io.stderr.write(`warning: ${warning}\n`);
}

/** Distinct symbols the session will touch: its own symbols and every enabled scanner's universe. */
function symbolCount(loaded: LoadedSessionConfig): number {
  const symbols = new Set(loaded.config.session_data.symbols);
  for (const scanner of loaded.scanners) {
    if (scanner.enabled) for (const symbol of scanner.universe) symbols.add(symbol);
  }
  return symbols.size;
}

function count(value: number, noun: string): string {
  return `${value} ${noun}${value === 1 ? "" : "s"}`;
}
