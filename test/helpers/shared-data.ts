// Paths to the real market data in ../shared/data and a plain, independent CSV reader for
// computing expected values in tests (no project code involved).

import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

export const SHARED_DATA_DIR = fileURLToPath(new URL("../../../shared/data", import.meta.url));

export function sharedDataPath(relative: string): string {
  return `${SHARED_DATA_DIR}/${relative}`;
}

export interface CsvBar {
  /** Bar start, epoch ms (daily rows: 09:30 New York of the date). */
  readonly time: number;
  readonly date: string;
  readonly open: number;
  readonly high: number;
  readonly low: number;
  readonly close: number;
  readonly volume: number;
}

/** Reads a minute file (`timestamp,…` with offset) as-is, all rows. */
export function readMinuteCsv(relative: string): CsvBar[] {
  return readCsv(relative).map((cells) => ({
    time: Date.parse(cells[0]),
    date: cells[0].slice(0, 10),
    open: Number(cells[1]),
    high: Number(cells[2]),
    low: Number(cells[3]),
    close: Number(cells[4]),
    volume: Number(cells[5]),
  }));
}

/** Reads a daily file (`date,…`); time is 09:30 New York (the offset of that date, DST-aware). */
export function readDailyCsv(relative: string): CsvBar[] {
  return readCsv(relative).map((cells) => ({
    time: Date.parse(`${cells[0]}T09:30:00${newYorkOffsetText(cells[0])}`),
    date: cells[0],
    open: Number(cells[1]),
    high: Number(cells[2]),
    low: Number(cells[3]),
    close: Number(cells[4]),
    volume: Number(cells[5]),
  }));
}

/** Minutes of the regular session 09:30–16:00 of a date (New York wall-clock check on the text). */
export function regularMinutes(rows: readonly CsvBar[], date: string): CsvBar[] {
  return rows.filter((row) => {
    if (row.date !== date) return false;
    const local = new Date(row.time).toLocaleTimeString("en-GB", {
      timeZone: "America/New_York",
      hour12: false,
    });
    return local >= "09:30:00" && local < "16:00:00";
  });
}

function readCsv(relative: string): string[][] {
  const lines = readFileSync(sharedDataPath(relative), "utf8").trim().split(/\r?\n/);
  return lines.slice(1).map((line) => line.split(","));
}

function newYorkOffsetText(date: string): string {
  const noon = new Date(`${date}T12:00:00Z`);
  const name = new Intl.DateTimeFormat("en-US", { timeZone: "America/New_York", timeZoneName: "shortOffset" })
    .formatToParts(noon)
    .find((part) => part.type === "timeZoneName")!.value;
  return name === "GMT-4" ? "-04:00" : "-05:00";
}
