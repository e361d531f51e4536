// The exchange a run was made on, as the run recorded it in its params (backtests and daemons record
// `exchange` since readers show a run's times on that exchange's clock). Older runs have none.

import type { RunInfo } from "./journal-types.js";

/** The MIC in the run's params, or `undefined` (an older run, or params without one). */
export function runExchange(run: RunInfo | undefined): string | undefined {
  const params = run?.params;
  if (typeof params !== "object" || params === null) return undefined;
  const { exchange } = params as { exchange?: unknown };
  return typeof exchange === "string" ? exchange : undefined;
}
