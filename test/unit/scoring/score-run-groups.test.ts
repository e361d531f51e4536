// Scoring reads its bars a group of 64 symbols at a time, the next group posted to the store's read
// thread when it has one. Over a demo store of 150 symbols (three groups, the last one short), with
// a universe symbol the store does not hold in the middle group: the scores are the same, value for
// value, with and without the thread (the groups after the first posted to it ahead), and the same
// as scoring each symbol alone (a universe of one, read with nothing around it).

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BarStore } from "../../../src/data/bar-store.js";
import type { BarStorePort } from "../../../src/data/bar-store-port.js";
import { parseHorizons } from "../../../src/scoring/horizons.js";
import { scoreRun } from "../../../src/scoring/score-run.js";
import type { RunScores, ScanHits } from "../../../src/scoring/score-types.js";
import { buildDemoStore, type DemoStore } from "../../helpers/demo-session.js";
import { newYorkAt } from "../../helpers/small-store.js";

const DAYS = ["2024-03-26", "2024-03-27", "2024-03-28"];
let demo: DemoStore;
let universe: string[];
let scans: ScanHits[];

beforeAll(() => {
  demo = buildDemoStore({ symbols: 150, days: 3, historyDays: 0, seed: 11, lastDay: "2024-03-28" });
  universe = [...demo.symbols.slice(0, 99), "NOPE", ...demo.symbols.slice(99)];
  // Every half hour of the first two days, every 9th universe symbol from a shifting start.
  scans = DAYS.slice(0, 2).flatMap((date, day) =>
    ["09:30", "10:00", "10:30", "11:00", "13:30", "15:30"].map((time, slot) => ({
      scanner: "pick",
      scheduledAt: newYorkAt(date, time),
      sessionDate: date,
      symbols: universe.filter((_, index) => (index + slot + day) % 9 === 0),
    })),
  );
}, 60_000);
afterAll(() => demo.dispose());

function scoreWith(store: BarStorePort, symbols: readonly string[], hits: readonly ScanHits[]): RunScores {
  return scoreRun({
    run: 1,
    store,
    calendar: demo.calendar,
    scanners: [{ name: "pick", universe: symbols, direction: "long" }],
    scans: hits,
    entryRule: "next_open",
    horizons: parseHorizons("5m,60m,close,1d"),
  });
}

const HIT_FIELDS = [
  "entryPrice",
  "entryAt",
  "returns",
  "mfe",
  "mae",
  "baselineReturn",
  "baselinePositive",
] as const;

describe("scoring's grouped reads", () => {
  it("give the same scores with and without the read thread, and symbol by symbol", () => {
    const store = BarStore.open(demo.path);
    try {
      const plain = scoreWith(store, universe, scans);
      const thread = store.startReadThread();
      expect(thread).toBeDefined();
      const threaded = scoreWith(store, universe, scans);
      // Groups 2 and 3 were posted ahead (the first one the caller reads at once): each delivered by
      // the thread, or taken back and read by the caller if the thread had not begun it.
      const counts = thread?.counts ?? { delivered: 0, readByCaller: 0 };
      expect(counts.delivered + counts.readByCaller).toBe(2);
      store.stopReadThread();

      expect(plain.hits.count).toBe(scans.reduce((sum, scan) => sum + scan.symbols.length, 0));
      expect(plain.hits.count).toBe(200);
      expect(threaded.hits.symbol).toEqual(plain.hits.symbol);
      for (const field of HIT_FIELDS)
        expect(Array.from(threaded.hits[field])).toEqual(Array.from(plain.hits[field]));
      expect(threaded.baselines).toEqual(plain.baselines);

      // NOPE's hits have no entry; every other hit has one (every symbol trades at every slot).
      const entries = Array.from(plain.hits.entryPrice, (price) => !Number.isNaN(price));
      expect(plain.hits.symbol.filter((_, hit) => !entries[hit])).toEqual(["NOPE"]);

      // Each symbol's own measures, scored alone: the same as within its group.
      for (let hit = 0; hit < plain.hits.count; hit += 13) {
        const symbol = plain.hits.symbol[hit];
        const scan = scans.find(
          (candidate) => candidate.scheduledAt === plain.hits.scheduledAt[hit],
        ) as ScanHits;
        const alone = scoreWith(store, [symbol], [{ ...scan, symbols: [symbol] }]);
        expect(alone.hits.entryPrice[0]).toBe(plain.hits.entryPrice[hit]);
        const horizons = 4;
        for (const field of ["returns", "mfe", "mae"] as const) {
          expect(Array.from(alone.hits[field])).toEqual(
            Array.from(plain.hits[field].subarray(hit * horizons, (hit + 1) * horizons)),
          );
        }
      }
    } finally {
      store.close();
    }
  });

  it("reads each group's coverage before its bars are asked for (a store written meanwhile gives bars past the end read, never an end past the bars)", () => {
    const store = BarStore.open(demo.path);
    try {
      const calls: string[] = [];
      const groupOf = (symbols: readonly string[]) => `group of ${symbols[0]}`;
      const recording = new Proxy(store, {
        get(target, property, receiver) {
          const value = Reflect.get(target, property, receiver);
          if (property !== "listSeriesOf" && property !== "expectRead" && property !== "readBarsOfSymbols") {
            return typeof value === "function" ? value.bind(target) : value;
          }
          return (symbols: readonly string[], ...rest: unknown[]) => {
            calls.push(`${String(property)} ${groupOf(symbols)}`);
            return (value as (...args: unknown[]) => unknown).call(target, symbols, ...rest);
          };
        },
      }) as BarStorePort;
      scoreWith(recording, universe, scans);
      const [first, second, third] = [0, 64, 128].map((index) => groupOf(universe.slice(index)));
      expect(calls).toEqual([
        `listSeriesOf ${first}`,
        `listSeriesOf ${second}`,
        `expectRead ${second}`,
        `readBarsOfSymbols ${first}`,
        `listSeriesOf ${third}`,
        `expectRead ${third}`,
        `readBarsOfSymbols ${second}`,
        `readBarsOfSymbols ${third}`,
      ]);
    } finally {
      store.close();
    }
  });
});
