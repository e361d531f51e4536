// Bar store throughput: importing a large minute CSV (parse, validate, write in one transaction)
// and reading bars back, as one full-range read and as many one-day reads (how sessions load
// history). The CSV is generated deterministically in a temp folder and removed afterwards, on NYSE
// trading days only, and is parsed and imported with the calendar check the CLI applies.

import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { BarStore } from "../../src/data/bar-store.js";
import { importCsvFile } from "../../src/data/csv-import.js";
import { parseBarsCsv } from "../../src/data/csv-parse.js";
import { ExchangeCalendar } from "../../src/time/exchange-calendar.js";
import { type BenchResult, type BenchWorkload, bestOfMs } from "../bench-result.js";

export const ROWS = 1_000_000;
export const BARS_PER_DAY = 960; // 04:00–20:00
const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;
const DAY_READS = 1_000;

interface GeneratedCsv {
  readonly text: string;
  readonly lastClose: number;
  readonly volumeSum: number;
  /** Start of each generated day (04:00 New York of a trading day from 2015-01-05 on). */
  readonly dayStarts: readonly number[];
}

/** `ROWS` minute bars, 960 a day on consecutive full trading days, a seeded random walk in cents. */
export function generateMinuteCsv(calendar: ExchangeCalendar): GeneratedCsv {
  const dayCount = Math.ceil(ROWS / BARS_PER_DAY);
  const dayStarts: number[] = [];
  // Full sessions only: an early close ends the post-market (and a day's bars) at 17:00.
  for (let date = "2015-01-05"; dayStarts.length < dayCount; date = calendar.nextTradingDay(date)) {
    const session = calendar.requireSession(date);
    if (!session.earlyClose) dayStarts.push(session.preMarketAt);
  }
  const lines: string[] = ["timestamp,open,high,low,close,volume"];
  let seed = 20_131_007;
  const random = (): number => {
    seed = (Math.imul(seed, 1_664_525) + 1_013_904_223) >>> 0;
    return seed / 2 ** 32;
  };
  let cents = 10_000;
  let volumeSum = 0;
  let lastClose = 0;
  for (let i = 0; i < ROWS; i++) {
    const time = dayStarts[Math.floor(i / BARS_PER_DAY)] + (i % BARS_PER_DAY) * MINUTE_MS;
    const open = cents;
    const close = Math.max(100, open + Math.round((random() - 0.5) * 40));
    const high = Math.max(open, close) + Math.round(random() * 10);
    const low = Math.max(1, Math.min(open, close) - Math.round(random() * 10));
    const volume = 100 + Math.floor(random() * 10_000);
    cents = close;
    volumeSum += volume;
    lastClose = close / 100;
    // Wall time in New York at a fixed -05:00: the instant is what matters to the store.
    const wall = new Date(time - 5 * 3_600_000).toISOString().slice(0, 19);
    lines.push(
      `${wall}-05:00,${(open / 100).toFixed(2)},${(high / 100).toFixed(2)},${(low / 100).toFixed(2)},${lastClose.toFixed(2)},${volume}`,
    );
  }
  return { text: `${lines.join("\n")}\n`, lastClose, volumeSum, dayStarts };
}

export const storeWorkload: BenchWorkload = {
  name: "store",
  async run(): Promise<BenchResult> {
    const folder = mkdtempSync(join(tmpdir(), "scanwright-bench-store-"));
    try {
      const calendar = new ExchangeCalendar();
      const generated = generateMinuteCsv(calendar);
      const csvPath = join(folder, "BENCH-1m.csv");
      writeFileSync(csvPath, generated.text);

      let parsedRows = 0;
      const parseMs = bestOfMs(3, () => {
        parsedRows = parseBarsCsv(generated.text, { interval: "1m", source: csvPath, days: calendar }).bars
          .length;
      });

      // Each import goes into a fresh store file, as a first import would.
      let inserted = 0;
      let run = 0;
      const importMs = bestOfMs(3, () => {
        const store = BarStore.open(join(folder, `import-${run++}.db`));
        inserted = importCsvFile(store, csvPath, { days: calendar }).inserted;
        store.close();
      });

      const store = BarStore.open(join(folder, `import-${run - 1}.db`));
      const reimportStarted = performance.now();
      const reimport = importCsvFile(store, csvPath, { days: calendar });
      const reimportMs = performance.now() - reimportStarted;

      let readCount = 0;
      let readVolumeSum = 0;
      let readLastClose = 0;
      const fullReadMs = bestOfMs(5, () => {
        const bars = store.readBars("BENCH", "1m", Number.NEGATIVE_INFINITY, Number.POSITIVE_INFINITY);
        readCount = bars.length;
        readLastClose = bars.close[bars.length - 1];
        readVolumeSum = 0;
        for (let i = 0; i < bars.length; i++) readVolumeSum += bars.volume[i];
      });

      const days = Math.ceil(ROWS / BARS_PER_DAY);
      let dayBars = 0;
      const dayReadsMs = bestOfMs(3, () => {
        dayBars = 0;
        for (let i = 0; i < DAY_READS; i++) {
          const dayStart = generated.dayStarts[(i * 7919) % (days - 1)];
          dayBars += store.readBars("BENCH", "1m", dayStart, dayStart + DAY_MS).length;
        }
      });
      store.close();

      return {
        name: "store",
        params: {
          rows: ROWS,
          barsPerDay: BARS_PER_DAY,
          csvBytes: generated.text.length,
          dayReads: DAY_READS,
        },
        metrics: {
          parseRowsPerSecond: Math.round(ROWS / (parseMs / 1000)),
          importRowsPerSecond: Math.round(ROWS / (importMs / 1000)),
          reimportRowsPerSecond: Math.round(ROWS / (reimportMs / 1000)),
          rangeReadBarsPerSecond: Math.round(readCount / (fullReadMs / 1000)),
          dayReadBarsPerSecond: Math.round(dayBars / (dayReadsMs / 1000)),
          dayReadsPerSecond: Math.round(DAY_READS / (dayReadsMs / 1000)),
        },
        targets: [
          { metric: "importRowsPerSecond", kind: "min", value: 500_000 },
          { metric: "rangeReadBarsPerSecond", kind: "min", value: 2_000_000 },
        ],
        checks: {
          "parse keeps every row": parsedRows === ROWS,
          "import inserts every row": inserted === ROWS,
          "re-import changes nothing": reimport.unchanged === ROWS && reimport.inserted === 0,
          "range read returns every bar": readCount === ROWS,
          "range read has the written volume and last close":
            readVolumeSum === generated.volumeSum && readLastClose === generated.lastClose,
          "each day read returns a full day": dayBars === DAY_READS * BARS_PER_DAY,
        },
      };
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  },
};
