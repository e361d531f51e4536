// The scan journal contract, one suite run against every backend (SQLite file, PostgreSQL
// database): exactly-once row keys, a run's lifecycle and a live run's resume, the alerts
// outbox's delivery states, readers during writes, and REAL child processes writing at once:
// two recording different runs, and two recording the same run's slots (one row per slot, and
// every `record` that answered `true` either reached the journal or is counted in droppedRows).

import { execFile } from "node:child_process";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { DataError, FencedWriteError, StoreError } from "../../src/core/errors.js";
import type { NotifyPolicy } from "../../src/scanners/alert-types.js";
import { ScanJournal } from "../../src/scanners/scan-journal.js";
import { DATE, MINUTE_MS, minuteRow, OPEN } from "../helpers/journal-minute-rows.js";
import { thrown } from "../helpers/thrown.js";
import type { JournalWriterJob, JournalWriterReport } from "./journal-writer-child.js";

const run = promisify(execFile);
const REPO = fileURLToPath(new URL("../../", import.meta.url));
const WRITER = fileURLToPath(new URL("./journal-writer-child.ts", import.meta.url));

export interface JournalBackend {
  readonly name: string;
  /** Where a new, empty journal can be opened (a file path or a database URL). */
  freshLocation(): Promise<string>;
  /** Removes what `freshLocation` made. */
  cleanup(): Promise<void>;
}

const NEW_POLICY: NotifyPolicy = {
  rule: "new",
  minIntervalMs: 0,
  quietHours: [],
  template: "{scanner} {time}: {symbols}",
  channels: ["hook", "chat"],
};

async function runWriter(job: JournalWriterJob): Promise<JournalWriterReport> {
  const { stdout } = await run(process.execPath, ["--import", "tsx", WRITER, JSON.stringify(job)], {
    cwd: REPO,
    timeout: 300_000,
  });
  return JSON.parse(stdout) as JournalWriterReport;
}

export function describeJournalContract(backend: JournalBackend): void {
  describe(`scan journal contract: ${backend.name}`, () => {
    let location: string;
    const open: ScanJournal[] = [];
    const openJournal = (options: Parameters<typeof ScanJournal.open>[1] = {}): ScanJournal => {
      const journal = ScanJournal.open(location, options);
      open.push(journal);
      return journal;
    };

    beforeEach(async () => {
      location = await backend.freshLocation();
    }, 60_000);
    afterEach(async () => {
      for (const journal of open.splice(0)) journal.close();
      await backend.cleanup();
    }, 60_000);

    it("keeps one row per slot key: a second record answers false, before and after the flush and after a reopen", () => {
      const journal = openJournal();
      const ref = journal.startRun({ name: "bt", mode: "backtest", configHash: "h", startedAt: 1 });
      expect(journal.record(ref, minuteRow("gaps", 0))).toBe(true);
      expect(journal.record(ref, minuteRow("gaps", 0, ["MSFT"]))).toBe(false);
      expect(journal.record(ref, minuteRow("vol", 0))).toBe(true);
      expect(journal.flush()).toBe(2);
      expect(journal.record(ref, minuteRow("gaps", 0))).toBe(false);
      journal.close();
      const again = openJournal();
      expect(again.hasRecorded(ref, "gaps", "regular", OPEN)).toBe(true);
      expect(again.record(ref, minuteRow("gaps", 0))).toBe(false);
      const rows = again.query({ run: ref });
      expect(rows.map((r) => [r.scanner, r.scheduledAt, r.symbols])).toEqual([
        ["gaps", OPEN, ["AAPL"]],
        ["vol", OPEN, ["AAPL"]],
      ]);
      expect(again.droppedRows).toBe(0);
      expect(again.summary(ref).map((s) => [s.scanner, s.scans, s.hits, s.days])).toEqual([
        ["gaps", 1, 1, 1],
        ["vol", 1, 1, 1],
      ]);
    });

    it("starts, resumes and finishes runs: only a running live run of the same config resumes, a finished run takes no rows", () => {
      const journal = openJournal();
      const live = journal.startRun({
        name: "day",
        mode: "live",
        configHash: "h1",
        startedAt: 10,
        params: { a: 1 },
      });
      const backtest = journal.startRun({ name: "day", mode: "backtest", configHash: "h1", startedAt: 11 });
      journal.record(live, minuteRow("gaps", 1));
      journal.close();

      const reopened = openJournal();
      expect(reopened.resumeRun("day", "live", "h1")).toEqual(live);
      expect(reopened.resumeRun("day", "live", "other")).toBeUndefined();
      expect(reopened.resumeRun("day", "backtest", "h1")).toBeUndefined();
      expect(reopened.finishRun(live, { finishedAt: 20, status: "completed" })).toBe(true);
      expect(reopened.finishRun(live, { finishedAt: 21, status: "failed" })).toBe(false);
      expect(reopened.resumeRun("day", "live", "h1")).toBeUndefined();
      expect(() => reopened.record(live, minuteRow("gaps", 2))).toThrow(StoreError);
      expect(() => reopened.record(999, minuteRow("gaps", 2))).toThrow(/has no run 999/);
      expect(() => reopened.record(backtest, { ...minuteRow("gaps", 2), kind: "weekly" as never })).toThrow(
        DataError,
      );
      expect(reopened.runs()).toEqual([
        {
          id: live.id,
          name: "day",
          mode: "live",
          configHash: "h1",
          startedAt: 10,
          finishedAt: 20,
          status: "completed",
          params: { a: 1 },
          rows: 1,
        },
        {
          id: backtest.id,
          name: "day",
          mode: "backtest",
          configHash: "h1",
          startedAt: 11,
          finishedAt: null,
          status: "running",
          params: null,
          rows: 0,
        },
      ]);
    });

    it("writes a slot's alerts with its row and moves them pending -> sent / failed once, never back", () => {
      const journal = openJournal({ alerts: { policies: new Map([["gaps", NEW_POLICY]]) } });
      const ref = journal.startRun({ name: "live", mode: "live", configHash: "h", startedAt: 0 });
      journal.record(ref, minuteRow("gaps", 0, ["AAPL"]));
      journal.record(ref, minuteRow("gaps", 1, ["AAPL", "MSFT"]));
      journal.flush();
      const scope = { session: "live", mode: "live" } as const;
      expect(journal.outbox.pendingLanes(scope)).toEqual([
        { scanner: "gaps", channel: "chat" },
        { scanner: "gaps", channel: "hook" },
      ]);
      const first = journal.outbox.nextPending(scope, { scanner: "gaps", channel: "hook" });
      expect([first?.scheduledAt, first?.status, first?.payload.symbols.map((hit) => hit.symbol)]).toEqual([
        OPEN,
        "pending",
        ["AAPL"],
      ]);
      journal.outbox.markRetry(first?.id as number, 1, 5_000, "HTTP 503");
      journal.outbox.markSent(first?.id as number, 2, 6_000);
      journal.outbox.markFailed(first?.id as number, 3, "too late");
      const chat = journal.outbox.nextPending(scope, { scanner: "gaps", channel: "chat" });
      journal.outbox.markFailed(chat?.id as number, 1, "HTTP 400");
      journal.outbox.markSent(chat?.id as number, 2, 7_000);
      const byId = new Map(journal.outbox.list().map((alert) => [alert.id, alert]));
      expect(byId.get(first?.id as number)).toMatchObject({
        status: "sent",
        attempts: 2,
        sentAt: 6_000,
        lastError: "HTTP 503",
      });
      expect(byId.get(chat?.id as number)).toMatchObject({
        status: "failed",
        attempts: 1,
        lastError: "HTTP 400",
      });
      expect(journal.outbox.counts(ref.id)).toEqual([
        { scanner: "gaps", pending: 2, sent: 1, failed: 1, recorded: 0 },
      ]);
      expect(journal.outbox.list({ status: "pending" }).map((a) => [a.scheduledAt, a.channel])).toEqual([
        [OPEN + MINUTE_MS, "hook"],
        [OPEN + MINUTE_MS, "chat"],
      ]);
    });

    it("lets a reader see whole flushed batches only, and follow new rows by cursor", () => {
      const writer = openJournal();
      const ref = writer.startRun({ name: "bt", mode: "backtest", configHash: "h", startedAt: 0 });
      for (let minute = 0; minute < 50; minute++)
        writer.record(ref, minuteRow("gaps", minute, [`S${minute % 3}`]));
      const reader = openJournal({ readOnly: true });
      expect(reader.query({ run: ref })).toEqual([]);
      const start = reader.lastRow();
      writer.flush();
      for (let minute = 50; minute < 80; minute++) writer.record(ref, minuteRow("gaps", minute));
      const seen = reader.rowsAfter(start);
      expect(seen.rows.map((r) => r.metadata)).toEqual(
        Array.from({ length: 50 }, (_, minute) => ({ minute })),
      );
      expect(reader.query({ run: ref, symbol: "S1" }).length).toBe(17);
      writer.flush();
      const next = reader.rowsAfter(seen.cursor);
      expect(next.rows.length).toBe(30);
      expect(reader.rowsAfter(next.cursor).rows).toEqual([]);
      expect(reader.recordedSlots(ref, DATE).length).toBe(80);
      expect(() => reader.startRun({ name: "x", mode: "backtest", configHash: "h", startedAt: 0 })).toThrow(
        StoreError,
      );
    });

    it("marks stale slots once and lists them in time order", () => {
      const journal = openJournal();
      const ref = journal.startRun({ name: "live", mode: "live", configHash: "h", startedAt: 0 });
      expect(journal.staleSlots(ref)).toEqual([]);
      journal.markFeedStale(ref, { scheduledAt: OPEN + 2 * MINUTE_MS, sessionDate: DATE, since: 5 });
      journal.markFeedStale(ref, { scheduledAt: OPEN, sessionDate: DATE, since: 1 });
      journal.markFeedStale(ref, { scheduledAt: OPEN, sessionDate: DATE, since: 9 });
      expect(journal.staleSlots(ref)).toEqual([
        { scheduledAt: OPEN, sessionDate: DATE, since: 1 },
        { scheduledAt: OPEN + 2 * MINUTE_MS, sessionDate: DATE, since: 5 },
      ]);
    });

    it("refuses a deposed leader's writes in the database once a newer token claimed the run: nothing of them is stored", () => {
      const alerts = { policies: new Map([["gaps", NEW_POLICY]]) };
      const stale = openJournal({ alerts, batchSize: 3 });
      const ref = stale.startRun({ name: "live", mode: "live", configHash: "h", startedAt: 0 });
      stale.claimRun(ref, 1);
      stale.record(ref, minuteRow("gaps", 0));
      expect(stale.flush()).toBe(1);
      // Recorded before the takeover, its flush delayed past it.
      stale.record(ref, minuteRow("gaps", 1, ["MSFT"]));

      const leader = openJournal({ alerts });
      expect(leader.resumeRun("live", "live", "h")).toEqual(ref);
      leader.claimRun(ref, 2);
      leader.record(ref, minuteRow("gaps", 2, ["NVDA"]));
      expect(leader.flush()).toBe(1);

      const refusal = thrown(() => stale.flush());
      expect(refusal).toBeInstanceOf(FencedWriteError);
      expect(refusal).toMatchObject({ code: "SCN_ERR_CLUSTER", runId: ref.id, token: 1, storedToken: 2 });
      expect((refusal as Error).message).toMatch(
        new RegExp(
          `run ${ref.id} was claimed by a newer leader \\(fencing token 2\\); this writer's token is 1: flush refused`,
        ),
      );
      expect(stale.pendingRows).toBe(0);
      expect(() =>
        stale.markFeedStale(ref, { scheduledAt: OPEN + MINUTE_MS, sessionDate: DATE, since: 1 }),
      ).toThrow(/markFeedStale refused, nothing written/);
      expect(() => stale.finishRun(ref, { finishedAt: 99, status: "interrupted" })).toThrow(
        /finishRun refused, nothing written/,
      );
      expect(() => stale.claimRun(ref, 1)).toThrow(FencedWriteError);
      // A record that fills the batch flushes at once, and is refused there.
      expect(stale.record(ref, minuteRow("gaps", 3))).toBe(true);
      expect(stale.record(ref, minuteRow("gaps", 4))).toBe(true);
      expect(() => stale.record(ref, minuteRow("gaps", 5))).toThrow(FencedWriteError);
      expect(stale.pendingRows).toBe(0);
      expect(() => leader.claimRun(ref, 0)).toThrow(DataError);

      expect(leader.query({ run: ref }).map((row) => [row.scheduledAt - OPEN, row.symbols])).toEqual([
        [0, ["AAPL"]],
        [2 * MINUTE_MS, ["NVDA"]],
      ]);
      expect(leader.staleSlots(ref)).toEqual([]);
      // Two channels for each of the two rows stored: none for the refused rows.
      expect(leader.outbox.counts(ref.id)).toEqual([
        { scanner: "gaps", pending: 4, sent: 0, failed: 0, recorded: 0 },
      ]);
      expect(leader.runs().map((info) => info.status)).toEqual(["running"]);
      // The leader's own writes go on, and the same token may claim again (a leader's restart of its run).
      leader.claimRun(ref, 2);
      expect(leader.finishRun(ref, { finishedAt: 100, status: "completed" })).toBe(true);
      stale.close();
    });

    it("two processes recording different runs at once keep every row of both", async () => {
      openJournal().close(); // created (migrated) once before the writers race
      const jobs = ["a", "b"].map(
        (name): JournalWriterJob => ({
          location,
          runName: name,
          scanner: `scan-${name}`,
          firstSlot: OPEN,
          slots: 300,
          flushEvery: 10,
        }),
      );
      const reports = await Promise.all(jobs.map(runWriter));
      expect(reports.map((report) => [report.accepted, report.dropped])).toEqual([
        [300, 0],
        [300, 0],
      ]);
      const journal = openJournal({ readOnly: true });
      expect(new Set(reports.map((report) => report.run)).size).toBe(2);
      expect(
        journal
          .runs()
          .map((info) => [info.name, info.rows])
          .sort(),
      ).toEqual([
        ["a", 300],
        ["b", 300],
      ]);
    }, 300_000);

    it("two processes recording the same run's slots: one row per slot, and every accepted row is written or counted dropped", async () => {
      const setup = openJournal();
      const ref = setup.startRun({ name: "shared", mode: "backtest", configHash: "h", startedAt: 0 });
      setup.close();
      const job: JournalWriterJob = {
        location,
        run: ref.id,
        runName: "shared",
        scanner: "gaps",
        firstSlot: OPEN,
        slots: 300,
        flushEvery: 5,
      };
      const reports = await Promise.all([runWriter(job), runWriter(job)]);
      const journal = openJournal({ readOnly: true });
      const rows = journal.query({ run: ref });
      expect(rows.length).toBe(300);
      expect(new Set(rows.map((r) => r.scheduledAt)).size).toBe(300);
      const written = reports.reduce((sum, report) => sum + report.accepted - report.dropped, 0);
      expect(written).toBe(300);
      // Each stored row is one of the two writers' own rows, whole.
      for (const stored of rows) {
        expect((stored.metadata as { i: number }).i).toBe((stored.scheduledAt - OPEN) / MINUTE_MS);
      }
    }, 300_000);
  });
}
