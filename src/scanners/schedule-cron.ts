// Cron slots of one trading day. The expression is evaluated with cron-parser in the exchange's
// time zone from the pre-market start to the close (both included), always with an explicit
// `currentDate`, so the answer depends only on the session and never on when it is computed.
// Cron knows no holidays or early closes: the caller only asks for trading days, and the close
// bounds the day. Evaluating 04:00–close also keeps cron-parser away from the 02:00 DST gap.
// A schedule is no finer than the feed's 1-minute bars: a 6-field expression may name one second
// of the minute (`30 */5 * * * *`), never several (`* * * * * *` would be 43,200 slots a day, each
// seeing the same bars as the one before).

import type { CronExpression } from "cron-parser";
import { cronExpressionParser } from "../core/cron-expression-parser.js";
import { ScheduleError } from "../core/errors.js";
import type { TradingSession } from "../time/trading-session.js";

/** Fails with a ScheduleError naming the scanner when `expression` is not a cron expression. */
export function checkCronExpression(expression: string, scanner: string, timeZone: string): void {
  // Parsing alone needs no date, but cron-parser would fall back to the wall clock: pin it to 0.
  parseCron(expression, scanner, { currentDate: new Date(0), tz: timeZone });
}

/** The cron's fire times in [session.preMarketAt, session.closeAt], ascending. */
export function cronSlotTimes(
  expression: string,
  scanner: string,
  session: TradingSession,
  timeZone: string,
): number[] {
  const iterator = parseCron(expression, scanner, {
    currentDate: new Date(session.preMarketAt - 1), // next() is strictly after currentDate
    endDate: new Date(session.closeAt), // inclusive
    tz: timeZone,
  });
  const times: number[] = [];
  while (iterator.hasNext()) times.push(iterator.next().getTime());
  return times;
}

/**
 * Why a parsed expression fires more often than once a minute, or `undefined` when it does not:
 * its seconds field (always 0 for 5 fields) must hold exactly one second.
 */
export function subMinuteCronProblem(parsed: CronExpression): string | undefined {
  const seconds = parsed.fields.second.values;
  if (seconds.length <= 1) return undefined;
  return (
    `fires ${seconds.length} times a minute (seconds ${describeSeconds(seconds)}); ` +
    "a schedule can be no finer than the feed's 1-minute bars: give the seconds field one value " +
    '(e.g. "0 * * * * *") or use 5 fields'
  );
}

function describeSeconds(seconds: readonly number[]): string {
  const shown = seconds.slice(0, 4).join(",");
  return seconds.length > 4 ? `${shown},…` : shown;
}

function parseCron(
  expression: string,
  scanner: string,
  options: { currentDate: Date; endDate?: Date; tz: string },
): CronExpression {
  let parsed: CronExpression;
  try {
    parsed = cronExpressionParser().parse(expression, options);
  } catch (error) {
    throw new ScheduleError(
      `scanner "${scanner}" has cron "${expression}", which is not a cron expression (${error instanceof Error ? error.message : String(error)})`,
      { cause: error, location: { path: "cron" } },
    );
  }
  const tooFine = subMinuteCronProblem(parsed);
  if (tooFine !== undefined) {
    throw new ScheduleError(`scanner "${scanner}" has cron "${expression}", which ${tooFine}`, {
      location: { path: "cron" },
    });
  }
  return parsed;
}
