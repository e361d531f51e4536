// cron-parser, loaded by the first cron expression parsed rather than by every process that could
// parse one: it brings luxon with it, and most sessions schedule their scanners by session times.
// The package is CommonJS, so Node's require loads it synchronously on first use (and keeps it).

import { createRequire } from "node:module";
import type { CronExpressionParser as Parser } from "cron-parser";

const requireHere = createRequire(import.meta.url);

/** cron-parser's `CronExpressionParser`. */
export function cronExpressionParser(): typeof Parser {
  return (requireHere("cron-parser") as typeof import("cron-parser")).CronExpressionParser;
}
