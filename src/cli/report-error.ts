// Prints an error the way the CLI promises: one clear line per problem, no stack trace unless
// --verbose. A scanwright error prints `error CODE: message` (a ConfigErrors message already holds
// one problem per line; an ImportError adds one line per bad row). Anything else (a bug, a plugin's
// own exception, a Node error) prints `error: message`, its further lines indented, without the
// stack. With --verbose the stack follows, and the stack of every `cause` behind it.

import { ImportError, isScanwrightError } from "../core/errors.js";
import type { CliIO } from "./cli-io.js";

export function reportError(io: CliIO, error: unknown, verbose: boolean): void {
  if (isScanwrightError(error)) {
    io.stderr.write(`error ${error.code}: ${error.message}\n`);
    if (error instanceof ImportError) {
      for (const problem of error.problems) io.stderr.write(`  line ${problem.line}: ${problem.reason}\n`);
    }
  } else {
    const message = error instanceof Error ? error.message : String(error);
    const [first, ...rest] = message.trim().split("\n");
    io.stderr.write(`error: ${[first || describe(error), ...rest.map((line) => `  ${line}`)].join("\n")}\n`);
  }
  if (!verbose) return;
  let current: unknown = error;
  for (let depth = 0; current instanceof Error && depth < 5; depth++) {
    if (current.stack) io.stderr.write(`${depth === 0 ? "" : "caused by: "}${current.stack}\n`);
    current = current.cause;
  }
}

/** What to print for an error without a message. */
function describe(error: unknown): string {
  return error instanceof Error ? `${error.name} (no message)` : "unknown error";
}
