// A backtest that fails mid-day (here the journal's disk gives out at one slot) tears its scanners
// down as the daemon does (DESIGN §6: teardown runs once, even after errors), finishes its run as
// `failed`, and rethrows the failure unchanged.

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { StoreError } from "../../src/core/errors.js";
import { RecordingLogger } from "../../src/core/logger.js";
import { runBacktest } from "../../src/runtime/backtest-runner.js";
import { createSession } from "../../src/runtime/create-session.js";
import type { LoadedScanner } from "../../src/scanners/plugin-loader.js";
import { ScanJournal } from "../../src/scanners/scan-journal.js";
import { parseSessionTime } from "../../src/time/session-time.js";
import { buildDemoStore, type DemoStore } from "../helpers/demo-session.js";
import { scannerSpec } from "../helpers/scanner-spec.js";

const DAY = "2024-12-02";

function scanner(name: string, universe: readonly string[], calls: string[]): LoadedScanner {
  const spec = scannerSpec(name, {
    universe: [...universe],
    regular_session: [{ start: parseSessionTime("10:00"), end: parseSessionTime("12:00"), interval: "30m" }],
    timeout_ms: 5_000,
  });
  return {
    spec,
    config: {},
    definition: {
      name,
      setup: () => {
        calls.push(`${name} setup`);
      },
      scan: () => {
        calls.push(`${name} scan`);
        return { symbols: [] };
      },
      teardown: () => {
        calls.push(`${name} teardown`);
      },
    },
  };
}

describe("a backtest that fails mid-day", () => {
  let demo: DemoStore;
  beforeAll(() => {
    demo = buildDemoStore({ symbols: 3, days: 2, historyDays: 5, seed: 5, lastDay: DAY });
  });
  afterAll(() => demo.dispose());

  it("tears its scanners down once, finishes the run as failed, and rethrows the failure", async () => {
    const journal = ScanJournal.open(":memory:");
    const session = createSession(
      { name: "failing", backtest: { start: DAY, end: DAY }, store: demo.path },
      { calendar: demo.calendar, logger: new RecordingLogger() },
    );
    const failAt = demo.calendar.requireSession(DAY).openAt + 90 * 60_000; // 11:00
    const diskFull = new StoreError("disk full while journaling");
    const record = journal.record.bind(journal);
    journal.record = (run, row) => {
      if (row.kind === "regular" && row.scheduledAt === failAt) throw diskFull;
      return record(run, row);
    };
    const calls: string[] = [];
    try {
      const scanners = [scanner("alpha", demo.symbols, calls), scanner("beta", demo.symbols, calls)];
      await expect(runBacktest(session, scanners, journal)).rejects.toBe(diskFull);
      // alpha's 11:00 scan ran and its row could not be written: the day stops there.
      expect(calls).toEqual([
        "alpha setup",
        "beta setup",
        "alpha scan",
        "beta scan",
        "alpha scan",
        "beta scan",
        "alpha scan",
        "alpha teardown",
        "beta teardown",
      ]);
      const [run] = journal.runs();
      expect(run.status).toBe("failed");
      expect(
        journal
          .query({ run: run.id, kind: "teardown" })
          .map((row) => `${row.scanner} ${demo.calendar.formatInstant(row.scheduledAt)} ${row.status}`),
      ).toEqual(["alpha 2024-12-02T11:00:00-05:00 ok", "beta 2024-12-02T11:00:00-05:00 ok"]);
    } finally {
      session.close();
      journal.close();
    }
  });
});
