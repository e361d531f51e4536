// The promises every `scanwright` command keeps: `--help` with an example, exit codes 0 / 1 / 2,
// and errors as one line per problem with no stack trace unless --verbose, whatever was thrown.

import type { Command } from "commander";
import { describe, expect, it } from "vitest";
import { commandRegistrars } from "../../../src/cli/commands/index.js";
import { buildProgram, type CommandRegistrar } from "../../../src/cli/program.js";
import { StoreError, UsageError } from "../../../src/core/errors.js";
import { captureIO, runCaptured } from "../../helpers/cli-capture.js";

/** A command `fail` that throws what `make` returns. */
function failing(make: () => unknown): CommandRegistrar {
  return (program: Command) => {
    program
      .command("fail")
      .option("--flag <value>", "a flag")
      .action(() => {
        throw make();
      });
  };
}

describe("scanwright --help", () => {
  const names = buildProgram(captureIO(), commandRegistrars).commands.map((command) => command.name());

  it("lists every command", () => {
    expect(names).toEqual(
      expect.arrayContaining(["run", "validate", "results", "new-scanner", "bars", "demo"]),
    );
  });

  it.each(names)("%s --help shows an example of that command", async (name) => {
    const result = await runCaptured([name, "--help"], commandRegistrars);
    expect(result.exitCode).toBe(0);
    expect(result.stderr).toBe("");
    expect(result.stdout.startsWith(`Usage: scanwright ${name} `)).toBe(true);
    expect(result.stdout).toMatch(new RegExp(`\\nExamples?:\\n  scanwright ${name}( |\\n)`));
  });

  it("shows examples and the exit codes at the top level", async () => {
    const result = await runCaptured(["--help"], commandRegistrars);
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toContain(
      "\nExamples:\n  scanwright demo --if-empty\n  scanwright run configs/demo.yaml\n",
    );
    expect(result.stdout).toContain(
      "\nExit codes: 0 success, 1 runtime failure, 2 bad input, 3 a backtest in which a scanner had no bars on some day.\n" +
        "A plugin hook that throws or times out is isolated: journaled (status error or timeout), counted\n" +
        "in the summary, and the run goes on; it does not change the exit code. Exit 1 means the command\n" +
        "itself could not go on (a store or journal failing, a bug): a run is then marked failed.\n",
    );
  });
});

describe("scanwright errors", () => {
  it("prints a thrown plain Error as one line without a stack, exit 1", async () => {
    const result = await runCaptured(
      ["fail"],
      [failing(() => new TypeError("Cannot read properties of undefined (reading 'close')"))],
    );
    expect(result).toEqual({
      exitCode: 1,
      stdout: "",
      stderr: "error: Cannot read properties of undefined (reading 'close')\n",
    });
  });

  it("prints the stack only with --verbose, before or after the command", async () => {
    for (const argv of [
      ["--verbose", "fail"],
      ["fail", "--verbose"],
    ]) {
      const result = await runCaptured(argv, [failing(() => new RangeError("out of range"))]);
      expect(result.exitCode).toBe(1);
      const lines = result.stderr.split("\n");
      expect(lines[0]).toBe("error: out of range");
      expect(lines[1]).toBe("RangeError: out of range");
      expect(lines[2]).toMatch(/^ {4}at /);
    }
  });

  it("with --verbose, follows the cause of a scanwright error", async () => {
    const result = await runCaptured(
      ["--verbose", "fail"],
      [failing(() => new StoreError("Bar store is locked", { cause: new Error("SQLITE_BUSY") }))],
    );
    expect(result.exitCode).toBe(1);
    expect(result.stderr.split("\n")[0]).toBe("error SCN_ERR_STORE: Bar store is locked");
    expect(result.stderr).toContain("\ncaused by: Error: SQLITE_BUSY\n");
  });

  it("indents the further lines of a multi-line message under the first", async () => {
    const result = await runCaptured(["fail"], [failing(() => new Error("first\nsecond"))]);
    expect(result.stderr).toBe("error: first\n  second\n");
  });

  it("prints a thrown value that is not an Error", async () => {
    expect((await runCaptured(["fail"], [failing(() => "plain text")])).stderr).toBe("error: plain text\n");
    expect((await runCaptured(["fail"], [failing(() => new Error(""))])).stderr).toBe(
      "error: Error (no message)\n",
    );
  });

  it("exits 2 for bad input and 1 for a runtime failure", async () => {
    const usage = await runCaptured(["fail"], [failing(() => new UsageError("--flag must be a number"))]);
    expect(usage).toEqual({
      exitCode: 2,
      stdout: "",
      stderr: "error SCN_ERR_USAGE: --flag must be a number\n",
    });
    const store = await runCaptured(["fail"], [failing(() => new StoreError("disk full"))]);
    expect(store).toEqual({ exitCode: 1, stdout: "", stderr: "error SCN_ERR_STORE: disk full\n" });
    const unknownOption = await runCaptured(["fail", "--nope"], [failing(() => new Error("not reached"))]);
    expect(unknownOption.exitCode).toBe(2);
    expect(unknownOption.stderr.split("\n")[0]).toBe("error: unknown option '--nope'");
    const unknownCommand = await runCaptured(["nope"], commandRegistrars);
    expect(unknownCommand.exitCode).toBe(2);
    expect(unknownCommand.stderr.split("\n")[0]).toBe("error: unknown command 'nope'");
  });
});
