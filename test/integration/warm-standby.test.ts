// A warm HA standby in-process (runtime/warm-standby.ts), on a demo store: it provisions a day at
// its pre-market and follows it, ends it at the close and starts the next; after following, its
// indicators hold what a session provisioned cold at the same instant holds; no day after
// `lastDay` is started; and on a paced replay it never goes past 1 ms after the group's last
// journaled slot (nor past its start before the leader journaled anything).

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { silentLogger } from "../../src/core/logger.js";
import { hashConfig } from "../../src/runtime/backtest-runner.js";
import type { Session } from "../../src/runtime/create-session.js";
import { WarmStandby } from "../../src/runtime/warm-standby.js";
import { ScanJournal } from "../../src/scanners/scan-journal.js";
import { SimulatedClock } from "../../src/time/simulated-clock.js";
import { buildDemoStore, type DemoStore, openDemoSession } from "../helpers/demo-session.js";

const INDICATORS = [
  { type: "ema", period: 20, interval: "5m" },
  { type: "rsi", period: 14, interval: "5m" },
];
let demo: DemoStore;

beforeAll(() => {
  demo = buildDemoStore({ symbols: 3, days: 3, historyDays: 30, lastDay: "2024-12-31" });
});
afterAll(() => demo?.dispose());

function standbyOn(
  session: Session,
  timeline: SimulatedClock,
  journal: ScanJournal,
  extra: { replay?: { date: string; speed: number }; lastDay?: string } = {},
): WarmStandby {
  return new WarmStandby(session, {
    timeline,
    replay: extra.replay,
    lastDay: extra.lastDay,
    scanners: [{ name: "values", universe: demo.symbols, indicators: INDICATORS }],
    journal,
    wall: timeline,
    logger: silentLogger,
  });
}

const values = (session: Session) =>
  ["ema_20_5m", "rsi_14_5m"].map((key) => [...session.sessionData.getIndicatorValues(key, demo.symbols)]);

describe("a warm standby", () => {
  it("follows the days (ended at the close, the next started) and holds a cold session's values", async () => {
    const calendar = demo.calendar;
    const first = calendar.requireSession("2024-12-27");
    const at = calendar.wallTime("2024-12-30", 11 * 60 + 7);
    const journal = ScanJournal.open(":memory:");
    const warm = openDemoSession(demo, first.preMarketAt);
    const cold = openDemoSession(demo, at);
    try {
      const timeline = new SimulatedClock(first.openAt + 30 * 60_000);
      const standby = standbyOn(warm, timeline, journal);
      await standby.catchUp();
      expect(standby.openDay).toEqual({ date: "2024-12-27", symbols: [], failed: [] });
      expect(warm.coordinator.currentSession?.date).toBe("2024-12-27");
      timeline.advanceTo(at);
      await standby.catchUp();
      expect(standby.openDay?.date).toBe("2024-12-30");
      expect(warm.clock.now()).toBe(at);

      cold.coordinator.startDay("2024-12-30");
      for (const symbol of demo.symbols) {
        for (const request of INDICATORS) {
          expect(await cold.sessionData.addIndicator(symbol, request.type, request, "values")).toBe(true);
        }
      }
      const warmValues = values(warm);
      expect(warmValues.flat().every(Number.isFinite)).toBe(true);
      expect(warmValues).toEqual(values(cold));
    } finally {
      warm.close();
      cold.close();
      journal.close();
    }
  }, 120_000);

  it("starts no day after lastDay", async () => {
    const calendar = demo.calendar;
    const journal = ScanJournal.open(":memory:");
    const session = openDemoSession(demo, calendar.requireSession("2024-12-27").preMarketAt);
    try {
      const timeline = new SimulatedClock(calendar.wallTime("2024-12-30", 10 * 60));
      const standby = standbyOn(session, timeline, journal, { lastDay: "2024-12-27" });
      await standby.catchUp();
      expect(standby.openDay).toBeUndefined();
      expect(session.coordinator.currentSession).toBeUndefined();
      expect(session.clock.now()).toBe(calendar.requireSession("2024-12-27").closeAt);
    } finally {
      session.close();
      journal.close();
    }
  }, 120_000);

  it("on a replay stays at or before 1 ms after the group's last journaled slot", async () => {
    const calendar = demo.calendar;
    const day = calendar.requireSession("2024-12-30");
    const replay = { date: "2024-12-30", speed: 600 };
    const journal = ScanJournal.open(":memory:");
    const session = openDemoSession(demo, day.preMarketAt);
    try {
      const timeline = new SimulatedClock(day.openAt + 60 * 60_000);
      const standby = standbyOn(session, timeline, journal, { replay, lastDay: "2024-12-30" });
      // Nothing journaled yet: the standby stays where the replay starts (the pre-market), where
      // it provisions the day as the leader does.
      await standby.catchUp();
      expect(session.clock.now()).toBe(day.preMarketAt);
      expect(standby.openDay?.date).toBe("2024-12-30");

      const run = journal.startRun({
        name: session.config.name,
        mode: "live",
        configHash: hashConfig(session.config),
        startedAt: day.preMarketAt,
        params: { replay, lastDay: "2024-12-30", resumes: null },
      });
      const slot = day.openAt + 15 * 60_000;
      journal.record(run, {
        scanner: "values",
        kind: "regular",
        sessionDate: "2024-12-30",
        scheduledAt: slot,
        startedAt: slot,
        durationMs: 1,
        status: "ok",
        error: null,
        universeSize: 3,
        symbols: [],
        metadata: {},
        promoted: [],
      });
      journal.flush();
      await standby.catchUp();
      expect(session.clock.now()).toBe(slot + 1);
      expect(standby.openDay?.date).toBe("2024-12-30");
      // The leader is further than this member's timeline: the timeline bounds it.
      journal.record(run, {
        scanner: "values",
        kind: "regular",
        sessionDate: "2024-12-30",
        scheduledAt: day.openAt + 2 * 3_600_000,
        startedAt: 0,
        durationMs: 1,
        status: "ok",
        error: null,
        universeSize: 3,
        symbols: [],
        metadata: {},
        promoted: [],
      });
      await standby.catchUp();
      expect(session.clock.now()).toBe(timeline.now());
    } finally {
      session.close();
      journal.close();
    }
  }, 120_000);
});
