// The `--json` output of `run` and `daemon`: one JSON object per line on stdout for each RunEvent,
// times as ISO text in the exchange's zone. A scan, setup or teardown line carries its status, the
// result symbols (the hits) and the error; a failed one is followed by an `error` line; a slot the
// daemon journals as missed is a `missed` line; each trading day opens with `day_start` and closes
// with `day_end`.

import type { RunEvent } from "../runtime/run-events.js";
import type { ExchangeCalendar } from "../time/exchange-calendar.js";
import type { CliIO } from "./cli-io.js";

/** Writes `lines` to stdout, one per line. */
export function writeLines(io: CliIO, lines: readonly string[]): void {
  if (lines.length > 0) io.stdout.write(`${lines.join("\n")}\n`);
}

/** The lines (without newlines) that `event` prints as. */
export function runEventLines(calendar: ExchangeCalendar, event: RunEvent): string[] {
  const at = (time: number): string => calendar.formatInstant(time);
  switch (event.event) {
    case "day_start":
      return [
        JSON.stringify({
          event: "day_start",
          date: event.date,
          open: at(event.openAt),
          close: at(event.closeAt),
          ...(event.earlyClose !== undefined ? { earlyClose: event.earlyClose } : {}),
          symbols: event.symbols,
          ...(event.failedSymbols.length > 0 ? { failedSymbols: event.failedSymbols } : {}),
        }),
      ];
    case "day_end":
      return [
        JSON.stringify({
          event: "day_end",
          date: event.date,
          close: at(event.closeAt),
          slots: event.slots,
          released: event.released,
        }),
      ];
    case "missed":
      return [
        JSON.stringify({
          event: "missed",
          scanner: event.scanner,
          kind: event.kind,
          at: at(event.scheduledAt),
          status: "missed",
        }),
      ];
    case "promoted":
      return [
        JSON.stringify({ event: "promoted", scanner: event.scanner, at: at(event.at), symbol: event.symbol }),
      ];
    default: {
      const line = {
        event: event.event,
        scanner: event.scanner,
        kind: event.kind,
        at: at(event.scheduledAt),
        status: event.status,
        symbols: event.symbols,
        durationMs: Math.round(event.durationMs * 1000) / 1000,
        ...(event.error ? { error: event.error } : {}),
        ...(event.promoted.length > 0 ? { promoted: event.promoted } : {}),
      };
      const lines = [JSON.stringify(line)];
      if (event.status === "error" || event.status === "timeout") {
        lines.push(
          JSON.stringify({
            event: "error",
            scanner: event.scanner,
            kind: event.kind,
            at: line.at,
            status: event.status,
            error: event.error,
          }),
        );
      }
      return lines;
    }
  }
}
