// `scanwright schedule CONFIG --from D --to D [--json]`: previews the scan slots of every enabled
// scanner in a session config over a date range — exactly what a run would schedule, from the
// same calendar (with the config's overrides) and the same scheduler — as aligned text or JSON lines.

import type { Command } from "commander";
import { loadSessionConfig } from "../../config/load-session-config.js";
import { type ScanSlot, scanSlotsBetween } from "../../scanners/scheduler.js";
import { requireCalendarDate } from "../../time/calendar-range.js";
import type { ExchangeCalendar } from "../../time/exchange-calendar.js";
import { calendarOf } from "../../time/markets/index.js";
import type { CliIO } from "../cli-io.js";
import type { CommandRegistrar } from "../program.js";

interface ScheduleOptions {
  from: string;
  to: string;
  json?: boolean;
}

export const registerScheduleCommand: CommandRegistrar = (program: Command, io: CliIO) => {
  program
    .command("schedule")
    .description("preview the scan slots of every enabled scanner of CONFIG from --from to --to (inclusive)")
    .argument("<config>", "session config file (YAML)")
    .requiredOption("--from <date>", "first date, YYYY-MM-DD")
    .requiredOption("--to <date>", "last date, YYYY-MM-DD")
    .option("--json", "one JSON object per line: scanner, at (ISO with offset), kind")
    .addHelpText(
      "after",
      "\nExamples:\n  scanwright schedule configs/demo.yaml --from 2024-11-25 --to 2024-11-29\n  scanwright schedule configs/demo.yaml --from 2024-03-11 --to 2024-03-11 --json\n",
    )
    .action((config: string, options: ScheduleOptions) => runSchedule(io, config, options));
};

function runSchedule(io: CliIO, configPath: string, options: ScheduleOptions): void {
  // Bad dates are reported before the config is read.
  requireCalendarDate(options.from);
  requireCalendarDate(options.to);
  const loaded = loadSessionConfig(configPath, { cwd: io.cwd });
  for (const warning of loaded.warnings) io.stderr.write(`warning: ${warning}\n`);
  const calendar = calendarOf(loaded.config.exchange, loaded.calendarOverrides);
  const enabled = loaded.scanners.filter((scanner) => scanner.enabled);
  const slots = scanSlotsBetween(calendar, enabled, options.from, options.to);
  const lines = options.json
    ? slots.map((slot) => formatJsonLine(calendar, slot))
    : formatTextLines(calendar, slots);
  if (lines.length > 0) io.stdout.write(`${lines.join("\n")}\n`);
}

/** `{"scanner":"momentum","at":"2024-11-29T09:35:00-05:00","kind":"regular"}`. */
function formatJsonLine(calendar: ExchangeCalendar, slot: ScanSlot): string {
  return JSON.stringify({ scanner: slot.scanner, at: calendar.formatInstant(slot.at), kind: slot.kind });
}

/** `2024-11-29 09:35  momentum  regular`, columns aligned; seconds only when a slot has them. */
function formatTextLines(calendar: ExchangeCalendar, slots: readonly ScanSlot[]): string[] {
  const rows = slots.map((slot) => {
    const instant = calendar.formatInstant(slot.at); // 2024-11-29T09:35:00-05:00
    const seconds = instant.slice(16, 19);
    return {
      date: instant.slice(0, 10),
      time: instant.slice(11, 16) + (seconds === ":00" ? "" : seconds),
      slot,
    };
  });
  const timeWidth = Math.max(0, ...rows.map((row) => row.time.length));
  const nameWidth = Math.max(0, ...rows.map((row) => row.slot.scanner.length));
  return rows.map(
    (row) =>
      `${row.date} ${row.time.padEnd(timeWidth)}  ${row.slot.scanner.padEnd(nameWidth)}  ${row.slot.kind}`,
  );
}
