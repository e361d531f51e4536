// `scanwright calendar FROM TO`: the NYSE sessions between two dates, one line per trading day,
// as aligned text or as JSON lines with the exchange's offset.

import type { Command } from "commander";
import { parseIsoDate, weekdayName } from "../../time/calendar-day.js";
import { loadCalendarOverrides } from "../../time/calendar-overrides.js";
import { ExchangeCalendar } from "../../time/exchange-calendar.js";
import type { TradingSession } from "../../time/trading-session.js";
import type { CliIO } from "../cli-io.js";
import type { CommandRegistrar } from "../program.js";

interface CalendarOptions {
  json?: boolean;
  overrides?: string;
}

export const registerCalendarCommand: CommandRegistrar = (program: Command, io: CliIO) => {
  program
    .command("calendar")
    .description("list the NYSE trading days and their regular sessions from FROM to TO (inclusive)")
    .argument("<from>", "first date, YYYY-MM-DD")
    .argument("<to>", "last date, YYYY-MM-DD")
    .option("--json", "one JSON object per line: date, open, close (ISO with offset), earlyClose")
    .option(
      "--overrides <file>",
      "YAML calendar overrides (closures, cancelClosures, earlyCloses, cancelEarlyCloses)",
    )
    .addHelpText(
      "after",
      "\nExamples:\n  scanwright calendar 2024-11-25 2024-12-06\n  scanwright calendar 2024-01-01 2024-12-31 --json\n",
    )
    .action((from: string, to: string, options: CalendarOptions) => runCalendar(io, from, to, options));
};

function runCalendar(io: CliIO, from: string, to: string, options: CalendarOptions): void {
  const overrides =
    options.overrides === undefined ? {} : loadCalendarOverrides(options.overrides, { cwd: io.cwd });
  const calendar = new ExchangeCalendar(overrides);
  const lines = calendar.tradingDays(from, to).map((date) => {
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
  });
}

/** `2024-11-29  Fri  09:30–13:00  early close (Day after Thanksgiving)`. */
function formatTextLine(calendar: ExchangeCalendar, session: TradingSession): string {
  const weekday = weekdayName(parseIsoDate(session.date)!).slice(0, 3);
  const hours = `${wallTime(calendar, session.openAt)}–${wallTime(calendar, session.closeAt)}`;
  const line = `${session.date}  ${weekday}  ${hours}`;
  return session.earlyClose ? `${line}  early close (${calendar.earlyCloseReason(session.date)})` : line;
}

function wallTime(calendar: ExchangeCalendar, time: number): string {
  return calendar.formatInstant(time).slice(11, 16);
}
