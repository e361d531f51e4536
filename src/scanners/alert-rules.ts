// The `when` rules of a scanner's alerts, applied slot by slot over a trading day: `new` alerts
// the symbols not among the scanner's earlier hits that day, `every` every hit, `changes` the
// symbols that entered (and lists those that left) since the previous slot. A symbol is alerted
// again only `minIntervalMs` after its last alert. Only scan rows whose hook succeeded (`ok`) are
// observations; slots inside quiet hours are left out entirely (a symbol first seen then is still
// `new` afterwards). Deterministic: replaying a day's journaled rows rebuilds the same state, which
// is how a restarted daemon continues the day.

import { newYorkMinuteOfDay } from "../core/new-york-time.js";
import type { NotifyPolicy, QuietPeriod } from "./alert-types.js";
import { SCAN_KINDS } from "./journal-types.js";

/** What the rules remember of one scanner's day. */
export interface DayAlertState {
  /** Symbols of earlier observed slots. */
  readonly seen: Set<string>;
  /** The previous observed slot's symbols (`undefined` before the first). */
  previous: readonly string[] | undefined;
  /** The last alert of each symbol (slot time). */
  readonly lastAlertAt: Map<string, number>;
}

export interface RuleInput {
  readonly kind: string;
  readonly status: string;
  readonly scheduledAt: number;
  readonly symbols: readonly string[];
}

export interface RuleOutcome {
  /** The symbols alerted, in the slot's result order. */
  readonly alerted: readonly string[];
  /** Symbols that left since the previous slot (`changes` only). */
  readonly left: readonly string[];
}

export function newDayAlertState(): DayAlertState {
  return { seen: new Set(), previous: undefined, lastAlertAt: new Map() };
}

/** Minutes since local midnight of an instant, in the exchange's time zone (09:30 → 570). */
export type MinuteOfDay = (time: number) => number;

/** Applies the policy's rule to one row, updating `state`; the alert to send, if any. */
export function applyAlertRule(
  policy: NotifyPolicy,
  state: DayAlertState,
  row: RuleInput,
  minuteOfDay: MinuteOfDay = newYorkMinuteOfDay,
): RuleOutcome | undefined {
  if (row.status !== "ok" || !SCAN_KINDS.includes(row.kind as never)) return undefined;
  if (inQuietHours(policy.quietHours, row.scheduledAt, minuteOfDay)) return undefined;
  const at = row.scheduledAt;
  const unique = [...new Set(row.symbols)];
  const dueAgain = (symbol: string): boolean => {
    const last = state.lastAlertAt.get(symbol);
    return last === undefined || at - last >= policy.minIntervalMs;
  };
  let candidates: string[];
  let left: string[] = [];
  if (policy.rule === "every") {
    candidates = unique;
  } else if (policy.rule === "new") {
    candidates = unique.filter((symbol) => !state.seen.has(symbol));
  } else {
    const previous = new Set(state.previous ?? []);
    const current = new Set(unique);
    candidates = unique.filter((symbol) => !previous.has(symbol));
    left = (state.previous ?? []).filter((symbol) => !current.has(symbol));
  }
  const alerted = candidates.filter(dueAgain);
  for (const symbol of unique) state.seen.add(symbol);
  state.previous = unique;
  for (const symbol of alerted) state.lastAlertAt.set(symbol, at);
  if (alerted.length === 0 && left.length === 0) return undefined;
  return { alerted, left };
}

/** Whether the exchange's time of day of `at` (New York by default) falls in one of the periods. */
export function inQuietHours(
  periods: readonly QuietPeriod[],
  at: number,
  minuteOfDay: MinuteOfDay = newYorkMinuteOfDay,
): boolean {
  if (periods.length === 0) return false;
  const minute = minuteOfDay(at);
  return periods.some((period) =>
    period.startMinute < period.endMinute
      ? minute >= period.startMinute && minute < period.endMinute
      : minute >= period.startMinute || minute < period.endMinute,
  );
}
