// The live view's feed (`/api/live`, server-sent events): the latest run of the journal as it
// grows. The journal is polled read-only on the injected Clock (a daemon in another process writes
// it; SQLite has no change notification across processes). Each poll sends what is new since the
// last one to every subscriber; a new subscriber first gets a snapshot of the run's current day.
//
// Events (each `data:` is one JSON object):
//   run    the run followed (the latest; a new run replaces it), as in /api/runs
//   row    a journal row not sent before, as in /api/runs/ID/rows
//   next   the day's slots not journaled yet (needs the session config), the first 20
//   alert  an alert of the run's day (the outbox), as in /api/runs/ID/alerts, when it first appears
//          and again each time its status or attempts change (pending → sent or failed)
// Rows already sent are remembered by their identity (scanner, kind, slot), so a row is sent once;
// alerts by their id with the state last sent.

import type { ServerResponse } from "node:http";
import type { AlertRow } from "../scanners/alert-types.js";
import { alertRowJson, journalRowJson, runInfoJson } from "../scanners/journal-json-view.js";
import type { JournalRow, RunInfo } from "../scanners/journal-types.js";
import { scanSlots } from "../scanners/scheduler.js";
import type { Clock, TimerHandle } from "../time/clock.js";
import type { DashboardSources } from "./dashboard-sources.js";

export const DEFAULT_LIVE_POLL_MS = 500;
/** Upcoming slots sent in a `next` event. */
export const NEXT_SLOTS = 20;

export interface LiveFeedOptions {
  readonly clock: Clock;
  readonly pollMs?: number;
  /** Called with an error a poll ran into (a locked or unreadable journal); the feed goes on. */
  readonly onError: (error: unknown) => void;
}

interface FollowedRun {
  readonly id: number;
  info: RunInfo;
  /** Identities of the rows sent. */
  readonly sent: Set<string>;
  /** The latest session date seen: later polls read from there on. */
  lastDate: string | undefined;
  /** The day's rows so far (for a new subscriber's snapshot). */
  readonly dayRows: JournalRow[];
  /** The day's alerts by id, as last sent (for the snapshot, and to send only changes). */
  readonly dayAlerts: Map<number, AlertRow>;
}

export class LiveFeed {
  private readonly subscribers = new Set<ServerResponse>();
  private readonly pollMs: number;
  private timer: TimerHandle | undefined;
  private followed: FollowedRun | undefined;
  private closed = false;

  constructor(
    private readonly sources: DashboardSources,
    private readonly options: LiveFeedOptions,
  ) {
    this.pollMs = options.pollMs ?? DEFAULT_LIVE_POLL_MS;
  }

  /** Starts streaming to `response` (headers are written here) until the client goes away. */
  subscribe(response: ServerResponse): void {
    response.writeHead(200, {
      "Content-Type": "text/event-stream; charset=utf-8",
      "Cache-Control": "no-store",
      Connection: "keep-alive",
    });
    response.write("retry: 2000\n\n");
    // Caught up first, so the snapshot below is complete and no row reaches this client twice.
    this.poll();
    this.subscribers.add(response);
    response.on("close", () => this.subscribers.delete(response));
    const run = this.followed;
    if (run) {
      send(response, "run", runInfoJson(this.sources.calendar, run.info));
      for (const row of run.dayRows) send(response, "row", journalRowJson(this.sources.calendar, row));
      for (const alert of run.dayAlerts.values())
        send(response, "alert", alertRowJson(this.sources.calendar, alert));
      send(response, "next", this.nextSlots(run));
    }
    this.arm();
  }

  /** Ends every stream and stops polling. */
  close(): void {
    this.closed = true;
    if (this.timer) this.options.clock.cancelTimer(this.timer);
    this.timer = undefined;
    for (const response of this.subscribers) response.end();
    this.subscribers.clear();
  }

  private arm(): void {
    if (this.closed || this.timer !== undefined || this.subscribers.size === 0) return;
    this.timer = this.options.clock.setTimer(
      this.options.clock.now() + this.pollMs,
      () => {
        this.timer = undefined;
        this.poll();
        this.arm();
      },
      "live-feed poll",
    );
  }

  /** Reads what is new and sends it to every subscriber. */
  private poll(): void {
    try {
      const runs = this.sources.journal.runs();
      const latest = runs[runs.length - 1];
      if (!latest) return;
      if (this.followed?.id !== latest.id) {
        this.followed = {
          id: latest.id,
          info: latest,
          sent: new Set(),
          lastDate: undefined,
          dayRows: [],
          dayAlerts: new Map(),
        };
        this.broadcast("run", runInfoJson(this.sources.calendar, latest));
      } else if (this.followed.info.status !== latest.status || this.followed.info.rows !== latest.rows) {
        this.followed.info = latest;
        this.broadcast("run", runInfoJson(this.sources.calendar, latest));
      }
      const run = this.followed;
      const rows = this.sources.journal.query({
        run: run.id,
        ...(run.lastDate === undefined ? {} : { from: run.lastDate }),
      });
      let fresh = 0;
      for (const row of rows) {
        const identity = `${row.scanner}|${row.kind}|${row.scheduledAt}`;
        if (run.sent.has(identity)) continue;
        run.sent.add(identity);
        if (
          row.sessionDate !== run.lastDate &&
          (run.lastDate === undefined || row.sessionDate > run.lastDate)
        ) {
          run.lastDate = row.sessionDate;
          run.dayRows.length = 0;
          run.dayAlerts.clear();
        }
        if (row.sessionDate === run.lastDate) run.dayRows.push(row);
        this.broadcast("row", journalRowJson(this.sources.calendar, row));
        fresh++;
      }
      if (fresh > 0) this.broadcast("next", this.nextSlots(run));
      this.pollAlerts(run);
    } catch (error) {
      this.options.onError(error);
    }
  }

  /** Sends the day's alerts that are new or changed since the last poll. */
  private pollAlerts(run: FollowedRun): void {
    if (run.lastDate === undefined) return;
    for (const alert of this.sources.journal.outbox.list({ run: run.id, from: run.lastDate })) {
      if (alert.sessionDate !== run.lastDate) continue;
      const before = run.dayAlerts.get(alert.id);
      if (before && before.status === alert.status && before.attempts === alert.attempts) continue;
      run.dayAlerts.set(alert.id, alert);
      this.broadcast("alert", alertRowJson(this.sources.calendar, alert));
    }
  }

  /** The day's slots after the latest journaled one, from the config's schedule. */
  private nextSlots(run: FollowedRun): Array<{ scanner: string; kind: string; at: string }> {
    const date = run.lastDate;
    const loaded = this.sources.loaded;
    if (date === undefined || loaded === undefined || run.info.status !== "running") return [];
    const latestAt = Math.max(...run.dayRows.map((row) => row.scheduledAt));
    const calendar = this.sources.calendar;
    return scanSlots(
      calendar,
      loaded.scanners.filter((scanner) => scanner.enabled),
      date,
    )
      .filter((slot) => slot.at > latestAt)
      .slice(0, NEXT_SLOTS)
      .map((slot) => ({ scanner: slot.scanner, kind: slot.kind, at: calendar.formatInstant(slot.at) }));
  }

  private broadcast(event: string, data: unknown): void {
    for (const response of this.subscribers) send(response, event, data);
  }
}

function send(response: ServerResponse, event: string, data: unknown): void {
  response.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
}
