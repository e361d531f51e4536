// Prints an error the way the CLI promises: one clear line per problem, no stack trace unless
// --verbose.

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
    io.stderr.write(`error: ${message}\n`);
  }
  if (verbose && error instanceof Error && error.stack) io.stderr.write(`${error.stack}\n`);
}
