// Real minute bars from ../shared/data/minute for the session-indicator tests, read with a plain
// parser. Each row keeps its timestamp text, whose New York date and wall time are read straight
// from the text (the files carry the New York offset), independently of src/core/new-york-time.

import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import type { IndicatorInput } from "../../../src/indicators/indicator.js";

export interface MinuteRow extends IndicatorInput {
  /** `YYYY-MM-DD` in New York. */
  readonly date: string;
  /** `HH:MM` New York wall time of the bar start. */
  readonly clock: string;
  /** Whether the bar starts in the regular session, 09:30 ≤ clock < 16:00. */
  readonly regular: boolean;
}

/** Reads `<symbol>-<YYYYMMDD>.csv` (timestamp,open,high,low,close,volume; timestamp = bar start). */
export function readMinuteFile(name: string): MinuteRow[] {
  const path = fileURLToPath(new URL(`../../../../shared/data/minute/${name}.csv`, import.meta.url));
  const lines = readFileSync(path, "utf8").trim().split("\n").slice(1);
  return lines.map((line) => {
    const [timestamp, open, high, low, close, volume] = line.split(",");
    const clock = timestamp.slice(11, 16);
    return {
      time: Date.parse(timestamp),
      open: Number(open),
      high: Number(high),
      low: Number(low),
      close: Number(close),
      volume: Number(volume),
      date: timestamp.slice(0, 10),
      clock,
      regular: clock >= "09:30" && clock < "16:00",
    };
  });
}
