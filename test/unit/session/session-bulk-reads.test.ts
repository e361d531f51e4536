// SessionData's whole-universe reads, getIndicatorValues and getLatestCloses, on real bars (SPY and
// AIG, 2013-10-09/10): entry for entry what getIndicatorValue and getLatestClose answer (NaN for
// their null/undefined) at every step of a day, with no look-ahead; every adhoc change, the end of
// the day and a requester's release seen by the next read of the same array; `out` reused; every
// bad argument a coded error.

import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { WiredSession as Session } from "../../../src/runtime/create-session.js";
import { UniverseCopies } from "../../../src/scanners/universe-copies.js";
import { pluginSessionData } from "../../../src/session/plugin-session-data.js";
import type { SessionData } from "../../../src/session/session-data.js";
import type { SimulatedClock } from "../../../src/time/simulated-clock.js";
import { buildRealStore, openRealSession, type RealStore } from "../../helpers/real-session.js";
import { readDailyCsv, readMinuteCsv } from "../../helpers/shared-data.js";
import { thrown } from "../../helpers/thrown.js";

const at = (iso: string): number => Date.parse(iso);
const KEYS = ["sma_20_1d", "rsi_14_5m", "vwap_1m"] as const;
const INDICATORS = [
  { type: "sma", period: 20, interval: "1d" },
  { type: "rsi", period: 14, interval: "5m" },
  { type: "vwap", interval: "1m" },
];

/** The close of the 1m bar of `symbol` that starts at `clock` (New York, EDT) on `date`, from the file. */
function minuteClose(symbol: string, date: string, clock: string): number {
  const time = at(`${date}T${clock}:00-04:00`);
  const row = readMinuteCsv(`minute/${symbol}-${date.replaceAll("-", "")}.csv`).find(
    (bar) => bar.time === time,
  );
  if (!row) throw new Error(`no ${symbol} bar at ${date} ${clock}`);
  return row.close;
}

/** What the per-symbol reads answer, NaN for "none": the bulk reads' reference. */
function perSymbolValues(data: SessionData, key: string, symbols: readonly string[]): number[] {
  return symbols.map((symbol) => data.getIndicatorValue(symbol, key) ?? Number.NaN);
}

function perSymbolCloses(data: SessionData, interval: string, symbols: readonly string[]): number[] {
  return symbols.map((symbol) => data.getLatestClose(symbol, interval) ?? Number.NaN);
}

describe("SessionData bulk reads on real bars", () => {
  let store: RealStore;
  let session: Session & { clock: SimulatedClock };

  beforeAll(() => {
    store = buildRealStore();
  });
  afterAll(() => store.dispose());
  afterEach(() => session.close());

  /** A session on 2013-10-09 at its pre-market, day started, `symbols` configured with the three indicators. */
  function openDay(symbols: readonly string[]): SessionData {
    session = openRealSession(store.path, at("2013-10-09T04:00:00-04:00"), {
      session_data: { symbols: [...symbols], streams: ["1m", "5m"], indicators: INDICATORS },
    });
    session.coordinator.startDay("2013-10-09");
    return session.sessionData;
  }

  function advanceTo(iso: string): void {
    session.clock.advanceTo(at(iso));
    session.coordinator.advance();
  }

  it("answers what getIndicatorValue and getLatestClose answer, at every step of the day", () => {
    const data = openDay(["SPY", "AIG"]);
    const universe = ["SPY", "AIG", "MSFT"];
    for (const clock of ["04:00", "09:31", "10:00", "11:02", "13:37", "15:59", "16:00"]) {
      advanceTo(`2013-10-09T${clock}:00-04:00`);
      for (const key of KEYS) {
        expect([...data.getIndicatorValues(key, universe)], `${key} at ${clock}`).toEqual(
          perSymbolValues(data, key, universe),
        );
      }
      for (const interval of ["1m", "5m", "1d"]) {
        expect([...data.getLatestCloses(universe, interval)], `${interval} close at ${clock}`).toEqual(
          perSymbolCloses(data, interval, universe),
        );
      }
    }
  });

  it("answers getLatestClose for every symbol at every minute of two days with joins, removals and history loads", async () => {
    // Every kind of change to the symbols and their newest bars between two reads of the same
    // arrays: a bulk read that kept a stale answer anywhere shows up as a difference here.
    const data = openDay(["SPY"]);
    const frozen = Object.freeze(["SPY", "AIG", "MSFT"]);
    const loose = ["AIG", "SPY"];
    const changes = new Map<string, () => Promise<unknown>>([
      ["10:15", () => data.addIndicator("AIG", "rsi", { period: 14, interval: "5m" })],
      ["11:00", () => data.addHistoricalBars("SPY", "1m", 2)],
      ["12:00", () => data.removeSymbolAdhoc("AIG")],
      ["12:30", () => data.addIndicator("AIG", "vwap", { interval: "1m" })],
      ["14:00", () => data.addSessionBars("SPY", "15m")],
      ["14:30", () => data.addHistoricalBars("AIG", "1m", 2)],
    ]);
    const compareAll = async (date: string, clock: string): Promise<void> => {
      advanceTo(`${date}T${clock}:00-04:00`);
      const change = changes.get(clock);
      if (change !== undefined) expect(await change(), clock).toBe(true);
      for (const universe of [frozen, loose]) {
        for (const interval of ["1m", "5m", "15m", "1d"]) {
          expect([...data.getLatestCloses(universe, interval)], `${date} ${clock} ${interval}`).toEqual(
            perSymbolCloses(data, interval, universe),
          );
        }
      }
    };
    const minutes = (from: number, to: number): string[] =>
      Array.from({ length: to - from + 1 }, (_, i) => {
        const minute = from + i;
        return `${String(Math.floor(minute / 60)).padStart(2, "0")}:${String(minute % 60).padStart(2, "0")}`;
      });
    for (const clock of minutes(9 * 60 + 25, 16 * 60 + 1)) await compareAll("2013-10-09", clock);
    // Some closes are known: the read is not only equal to the per-symbol one.
    expect([...data.getLatestCloses(frozen)]).toEqual([
      minuteClose("SPY", "2013-10-09", "15:59"),
      minuteClose("AIG", "2013-10-09", "15:59"),
      Number.NaN,
    ]);

    session.coordinator.endDay();
    session.coordinator.startDay("2013-10-10");
    changes.clear();
    changes.set("10:00", () => data.addSymbol("AIG"));
    for (const clock of minutes(9 * 60 + 28, 10 * 60 + 40)) await compareAll("2013-10-10", clock);
    expect([...data.getLatestCloses(loose)]).toEqual([
      minuteClose("AIG", "2013-10-10", "10:39"),
      minuteClose("SPY", "2013-10-10", "10:39"),
    ]);
  });

  it("is NaN while an indicator warms up, and its value once it is ready", async () => {
    const data = openDay(["SPY"]);
    advanceTo("2013-10-09T10:00:00-04:00");
    const universe = ["AIG", "SPY"];
    // RSI(200) on 5m needs 201 bars; the store's two earlier days and today's first half hour have 162.
    expect(await data.addIndicator("AIG", "rsi", { period: 200, interval: "5m" })).toBe(true);
    expect(data.getIndicator("AIG", "rsi_200_5m")?.missingBars).toBe(39);
    expect([...data.getIndicatorValues("rsi_200_5m", universe)]).toEqual([Number.NaN, Number.NaN]);
    // 39 more 5m bars: 10:00 + 39 × 5 min = 13:15.
    advanceTo("2013-10-09T13:10:00-04:00");
    expect([...data.getIndicatorValues("rsi_200_5m", universe)]).toEqual([Number.NaN, Number.NaN]);
    advanceTo("2013-10-09T13:15:00-04:00");
    const rsi = data.getIndicatorValue("AIG", "rsi_200_5m")!;
    expect(rsi).toBeGreaterThan(0);
    expect([...data.getIndicatorValues("rsi_200_5m", universe)]).toEqual([rsi, Number.NaN]);
  });

  it("reads the state of the clock's instant: no bar that has not ended", () => {
    const data = openDay(["SPY", "AIG"]);
    const universe = ["SPY", "AIG"];
    advanceTo("2013-10-09T11:02:00-04:00");
    // At 11:02 the newest 1m bar is the one that started at 11:01, the newest 5m bar 10:55's.
    expect([...data.getLatestCloses(universe)]).toEqual([
      minuteClose("SPY", "2013-10-09", "11:01"),
      minuteClose("AIG", "2013-10-09", "11:01"),
    ]);
    expect([...data.getLatestCloses(universe, "5m")]).toEqual([
      minuteClose("SPY", "2013-10-09", "10:59"),
      minuteClose("AIG", "2013-10-09", "10:59"),
    ]);
    // The 20-day SMA of AIG: the mean of the 20 daily closes up to 2013-10-08 (today's is not done).
    const closes = readDailyCsv("daily/AIG.csv")
      .filter((bar) => bar.date <= "2013-10-08")
      .slice(-20)
      .map((bar) => bar.close);
    const mean = closes.reduce((sum, close) => sum + close, 0) / 20;
    expect(data.getIndicatorValues("sma_20_1d", universe)[1]).toBeCloseTo(mean, 9);
  });

  it("takes symbols in any case and padding, and refuses a malformed one as getIndicatorValue does", () => {
    const data = openDay(["SPY", "AIG"]);
    advanceTo("2013-10-09T11:02:00-04:00");
    for (const key of KEYS) {
      expect([...data.getIndicatorValues(key, ["spy", " aig "])]).toEqual(
        perSymbolValues(data, key, ["SPY", "AIG"]),
      );
    }
    expect([...data.getLatestCloses(["spy", "Aig"])]).toEqual(perSymbolCloses(data, "1m", ["SPY", "AIG"]));

    const bulk = thrown(() => data.getIndicatorValues("vwap_1m", ["SPY", "BAD SYMBOL"]));
    const single = thrown(() => data.getIndicatorValue("BAD SYMBOL", "vwap_1m"));
    expect([bulk.code, bulk.message]).toEqual(["SCN_ERR_SYMBOL", single.message]);
    expect(thrown(() => data.getLatestCloses(["SPY", ""])).code).toBe("SCN_ERR_SYMBOL");
  });

  it("sees an adhoc addIndicator and removeSymbolAdhoc at the next read of the same array", async () => {
    const data = openDay(["SPY"]);
    advanceTo("2013-10-09T11:02:00-04:00");
    const universe = ["SPY", "AIG"];
    const spyRsi = data.getIndicatorValue("SPY", "rsi_14_5m")!;
    expect([...data.getIndicatorValues("rsi_14_5m", universe)]).toEqual([spyRsi, Number.NaN]);
    expect([...data.getLatestCloses(universe)]).toEqual([
      minuteClose("SPY", "2013-10-09", "11:01"),
      Number.NaN,
    ]);

    expect(await data.addIndicator("aig", "rsi", { period: 14, interval: "5m" })).toBe(true);
    const aigRsi = data.getIndicatorValue("AIG", "rsi_14_5m")!;
    expect(aigRsi).toBeGreaterThan(0);
    expect([...data.getIndicatorValues("rsi_14_5m", universe)]).toEqual([spyRsi, aigRsi]);
    expect([...data.getLatestCloses(universe)]).toEqual([
      minuteClose("SPY", "2013-10-09", "11:01"),
      minuteClose("AIG", "2013-10-09", "11:01"),
    ]);

    expect(await data.removeSymbolAdhoc("AIG")).toBe(true);
    expect([...data.getIndicatorValues("rsi_14_5m", universe)]).toEqual([spyRsi, Number.NaN]);
    expect([...data.getLatestCloses(universe)]).toEqual([
      minuteClose("SPY", "2013-10-09", "11:01"),
      Number.NaN,
    ]);
  });

  it("sees a requester's release, and a series added by addSessionBars", async () => {
    const data = openDay(["SPY"]);
    advanceTo("2013-10-09T11:02:00-04:00");
    const universe = ["AIG", "SPY"];
    expect(await data.addIndicator("AIG", "vwap", { interval: "1m" })).toBe(true);
    const aigVwap = data.getIndicatorValue("AIG", "vwap_1m")!;
    const spyVwap = data.getIndicatorValue("SPY", "vwap_1m")!;
    expect([...data.getIndicatorValues("vwap_1m", universe)]).toEqual([aigVwap, spyVwap]);
    // The adhoc requester lets go of everything it holds: AIG's VWAP goes, SPY's (config) stays.
    expect(session.indicators.releaseRequester("adhoc")).toBe(1);
    expect([...data.getIndicatorValues("vwap_1m", universe)]).toEqual([Number.NaN, spyVwap]);

    // SPY streams 1m and 5m; a 15m stream joins mid-session with today's bars so far.
    expect([...data.getLatestCloses(universe, "15m")]).toEqual([Number.NaN, Number.NaN]);
    expect(await data.addSessionBars("SPY", "15m")).toBe(true);
    expect([...data.getLatestCloses(universe, "15m")]).toEqual([
      Number.NaN,
      minuteClose("SPY", "2013-10-09", "10:59"),
    ]);
  });

  it("sees the end of the day's release of adhoc symbols, and the next day's values", async () => {
    const data = openDay(["SPY"]);
    const universe = ["SPY", "AIG"];
    advanceTo("2013-10-09T11:02:00-04:00");
    expect(await data.addIndicator("AIG", "sma", { period: 20, interval: "1d" })).toBe(true);
    expect(data.getIndicatorValues("sma_20_1d", universe).every((value) => value > 0)).toBe(true);

    advanceTo("2013-10-09T16:00:00-04:00");
    expect(session.coordinator.endDay().released).toEqual(["AIG"]);
    const spySma = data.getIndicatorValue("SPY", "sma_20_1d")!;
    expect([...data.getIndicatorValues("sma_20_1d", universe)]).toEqual([spySma, Number.NaN]);
    expect([...data.getLatestCloses(universe)]).toEqual([
      minuteClose("SPY", "2013-10-09", "15:59"),
      Number.NaN,
    ]);

    session.coordinator.startDay("2013-10-10");
    advanceTo("2013-10-10T10:00:00-04:00");
    for (const key of KEYS) {
      expect([...data.getIndicatorValues(key, universe)], key).toEqual(perSymbolValues(data, key, universe));
    }
    expect([...data.getLatestCloses(universe)]).toEqual([
      minuteClose("SPY", "2013-10-10", "09:59"),
      Number.NaN,
    ]);
  });

  it("fills a given out array and returns it; a fresh array otherwise", () => {
    const data = openDay(["SPY", "AIG"]);
    const universe = ["SPY", "AIG"];
    advanceTo("2013-10-09T10:00:00-04:00");
    const out = new Float64Array(2);
    expect(data.getIndicatorValues("vwap_1m", universe, out)).toBe(out);
    const at1000 = [...out];
    advanceTo("2013-10-09T10:01:00-04:00");
    expect(data.getIndicatorValues("vwap_1m", universe, out)).toBe(out);
    expect([...out]).toEqual(perSymbolValues(data, "vwap_1m", universe));
    expect(out[0]).not.toBe(at1000[0]);
    expect(data.getLatestCloses(universe, "1m", out)).toBe(out);
    expect([...out]).toEqual([
      minuteClose("SPY", "2013-10-09", "10:00"),
      minuteClose("AIG", "2013-10-09", "10:00"),
    ]);
    expect(data.getIndicatorValues("vwap_1m", universe)).not.toBe(
      data.getIndicatorValues("vwap_1m", universe),
    );
  });

  it("refuses a multi-output key with getIndicatorValue's error", () => {
    session = openRealSession(store.path, at("2013-10-09T04:00:00-04:00"), {
      session_data: { symbols: ["SPY"], indicators: [{ type: "bbands", period: 20, interval: "1d" }] },
    });
    session.coordinator.startDay("2013-10-09");
    const data = session.sessionData;
    const bulk = thrown(() => data.getIndicatorValues("bbands_20_2_1d", ["AIG", "SPY"]));
    const single = thrown(() => data.getIndicatorValue("SPY", "bbands_20_2_1d"));
    expect([bulk.code, bulk.message]).toEqual(["SCN_ERR_INDICATOR", single.message]);
    expect(single.message).toBe(
      'SPY: indicator "bbands_20_2_1d" has several outputs; read it with getIndicator instead of a number read',
    );
  });

  it("refuses out arrays of the wrong length or type and arguments in the wrong places", () => {
    const data = openDay(["SPY"]);
    const universe = ["SPY", "AIG"];
    const cases: Array<[() => unknown, string, string]> = [
      [
        () => data.getIndicatorValues("vwap_1m", universe, new Float64Array(3)),
        "SCN_ERR_SESSION",
        'getIndicatorValues("vwap_1m"): out must be a Float64Array of 2 (one entry per symbol), got a Float64Array of 3',
      ],
      [
        () => data.getLatestCloses(universe, "1m", new Float32Array(2) as unknown as Float64Array),
        "SCN_ERR_SESSION",
        'getLatestCloses("1m"): out must be a Float64Array of 2 (one entry per symbol), got a Float32Array',
      ],
      [
        // The per-symbol order (symbol, key) by mistake.
        () => data.getIndicatorValues(universe as unknown as string, "vwap_1m" as unknown as string[]),
        "SCN_ERR_SESSION",
        "getIndicatorValues: key must be a string, got an array of 2",
      ],
      [
        () => data.getLatestCloses("SPY" as unknown as string[]),
        "SCN_ERR_SESSION",
        'getLatestCloses("1m"): symbols must be an array of symbols, got "SPY"',
      ],
      [() => data.getLatestCloses(universe, "5x"), "SCN_ERR_INTERVAL", '"5x" is not an interval'],
    ];
    for (const [call, code, message] of cases) {
      const error = thrown(call);
      expect(error.code).toBe(code);
      expect(error.message).toContain(message);
    }
  });

  it("answers a hook's frozen copy of a universe as that universe, a changed universe with its own symbols", () => {
    const data = openDay(["SPY", "AIG"]);
    const copies = new UniverseCopies();
    const view = pluginSessionData(data, copies);
    // Two days' universes (frozen, as the scanner manager holds them), the second changed.
    const day1 = Object.freeze(["SPY", "AIG"]);
    const day2 = Object.freeze(["AIG", "MSFT", "SPY"]);
    for (const clock of ["10:00", "11:02", "13:37"]) {
      advanceTo(`2013-10-09T${clock}:00-04:00`);
      for (const universe of [day1, day2, day1]) {
        const copy = copies.copy(universe);
        expect(copy).not.toBe(universe);
        expect([...view.getLatestCloses(copy)], `${clock} ${universe}`).toEqual(
          perSymbolCloses(data, "1m", universe),
        );
        expect([...view.getLatestCloses(copy, "5m")]).toEqual(perSymbolCloses(data, "5m", universe));
        for (const key of KEYS) {
          expect([...view.getIndicatorValues(key, copy)], `${clock} ${key}`).toEqual(
            perSymbolValues(data, key, universe),
          );
        }
      }
    }
    // The exact closes, not only the per-symbol reads' answer.
    expect([...view.getLatestCloses(copies.copy(day2))]).toEqual([
      minuteClose("AIG", "2013-10-09", "13:36"),
      Number.NaN,
      minuteClose("SPY", "2013-10-09", "13:36"),
    ]);
  });
});
