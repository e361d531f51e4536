// Cron slots of one trading day. The expression is evaluated with cron-parser in the exchange's
// time zone from the pre-market start to the close (both included), always with an explicit
// `currentDate`, so the answer depends only on the session and never on when it is computed.
// Cron knows no holidays or early closes: the caller only asks for trading days, and the close
// bounds the day. Evaluating 04:00–close also keeps cron-parser away from the 02:00 DST gap.

import { CronExpressionParser } from "cron-parser";
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

function parseCron(
  expression: string,
  scanner: string,
  options: { currentDate: Date; endDate?: Date; tz: string },
): ReturnType<typeof CronExpressionParser.parse> {
  try {
    return CronExpressionParser.parse(expression, options);
  } catch (error) {
    throw new ScheduleError(
      `scanner "${scanner}" has cron "${expression}", which is not a cron expression (${error instanceof Error ? error.message : String(error)})`,
      { cause: error, location: { path: "cron" } },
    );
  }
}
