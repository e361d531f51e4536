// A session's between-days state moved to a fresh session (SessionCoordinator.exportState /
// importState and the bytes of session-state.ts), on the real SPY and AIG week of 2013-10-07: a
// session run days 0..1, exported and imported into a fresh session, runs days 2..4 exactly as the
// continuous session does (every indicator value and bar at every quarter hour), and the restored
// state is the original's part for part: configured symbols with streaming EMA/RSI, a derived 5m
// stream, daily history, an adhoc symbol promoted with an indicator of its own, locks (one on a
// symbol not held).

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { describeSessionState, sessionFingerprint } from "../../src/cluster/session-fingerprint.js";
import type { WiredSession } from "../../src/runtime/create-session.js";
import {
  decodeSessionState,
  encodeSessionState,
  SESSION_STATE_VERSION,
} from "../../src/session/session-state.js";
import { SessionSymbols as WiredSymbols } from "../../src/session/session-symbols.js";
import type { SimulatedClock } from "../../src/time/simulated-clock.js";
import { buildRealStore, openRealSession, type RealStore, WEEK_DATES } from "../helpers/real-session.js";
import { thrown } from "../helpers/thrown.js";

const CONFIG = {
  session_data: {
    symbols: ["SPY"],
    streams: ["1m", "5m"],
    historical: [{ interval: "1d", days: 10 }],
    indicators: [
      { type: "ema", period: 9, interval: "1m" },
      { type: "rsi", period: 14, interval: "5m" },
      { type: "sma", period: 5, interval: "1d" },
    ],
  },
};
const HASH = "config-hash-of-the-test";
const QUARTER_HOUR = 15 * 60_000;

type Session = WiredSession & { clock: SimulatedClock };

let store: RealStore;
beforeAll(() => {
  store = buildRealStore();
});
afterAll(() => store?.dispose());

function open(startAt: number): Session {
  return openRealSession(store.path, startAt, CONFIG);
}

/** Runs one day; at every quarter hour records each symbol's indicator values and latest bars. */
async function runDay(session: Session, date: string, during?: () => Promise<void>): Promise<unknown[]> {
  const { coordinator, clock, calendar, sessionData, indicators } = session;
  const { openAt, closeAt } = calendar.requireSession(date);
  clock.advanceTo(openAt - 60 * 60_000);
  coordinator.startDay(date);
  const rows: unknown[] = [];
  for (let time = openAt + QUARTER_HOUR; time <= closeAt; time += QUARTER_HOUR) {
    clock.advanceTo(time);
    coordinator.advance();
    if (time === openAt + 2 * QUARTER_HOUR) await during?.();
    for (const symbol of sessionData.getActiveSymbols()) {
      rows.push({
        time,
        symbol,
        indicators: indicators.snapshot(symbol),
        bars: ["1m", "5m", "1d"].map((interval) => sessionData.getLatestBar(symbol, interval) ?? null),
      });
    }
  }
  coordinator.endDay();
  return rows;
}

/** Days 0 and 1 with an adhoc symbol promoted (indicator of its own) and locks, as a scanner would. */
async function runFirstDays(session: Session): Promise<void> {
  const { sessionData } = session;
  await runDay(session, WEEK_DATES[0], async () => {
    expect(await sessionData.addIndicator("AIG", "sma", { period: 3, interval: "5m" })).toBe(true);
    expect(await sessionData.addSymbol("AIG")).toBe(true);
    sessionData.lockSymbol("AIG", "held");
    sessionData.lockSymbol("AIG", "order");
    sessionData.lockSymbol("MSFT", "watch");
  });
  await runDay(session, WEEK_DATES[1], async () => {
    sessionData.unlockSymbol("AIG", "order");
  });
}

describe("moving a session's state between days to a fresh session", () => {
  it("the restored session is the original part for part and runs the next days identically", async () => {
    const original = open(Date.parse("2013-10-07T04:00:00-04:00"));
    const restored = open(Date.parse("2013-10-07T04:00:00-04:00"));
    try {
      await runFirstDays(original);
      const bytes = encodeSessionState(original.coordinator.exportState(), HASH);
      const parts = describeSessionState(original);
      // What the state holds (so a field the transfer dropped shows as a differing part below).
      expect(parts.length).toBe(3);
      expect(JSON.parse(parts[0])).toMatchObject({
        symbol: "AIG",
        metadata: { addedBy: "scanner", upgradedFromAdhoc: true, meetsSessionConfigRequirements: true },
        config: true,
        locks: ["held"],
        streams: ["1d", "1m", "5m"],
      });
      expect(JSON.parse(parts[0]).indicators.map((entry: { key: string }) => entry.key)).toEqual([
        "ema_9_1m",
        "rsi_14_5m",
        "sma_3_5m",
        "sma_5_1d",
      ]);
      expect(JSON.parse(parts[2])).toEqual([
        ["AIG", ["held"]],
        ["MSFT", ["watch"]],
      ]);

      restored.clock.advanceTo(original.clock.now());
      restored.coordinator.importState(decodeSessionState(bytes, HASH, "the test's bytes"));
      expect(describeSessionState(restored)).toEqual(parts);
      expect(sessionFingerprint(restored)).toBe(sessionFingerprint(original));
      const aig = original.container.resolve(WiredSymbols).get("AIG")!;
      expect(restored.container.resolve(WiredSymbols).get("AIG")!.metadata.addedAt).toBe(
        aig.metadata.addedAt,
      );

      for (const date of WEEK_DATES.slice(2)) {
        const expected = await runDay(original, date);
        const actual = await runDay(restored, date);
        expect(expected.length).toBe(2 * 26);
        expect(actual).toEqual(expected);
      }
      expect(sessionFingerprint(restored)).toBe(sessionFingerprint(original));
    } finally {
      original.close();
      restored.close();
    }
  });

  it("refuses another config's state, another format version, damaged bytes, a busy session", async () => {
    const session = open(Date.parse("2013-10-07T04:00:00-04:00"));
    const fresh = open(Date.parse("2013-10-07T04:00:00-04:00"));
    try {
      await runFirstDays(session);
      const bytes = encodeSessionState(session.coordinator.exportState(), HASH);
      const other = thrown(() => decodeSessionState(bytes, "another-hash", "state:x"));
      expect(other.code).toBe("SCN_ERR_SESSION");
      expect(other.message).toBe(
        "state:x: session state of config config-hash-, not of this config (another-hash)",
      );
      const newer = Buffer.from(bytes);
      newer.writeUInt32LE(SESSION_STATE_VERSION + 1, 4);
      expect(thrown(() => decodeSessionState(newer, HASH, "state:x")).message).toBe(
        `state:x: session state format version ${SESSION_STATE_VERSION + 1}, this scanwright reads version ${SESSION_STATE_VERSION}`,
      );
      expect(thrown(() => decodeSessionState(Buffer.from("{}"), HASH, "state:x")).message).toBe(
        'state:x: not a session state (no "SWSS" header)',
      );
      const damaged = bytes.subarray(0, bytes.length - 40);
      expect(thrown(() => decodeSessionState(damaged, HASH, "state:x")).message).toMatch(
        /^state:x: session state is damaged: /,
      );

      // Into a session holding symbols already: refused, nothing changed.
      const before = describeSessionState(session);
      const busy = thrown(() => session.coordinator.importState(decodeSessionState(bytes, HASH, "s")));
      expect(busy.message).toBe(
        "A session state is imported into a fresh session: this one already holds symbols",
      );
      expect(describeSessionState(session)).toEqual(before);

      // During a day: neither export nor import.
      fresh.clock.advanceTo(session.clock.now());
      session.coordinator.startDay(WEEK_DATES[2]);
      expect(thrown(() => session.coordinator.exportState()).message).toBe(
        "Cannot export the session state during the session of 2013-10-09",
      );
      fresh.coordinator.startDay(WEEK_DATES[2]);
      expect(thrown(() => fresh.coordinator.importState(decodeSessionState(bytes, HASH, "s"))).message).toBe(
        "Cannot import a session state during the session of 2013-10-09",
      );
    } finally {
      session.close();
      fresh.close();
    }
  });

  it("a state whose indicator does not restore leaves the fresh session empty", async () => {
    const session = open(Date.parse("2013-10-07T04:00:00-04:00"));
    const fresh = open(Date.parse("2013-10-07T04:00:00-04:00"));
    try {
      await runFirstDays(session);
      const exported = session.coordinator.exportState();
      const broken = {
        ...exported,
        symbols: exported.symbols.map((symbol) =>
          symbol.symbol !== "SPY"
            ? symbol
            : {
                ...symbol,
                indicators: symbol.indicators.map((indicator) =>
                  indicator.key === "rsi_14_5m"
                    ? { ...indicator, state: { type: "rsi", period: 7 } }
                    : indicator,
                ),
              },
        ),
      };
      fresh.clock.advanceTo(session.clock.now());
      const error = thrown(() => fresh.coordinator.importState(broken));
      expect(error.code).toBe("SCN_ERR_INDICATOR");
      expect(fresh.sessionData.getActiveSymbols()).toEqual([]);
      expect(fresh.indicators.symbols()).toEqual([]);
      expect(describeSessionState(fresh)).toEqual(["[]"]);
    } finally {
      session.close();
      fresh.close();
    }
  });
});
