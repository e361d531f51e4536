// Exit codes of the `scanwright` command and how an error maps onto them: 0 success, 1 a runtime
// failure (a store or journal that cannot be read or written, a bug: the command could not go on),
// 2 bad input (a bad argument or flag, a config, universe, plugin or CSV file that does not hold up),
// 3 a backtest that ran to its end but in which a scanner had no bars of any symbol on some day
// (its warnings name the scanners and days; the journal holds the run). A plugin hook that fails
// is not an error here: the ScannerManager isolates it (journaled with status error or timeout,
// counted in the summary) and it does not change the exit code.
// The mapping is by error code. A mistake only the command can recognize as the user's (a file
// named on the command line that does not exist, a symbol the store has never seen, files a
// command refuses to overwrite) is thrown by that command as a UsageError, so it exits 2 too.

import { type ErrorCode, isScanwrightError } from "../core/errors.js";

export const EXIT_OK = 0;
export const EXIT_RUNTIME_FAILURE = 1;
export const EXIT_BAD_INPUT = 2;
export const EXIT_NO_BARS = 3;

/**
 * Ends a command with `exitCode` after it has printed all it had to say (a completed run with
 * warnings): not an error, so nothing more is printed.
 */
export class CommandExit extends Error {
  constructor(
    readonly exitCode: number,
    reason: string,
  ) {
    super(reason);
    this.name = "CommandExit";
  }
}

/** Error codes that mean the user gave bad input (exit 2); everything else is a runtime failure (exit 1). */
const BAD_INPUT_CODES: ReadonlySet<ErrorCode> = new Set<ErrorCode>([
  "SCN_ERR_INTERVAL",
  "SCN_ERR_SYMBOL",
  "SCN_ERR_UNIVERSE",
  "SCN_ERR_CALENDAR",
  "SCN_ERR_IMPORT",
  "SCN_ERR_INDICATOR",
  "SCN_ERR_CONFIG",
  "SCN_ERR_PLUGIN",
  "SCN_ERR_SCHEDULE",
  "SCN_ERR_USAGE",
]);

export function exitCodeFor(error: unknown): number {
  return isScanwrightError(error) && BAD_INPUT_CODES.has(error.code) ? EXIT_BAD_INPUT : EXIT_RUNTIME_FAILURE;
}
