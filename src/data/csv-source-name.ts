// What a bar CSV's path says about its contents: `minute/SPY-20131007.csv` is SPY 1m bars of one
// day, `daily/SPY.csv` is SPY 1d bars, `SPY-5m.csv` is SPY 5m bars. Used when the user does not name
// the symbol or interval explicitly.

import { basename, dirname } from "node:path";
import { isInterval, parseInterval } from "../core/interval.js";
import { isValidSymbol, normalizeSymbol } from "../core/symbol.js";

export interface InferredSeries {
  readonly symbol?: string;
  readonly interval?: string;
}

const FOLDER_INTERVALS: Readonly<Record<string, string>> = {
  daily: "1d",
  day: "1d",
  minute: "1m",
  minutes: "1m",
  second: "1s",
  seconds: "1s",
  hour: "60m",
  hourly: "60m",
  weekly: "1w",
  week: "1w",
};

export function inferSeriesFromPath(path: string): InferredSeries {
  const stem = basename(path).replace(/\.csv$/i, "");
  const dayFile = /^(.+)-(\d{8})$/.exec(stem);
  if (dayFile) return { ...symbolOf(dayFile[1]), interval: "1m" };
  const withInterval = /^(.+)[-_](\d+[smhdw])$/i.exec(stem);
  if (withInterval && isInterval(withInterval[2].toLowerCase())) {
    return { ...symbolOf(withInterval[1]), interval: parseInterval(withInterval[2].toLowerCase()).text };
  }
  const folder = basename(dirname(path)).toLowerCase();
  const folderInterval =
    FOLDER_INTERVALS[folder] ?? (isInterval(folder) ? parseInterval(folder).text : undefined);
  return { ...symbolOf(stem), ...(folderInterval === undefined ? {} : { interval: folderInterval }) };
}

function symbolOf(text: string): { symbol?: string } {
  return isValidSymbol(text) ? { symbol: normalizeSymbol(text) } : {};
}

/** The interval a CSV's header implies: `date,…` → 1d, `timestamp,…` → 1m; `undefined` without one. */
export function intervalFromHeader(text: string): string | undefined {
  const firstLine = text.replace(/^\uFEFF/, "").split("\n", 1)[0] ?? "";
  const firstField = firstLine.split(",", 1)[0].trim().toLowerCase();
  if (firstField === "date" || firstField === "day") return "1d";
  if (firstField === "timestamp" || firstField === "time" || firstField === "datetime") return "1m";
  return undefined;
}
