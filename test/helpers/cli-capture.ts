// A CliIO that records what a command writes, for running the CLI in-process in tests.

import { Writable } from "node:stream";
import type { CliIO } from "../../src/cli/cli-io.js";
import type { CommandRegistrar } from "../../src/cli/program.js";
import { runCli } from "../../src/cli/program.js";

export interface CapturedIO extends CliIO {
  /** Everything written to stdout so far. */
  stdoutText(): string;
  /** Everything written to stderr so far. */
  stderrText(): string;
}

export function captureIO(
  options: { cwd?: string; env?: NodeJS.ProcessEnv; isTTY?: boolean } = {},
): CapturedIO {
  const out: string[] = [];
  const err: string[] = [];
  const sink = (chunks: string[]) =>
    Object.assign(
      new Writable({
        write(chunk, _encoding, done) {
          chunks.push(String(chunk));
          done();
        },
      }),
      { isTTY: options.isTTY ?? false },
    );
  return {
    stdout: sink(out),
    stderr: sink(err),
    env: options.env ?? {},
    cwd: options.cwd ?? process.cwd(),
    stdoutText: () => out.join(""),
    stderrText: () => err.join(""),
  };
}

/** Runs `scanwright ARGS…` in-process with the given commands; returns the exit code and the output. */
export async function runCaptured(
  argv: readonly string[],
  registrars: readonly CommandRegistrar[],
  options: { cwd?: string; env?: NodeJS.ProcessEnv; isTTY?: boolean } = {},
): Promise<{ exitCode: number; stdout: string; stderr: string }> {
  const io = captureIO(options);
  const exitCode = await runCli(io, argv, registrars);
  return { exitCode, stdout: io.stdoutText(), stderr: io.stderrText() };
}
