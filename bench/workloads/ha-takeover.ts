// The session work an HA member does between taking the lease and being ready for its first slot,
// cold (the session provisioned at the takeover: the day started mid-session, every universe
// symbol's indicators warmed from the store) against warm (a WarmStandby that provisioned at the
// pre-market and followed the day to one poll before the takeover: its last catch-up, then the
// ScannerManager's day start asking for the same indicators again, which it shares).
//
// The store is a demo market in a temp file: 1,000 symbols, 4 days of 1m bars and 30 days of daily
// history; each symbol carries EMA(20) and RSI(14) on 5m, as a scanner's universe declares them. The
// takeover comes at 12:00 New York of the last day; the warm standby's last catch-up was at 11:59.
// Run in one process, alternating cold and warm, best of 3 each; the standby's own provisioning
// (made while standing by, not at the takeover) is reported beside them. Checks: after the takeover
// both sessions hold every indicator ready, with the same EMA and RSI values for every symbol.

import "reflect-metadata";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { silentLogger } from "../../src/core/logger.js";
import { BarStore } from "../../src/data/bar-store.js";
import { generateDemoMarket } from "../../src/data/demo-market.js";
import { createSession, type Session } from "../../src/runtime/create-session.js";
import { WarmStandby } from "../../src/runtime/warm-standby.js";
import { ScanJournal } from "../../src/scanners/scan-journal.js";
import { ExchangeCalendar } from "../../src/time/exchange-calendar.js";
import { SimulatedClock } from "../../src/time/simulated-clock.js";
import type { BenchResult, BenchWorkload } from "../bench-result.js";

const SYMBOLS = 1_000;
const MINUTE_DAYS = 4;
const HISTORY_DAYS = 30;
const LAST_DAY = "2024-12-31";
const REPEAT = 3;
const INDICATORS = [
  { type: "ema", period: 20, interval: "5m" },
  { type: "rsi", period: 14, interval: "5m" },
] as const;
const KEYS = ["ema_20_5m", "rsi_14_5m"];

interface Member {
  readonly session: Session;
  readonly standby: WarmStandby;
  readonly timeline: SimulatedClock;
  readonly journal: ScanJournal;
}

function member(
  storePath: string,
  calendar: ExchangeCalendar,
  symbols: readonly string[],
  at: number,
): Member {
  const timeline = new SimulatedClock(at);
  const session = createSession(
    { name: "bench-ha-takeover", backtest: { start: LAST_DAY, end: LAST_DAY }, store: storePath },
    { clock: new SimulatedClock(at), calendar },
  );
  const journal = ScanJournal.open(":memory:");
  const standby = new WarmStandby(session, {
    timeline,
    replay: undefined,
    lastDay: LAST_DAY,
    scanners: [{ name: "universe", universe: symbols, indicators: INDICATORS }],
    journal,
    wall: timeline,
    logger: silentLogger,
  });
  return { session, standby, timeline, journal };
}

/** What the ScannerManager's day start does after a takeover: the universe's indicators asked for again. */
async function askUniverse(session: Session, symbols: readonly string[]): Promise<void> {
  for (const symbol of symbols) {
    for (const request of INDICATORS)
      await session.sessionData.addIndicator(symbol, request.type, request, "universe");
  }
}

function valuesOf(session: Session, symbols: readonly string[]): number[][] {
  return KEYS.map((key) => [...session.sessionData.getIndicatorValues(key, symbols)]);
}

function close(member: Member): void {
  member.session.close();
  member.journal.close();
}

export const haTakeoverWorkload: BenchWorkload = {
  name: "ha-takeover",
  async run(): Promise<BenchResult> {
    const folder = mkdtempSync(join(tmpdir(), "scanwright-bench-ha-"));
    try {
      const storePath = join(folder, "bars.db");
      const calendar = new ExchangeCalendar();
      const store = BarStore.open(storePath);
      const market = generateDemoMarket(store, calendar, {
        symbols: SYMBOLS,
        days: MINUTE_DAYS,
        historyDays: HISTORY_DAYS,
        lastDay: LAST_DAY,
      });
      store.close();
      const symbols = market.symbols;
      const day = calendar.requireSession(LAST_DAY);
      const takeoverAt = calendar.wallTime(LAST_DAY, 12 * 60);
      const cold: number[] = [];
      const warm: number[] = [];
      const standingBy: number[] = [];
      let equal = true;
      let allReady = true;
      for (let run = 0; run < REPEAT; run++) {
        // Cold: nothing provisioned before the takeover.
        const coldMember = member(storePath, calendar, symbols, takeoverAt);
        let started = performance.now();
        await coldMember.standby.catchUp();
        await askUniverse(coldMember.session, symbols);
        cold.push(performance.now() - started);

        // Warm: provisioned at the pre-market and followed to 11:59 while standing by.
        const warmMember = member(storePath, calendar, symbols, day.preMarketAt);
        started = performance.now();
        warmMember.timeline.advanceTo(takeoverAt - 60_000);
        await warmMember.standby.catchUp();
        standingBy.push(performance.now() - started);
        warmMember.timeline.advanceTo(takeoverAt);
        started = performance.now();
        await warmMember.standby.catchUp();
        await askUniverse(warmMember.session, symbols);
        warm.push(performance.now() - started);

        const coldValues = valuesOf(coldMember.session, symbols);
        const warmValues = valuesOf(warmMember.session, symbols);
        allReady &&= [...coldValues, ...warmValues].every((values) => values.every(Number.isFinite));
        equal &&= coldValues.every((values, k) =>
          values.every(
            (value, i) => Math.abs(value - warmValues[k][i]) <= 1e-9 * Math.max(1, Math.abs(value)),
          ),
        );
        close(coldMember);
        close(warmMember);
      }
      const coldMs = Math.min(...cold);
      const warmMs = Math.min(...warm);
      return {
        name: "ha-takeover",
        params: {
          symbols: SYMBOLS,
          indicatorsPerSymbol: "ema 20 5m, rsi 14 5m",
          store: `demo market: ${MINUTE_DAYS} days of 1m bars and ${HISTORY_DAYS} days of daily history`,
          takeover: `${LAST_DAY} 12:00 New York; the warm standby last caught up at 11:59`,
          repeat: REPEAT,
        },
        metrics: {
          coldTakeoverMs: Math.round(coldMs),
          warmTakeoverMs: Math.round(warmMs),
          coldOverWarm: Number((coldMs / Math.max(warmMs, 0.001)).toFixed(1)),
          standbyProvisioningMs: Math.round(Math.min(...standingBy)),
        },
        targets: [],
        checks: {
          "every indicator ready after the takeover, cold and warm": allReady,
          "cold and warm sessions hold the same EMA and RSI values for every symbol": equal,
        },
      };
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  },
};
