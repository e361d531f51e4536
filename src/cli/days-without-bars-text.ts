// How `run` and `validate` word the days on which a scanner had no bars of any universe symbol:
// one warning per scanner, its days with runs of consecutive trading days shortened.

import type { DaysWithoutBars } from "../runtime/days-without-bars.js";
import { countOf } from "./text-table.js";

/** `scanner "x" had no bars of any universe symbol on 3 of 10 trading days: 2024-12-17 → 2024-12-19`. */
export function describeDaysWithoutBars(found: DaysWithoutBars, days: readonly string[]): string {
  return (
    `scanner "${found.scanner}" had no bars of any universe symbol on ${found.days.length} of ` +
    `${countOf(days.length, "trading day")}: ${formatDayRuns(found.days, days)}`
  );
}

/** `days` (in the order of `all`) with runs of days adjacent in `all` shortened: `A → C, E`. */
export function formatDayRuns(days: readonly string[], all: readonly string[]): string {
  const index = new Map(all.map((day, position) => [day, position]));
  const runs: string[] = [];
  let start = 0;
  for (let i = 1; i <= days.length; i++) {
    const continues = i < days.length && index.get(days[i]) === (index.get(days[i - 1]) ?? -2) + 1;
    if (continues) continue;
    runs.push(i - 1 === start ? days[start] : `${days[start]} → ${days[i - 1]}`);
    start = i;
  }
  return runs.join(", ");
}
