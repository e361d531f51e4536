// Forward-return horizons: how long after a hit its return is measured. `Nm` is N minutes of the
// hit's session (cut at its close), `close` is that session's close, `Nd` the close N sessions later
// on the exchange calendar. Parsed once from text (`5m,15m,close,1d`); a bad one is a UsageError.

import { UsageError } from "../core/errors.js";

export type Horizon =
  | { readonly label: string; readonly kind: "minutes"; readonly minutes: number }
  | { readonly label: string; readonly kind: "close" }
  | { readonly label: string; readonly kind: "days"; readonly days: number };

export const DEFAULT_HORIZON_TEXT = "5m,15m,30m,60m,close,1d,5d";
/** The horizon `scanwright run` reports its edge at. */
export const SUMMARY_HORIZON_TEXT = "close";

/** A regular session is 390 minutes; longer intraday horizons would always stop at the close. */
const MAX_MINUTES = 390;
const MAX_DAYS = 260;

/** Parses one horizon: `5m`, `90m`, `close`, `1d`, `5d`. */
export function parseHorizon(text: string): Horizon {
  const trimmed = text.trim().toLowerCase();
  if (trimmed === "close") return { label: "close", kind: "close" };
  const match = /^(\d+)([md])$/.exec(trimmed);
  const amount = match ? Number(match[1]) : Number.NaN;
  if (match && match[2] === "m" && amount >= 1 && amount <= MAX_MINUTES) {
    return { label: `${amount}m`, kind: "minutes", minutes: amount };
  }
  if (match && match[2] === "d" && amount >= 1 && amount <= MAX_DAYS) {
    return { label: `${amount}d`, kind: "days", days: amount };
  }
  throw new UsageError(
    `${JSON.stringify(text)} is not a horizon: use Nm (1..${MAX_MINUTES} minutes), close, or Nd (1..${MAX_DAYS} sessions)`,
  );
}

/** Parses a comma-separated list; duplicates are an error, order is kept. */
export function parseHorizons(text: string): Horizon[] {
  const horizons = text
    .split(",")
    .filter((part) => part.trim() !== "")
    .map(parseHorizon);
  if (horizons.length === 0) throw new UsageError("No horizon given (e.g. 5m,15m,close,1d)");
  const seen = new Set<string>();
  for (const horizon of horizons) {
    if (seen.has(horizon.label)) throw new UsageError(`Horizon ${horizon.label} is listed twice`);
    seen.add(horizon.label);
  }
  return horizons;
}
