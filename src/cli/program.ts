// Builds the `scanwright` command tree. Each command lives in its own file under commands/.

import { Command, CommanderError } from "commander";
import type { CliIO } from "./cli-io.js";
import { CommandExit, EXIT_BAD_INPUT, EXIT_OK, exitCodeFor } from "./exit-codes.js";
import { packageVersion } from "./package-version.js";
import { reportError } from "./report-error.js";

/** What a command registrar receives: the program to attach to and the IO to use. */
export type CommandRegistrar = (program: Command, io: CliIO) => void;

export function buildProgram(io: CliIO, registrars: readonly CommandRegistrar[]): Command {
  const program = new Command("scanwright")
    .description("A plugin-based market scanner framework")
    .version(packageVersion(), "-V, --version", "print the version of scanwright")
    .option("--verbose", "print stack traces with errors")
    .configureOutput({
      writeOut: (text) => io.stdout.write(text),
      writeErr: (text) => io.stderr.write(text),
    })
    .exitOverride()
    .showHelpAfterError("(run with --help for usage)")
    .addHelpText(
      "after",
      "\nExamples:\n" +
        "  scanwright demo --if-empty\n" +
        "  scanwright run configs/demo.yaml\n" +
        "  scanwright results --runs\n" +
        "  scanwright help run\n" +
        "\nExit codes: 0 success, 1 runtime failure, 2 bad input, 3 a backtest in which a scanner had no bars on some day.\n" +
        "A plugin hook that throws or times out is isolated: journaled (status error or timeout), counted\n" +
        "in the summary, and the run goes on; it does not change the exit code. Exit 1 means the command\n" +
        "itself could not go on (a store or journal failing, a bug): a run is then marked failed.\n",
    );
  for (const register of registrars) register(program, io);
  return program;
}

/** Runs the CLI with `argv` (without node and script) and returns the exit code; never throws. */
export async function runCli(
  io: CliIO,
  argv: readonly string[],
  registrars: readonly CommandRegistrar[],
): Promise<number> {
  const program = buildProgram(io, registrars);
  try {
    await program.parseAsync([...argv], { from: "user" });
    return EXIT_OK;
  } catch (error) {
    if (error instanceof CommanderError) {
      // Help and version requests exit 0; usage mistakes were already printed by commander.
      return error.exitCode === 0 ? EXIT_OK : EXIT_BAD_INPUT;
    }
    if (error instanceof CommandExit) return error.exitCode;
    reportError(io, error, program.opts().verbose === true);
    return exitCodeFor(error);
  }
}
