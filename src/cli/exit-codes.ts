// Exit codes of the `scanwright` command and how an error maps onto them.

import { type ErrorCode, isScanwrightError } from "../core/errors.js";

export const EXIT_OK = 0;
export const EXIT_RUNTIME_FAILURE = 1;
export const EXIT_BAD_INPUT = 2;

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
