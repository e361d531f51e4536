// The outbox in the journal: a slot's alerts are committed in the same transaction as its row
// (neither without the other, even when the write fails), with the exact payload and a stable
// idempotency key; backtests record alerts without sending; a journal opened again (a restarted
// daemon, resuming or continuing the run) applies the rules to the rest of the day exactly as
// an uninterrupted process would.

import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { idempotencyKey } from "../../../src/scanners/alert-planner.js";
import type { NotifyPolicy } from "../../../src/scanners/alert-types.js";
import { type JournalRecord, ScanJournal } from "../../../src/scanners/scan-journal.js";
import { calendarOf } from "../../../src/time/markets/index.js";

const DATE = "2024-12-02";
const at = (time: string): number => Date.parse(`${DATE}T${time}:00-05:00`);

const NEW_POLICY: NotifyPolicy = {
  rule: "new",
  minIntervalMs: 0,
  quietHours: [],
  template: "{scanner} {time}: {symbols}",
  channels: ["hook", "chat"],
};
const ALERTS = { policies: new Map([["gaps", NEW_POLICY]]) };

function scan(time: string, symbols: string[], metadata: unknown = {}): JournalRecord {
  return {
    scanner: "gaps",
    kind: "regular",
    sessionDate: DATE,
    scheduledAt: at(time),
    startedAt: at(time),
    durationMs: 1,
    status: "ok",
    universeSize: 10,
    symbols,
    metadata,
    promoted: [],
  };
}

describe("alert outbox", () => {
  let dir: string;
  let path: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), "scanwright-outbox-"));
    path = join(dir, "journal.db");
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it("commits a slot's alerts with its row, one per channel, with the full payload", () => {
    const journal = ScanJournal.open(path, { alerts: ALERTS });
    try {
      let commits = 0;
      journal.onAlertsCommitted(() => commits++);
      const run = journal.startRun({ name: "live", mode: "live", configHash: "h", startedAt: 0 });
      journal.record(
        run,
        scan("10:00", ["AAPL", "MSFT"], { hits: { AAPL: { gap: 2.5 }, MSFT: { gap: -3 } } }),
      );
      expect(journal.outbox.list()).toEqual([]);
      journal.flush();
      expect(commits).toBe(1);
      const alerts = journal.outbox.list();
      expect(alerts.map((alert) => [alert.channel, alert.status, alert.attempts, alert.key])).toEqual([
        [
          "hook",
          "pending",
          0,
          idempotencyKey(run, { scanner: "gaps", kind: "regular", scheduledAt: at("10:00") }, "hook"),
        ],
        [
          "chat",
          "pending",
          0,
          idempotencyKey(run, { scanner: "gaps", kind: "regular", scheduledAt: at("10:00") }, "chat"),
        ],
      ]);
      expect(alerts[0].key).toMatch(/^sw-[0-9a-f]{32}$/);
      expect(alerts[0].key).not.toBe(alerts[1].key);
      expect(alerts[0].payload).toEqual({
        id: alerts[0].key,
        session: "live",
        run: run.id,
        scanner: "gaps",
        kind: "regular",
        sessionDate: DATE,
        scheduledAt: "2024-12-02T10:00:00-05:00",
        rule: "new",
        channel: "hook",
        symbols: [
          { symbol: "AAPL", values: { gap: 2.5 } },
          { symbol: "MSFT", values: { gap: -3 } },
        ],
        left: [],
        hits: ["AAPL", "MSFT"],
        text: "gaps 10:00: AAPL (gap=2.5), MSFT (gap=-3)",
      });
      // Nothing new at 10:30: no alert, no commit notice.
      journal.record(run, scan("10:30", ["MSFT"]));
      journal.flush();
      expect(journal.outbox.list()).toHaveLength(2);
      expect(commits).toBe(1);
    } finally {
      journal.close();
    }
  });

  it("writes neither the row nor its alerts when the transaction fails, and both on the next flush", () => {
    const journal = ScanJournal.open(path, { alerts: ALERTS, busyTimeoutMs: 50 });
    const blocker = new Database(path);
    try {
      const run = journal.startRun({ name: "live", mode: "live", configHash: "h", startedAt: 0 });
      journal.record(run, scan("10:00", ["AAPL"]));
      blocker.exec("BEGIN IMMEDIATE");
      expect(() => journal.flush()).toThrow(/is locked by another connection/);
      blocker.exec("ROLLBACK");
      const count = (table: string) => blocker.prepare(`SELECT count(*) FROM ${table}`).pluck().get();
      expect([count("scans"), count("alerts")]).toEqual([0, 0]);
      expect(journal.flush()).toBe(1);
      expect([count("scans"), count("alerts")]).toEqual([1, 2]);
    } finally {
      blocker.close();
      journal.close();
    }
  });

  it("records a backtest's alerts without sending them, unless asked to", () => {
    for (const [sendBacktests, status] of [
      [false, "recorded"],
      [true, "pending"],
    ] as const) {
      const journal = ScanJournal.open(join(dir, `backtest-${sendBacktests}.db`), {
        alerts: { ...ALERTS, sendBacktests },
      });
      try {
        let commits = 0;
        journal.onAlertsCommitted(() => commits++);
        const run = journal.startRun({ name: "bt", mode: "backtest", configHash: "h", startedAt: 0 });
        journal.record(run, scan("10:00", ["AAPL"]));
        journal.flush();
        expect(journal.outbox.list().map((alert) => alert.status)).toEqual([status, status]);
        expect(journal.outbox.counts(run.id)).toEqual([
          {
            scanner: "gaps",
            pending: status === "pending" ? 2 : 0,
            sent: 0,
            failed: 0,
            recorded: status === "recorded" ? 2 : 0,
          },
        ]);
        expect(commits).toBe(sendBacktests ? 1 : 0);
      } finally {
        journal.close();
      }
    }
  });

  it("continues the day's rules after a restart, resuming the run or continuing it in a new one", () => {
    const day = [
      scan("10:00", ["AAPL", "MSFT"]),
      scan("10:30", ["MSFT", "IBM"]),
      scan("11:00", ["AAPL", "IBM", "KO"]),
      scan("11:30", ["KO", "XOM"]),
    ];
    const alertedSymbols = (journal: ScanJournal) => {
      journal.flush();
      return journal.outbox
        .list()
        .filter((alert) => alert.channel === "hook")
        .map((alert) => alert.payload.symbols.map((entry) => entry.symbol).join(" "));
    };
    const expected = ["AAPL MSFT", "IBM", "KO", "XOM"];

    // Uninterrupted.
    const whole = ScanJournal.open(join(dir, "whole.db"), { alerts: ALERTS });
    const run = whole.startRun({ name: "live", mode: "live", configHash: "h", startedAt: 0 });
    for (const row of day) whole.record(run, row);
    expect(alertedSymbols(whole)).toEqual(expected);
    whole.close();

    // The same run resumed by a second process after two slots.
    const first = ScanJournal.open(path, { alerts: ALERTS });
    const resumedRun = first.startRun({ name: "live", mode: "live", configHash: "h", startedAt: 0 });
    first.record(resumedRun, day[0]);
    first.record(resumedRun, day[1]);
    first.close();
    const second = ScanJournal.open(path, { alerts: ALERTS });
    const again = second.resumeRun("live", "live", "h");
    expect(again?.id).toBe(resumedRun.id);
    second.record(resumedRun, day[2]);
    second.record(resumedRun, day[3]);
    expect(alertedSymbols(second)).toEqual(expected);
    // A new run continuing the first (a daemon restarted after a clean stop).
    second.finishRun(resumedRun, { finishedAt: 1, status: "interrupted" });
    const next = second.startRun({
      name: "live",
      mode: "live",
      configHash: "h",
      startedAt: 2,
      params: { resumes: resumedRun.id },
    });
    second.record(next, { ...scan("12:00", ["AAPL", "TSLA"]) });
    expect(alertedSymbols(second).at(-1)).toBe("TSLA");
    second.close();
  });

  it("adds the outbox to a journal written before alerts existed", () => {
    const old = ScanJournal.open(path);
    const run = old.startRun({ name: "live", mode: "live", configHash: "h", startedAt: 0 });
    old.record(run, scan("10:00", ["AAPL"]));
    old.close();
    const db = new Database(path);
    db.exec("DROP TABLE alerts");
    db.close();
    const reopened = ScanJournal.open(path, { alerts: ALERTS });
    try {
      reopened.record(run, scan("10:30", ["MSFT"]));
      reopened.flush();
      expect(reopened.outbox.list().map((alert) => alert.payload.text)).toEqual([
        "gaps 10:30: MSFT",
        "gaps 10:30: MSFT",
      ]);
      expect(reopened.query({ run: run.id }).map((row) => row.symbols)).toEqual([["AAPL"], ["MSFT"]]);
    } finally {
      reopened.close();
    }
  });
});

describe("alerts of a session on another exchange", () => {
  it("formats the slot and applies quiet hours in the exchange's own time zone (Tokyo)", () => {
    const quietLunch: NotifyPolicy = {
      ...NEW_POLICY,
      rule: "every",
      channels: ["hook"],
      quietHours: [{ startMinute: 11 * 60 + 30, endMinute: 12 * 60 + 30 }],
    };
    const journal = ScanJournal.open(":memory:", {
      alerts: { policies: new Map([["gaps", quietLunch]]), calendar: calendarOf("XTKS") },
    });
    try {
      const run = journal.startRun({ name: "tokyo", mode: "live", configHash: "h", startedAt: 0 });
      const tokyo = (time: string) => Date.parse(`2024-12-02T${time}:00+09:00`);
      for (const time of ["09:30", "11:45", "13:00"]) {
        journal.record(run, { ...scan("10:00", ["7203"]), scheduledAt: tokyo(time), startedAt: tokyo(time) });
      }
      journal.flush();
      expect(journal.outbox.list().map((alert) => [alert.payload.scheduledAt, alert.payload.text])).toEqual([
        ["2024-12-02T09:30:00+09:00", "gaps 09:30: 7203"],
        ["2024-12-02T13:00:00+09:00", "gaps 13:00: 7203"],
      ]);
    } finally {
      journal.close();
    }
  });
});
