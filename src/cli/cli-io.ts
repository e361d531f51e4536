// What a CLI command touches of the outside world, passed in so commands are testable in-process.

import type { CommandSupervision } from "./command-supervision.js";
import { EXIT_OK } from "./exit-codes.js";

export interface CliIO {
  readonly stdout: NodeJS.WritableStream & { isTTY?: boolean };
  readonly stderr: NodeJS.WritableStream & { isTTY?: boolean };
  readonly env: NodeJS.ProcessEnv;
  readonly cwd: string;
  /** Set when the command runs in a supervised worker thread (the built CLI's `run`, `daemon` and `validate`). */
  readonly supervision?: CommandSupervision;
}

export function processIO(): CliIO {
  return { stdout: process.stdout, stderr: process.stderr, env: process.env, cwd: process.cwd() };
}

/**
 * Output piped into a reader that stops early (`scanwright run CONFIG --json | head`) ends the
 * command quietly with exit 0 instead of an unhandled EPIPE error and its stack trace. Any other
 * stream error is thrown as before.
 */
export function endQuietlyOnClosedPipe(
  streams: readonly NodeJS.EventEmitter[],
  exit: (code: number) => void,
): void {
  for (const stream of streams) {
    stream.on("error", (error: NodeJS.ErrnoException) => {
      if (error.code !== "EPIPE") throw error;
      exit(EXIT_OK);
    });
  }
}
