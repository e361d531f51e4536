// `scanwright calendar FROM TO [--exchange MIC]`: an exchange's days between two dates, one line
// per trading day (its regular hours, breaks, early close or late open) and per holiday (closed,
// with its name), as aligned text or as JSON lines with the exchange's offset.

import type { Command } from "commander";
import { parseIsoDate, weekdayName } from "../../time/calendar-day.js";
import { loadCalendarOverrides } from "../../time/calendar-overrides.js";
import type { ExchangeCalendar } from "../../time/exchange-calendar.js";
import { calendarOf, MARKETS, marketDefinition } from "../../time/markets/index.js";
import type { TradingSession } from "../../time/trading-session.js";
import type { CliIO } from "../cli-io.js";
import type { CommandRegistrar } from "../program.js";

interface CalendarOptions {
  json?: boolean;
  overrides?: string;
  exchange: string;
}

export const registerCalendarCommand: CommandRegistrar = (program: Command, io: CliIO) => {
  program
    .command("calendar")
    .description(
      "list an exchange's trading days (with their sessions) and holidays from FROM to TO (inclusive)",
    )
    .argument("<from>", "first date, YYYY-MM-DD")
    .argument("<to>", "last date, YYYY-MM-DD")
    .option(
      "--exchange <mic>",
      `exchange calendar by ISO MIC or alias (${MARKETS.map((market) => market.mic).join(", ")})`,
      "XNYS",
    )
    .option(
      "--json",
      "one JSON object per line: date, open, close (ISO with offset), earlyClose, breaks; holidays as date, closed, holiday",
    )
    .option(
      "--overrides <file>",
      "YAML calendar overrides (closures, cancelClosures, earlyCloses, cancelEarlyCloses)",
    )
    .addHelpText(
      "after",
      "\nExamples:\n  scanwright calendar 2024-11-25 2024-12-06\n  scanwright calendar 2024-01-01 2024-12-31 --json\n  scanwright calendar 2025-04-28 2025-05-09 --exchange XTKS\n",
    )
    .action((from: string, to: string, options: CalendarOptions) => runCalendar(io, from, to, options));
};

function runCalendar(io: CliIO, from: string, to: string, options: CalendarOptions): void {
  const market = marketDefinition(options.exchange);
  const overrides =
    options.overrides === undefined ? {} : loadCalendarOverrides(options.overrides, { cwd: io.cwd, market });
  const calendar = calendarOf(market.mic, overrides);
  const holidays = new Map(calendar.holidays(from, to).map((holiday) => [holiday.date, holiday.name]));
  const dates = [...calendar.tradingDays(from, to), ...holidays.keys()].sort();
  const lines = dates.map((date) => {
    const holiday = holidays.get(date);
    if (holiday !== undefined) {
      return options.json
        ? JSON.stringify({ date, closed: true, holiday })
        : `${date}  ${shortWeekday(date)}  closed (${holiday})`;
    }
    const session = calendar.requireSession(date);
    return options.json ? formatJsonLine(calendar, session) : formatTextLine(calendar, session);
  });
  if (lines.length > 0) io.stdout.write(`${lines.join("\n")}\n`);
}

function formatJsonLine(calendar: ExchangeCalendar, session: TradingSession): string {
  return JSON.stringify({
    date: session.date,
    open: calendar.formatInstant(session.openAt),
    close: calendar.formatInstant(session.closeAt),
    earlyClose: session.earlyClose,
    ...(session.lateOpen ? { lateOpen: true } : {}),
    ...(session.breaks.length > 0
      ? {
          breaks: session.breaks.map((pause) => ({
            start: calendar.formatInstant(pause.startAt),
            end: calendar.formatInstant(pause.endAt),
          })),
        }
      : {}),
  });
}

/** `2024-11-29  Fri  09:30–13:00  early close (Day after Thanksgiving)`; `09:00–11:30, 12:30–15:30` with a break. */
function formatTextLine(calendar: ExchangeCalendar, session: TradingSession): string {
  const stretches: string[] = [];
  let from = session.openAt;
  for (const pause of session.breaks) {
    stretches.push(`${wallTime(calendar, from, session)}–${wallTime(calendar, pause.startAt, session)}`);
    from = pause.endAt;
  }
  stretches.push(`${wallTime(calendar, from, session)}–${wallTime(calendar, session.closeAt, session)}`);
  let line = `${session.date}  ${shortWeekday(session.date)}  ${stretches.join(", ")}`;
  if (session.lateOpen) line += `  late open (${calendar.lateOpenReason(session.date)})`;
  if (session.earlyClose) line += `  early close (${calendar.earlyCloseReason(session.date)})`;
  return line;
}

/** Local `HH:MM` of an instant; `(day before)` for a futures open, `24:00` for a close at the next midnight. */
function wallTime(calendar: ExchangeCalendar, time: number, session: TradingSession): string {
  const hhmm = calendar.formatInstant(time).slice(11, 16);
  const date = calendar.dateOf(time);
  if (date < session.date) return `${hhmm} (day before)`;
  if (date > session.date && hhmm === "00:00") return "24:00";
  return hhmm;
}

function shortWeekday(date: string): string {
  return weekdayName(parseIsoDate(date)!).slice(0, 3);
}
