// The live feed on a SimulatedClock: a subscriber first gets the followed run and its current day,
// then each poll sends the rows journaled since (once each), a new run replaces the followed one,
// and closing ends the streams and the polling. The journal is written by a second connection,
// as a daemon in another process writes it.

import { EventEmitter } from "node:events";
import { mkdtempSync, rmSync } from "node:fs";
import type { ServerResponse } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { JournalRecord } from "../../../src/scanners/journal-types.js";
import { ScanJournal } from "../../../src/scanners/scan-journal.js";
import { SimulatedClock } from "../../../src/time/simulated-clock.js";
import { DashboardSources } from "../../../src/web/dashboard-sources.js";
import { LiveFeed } from "../../../src/web/live-feed.js";

/** Collects what the feed writes, as an HTTP response would send it. */
class FakeResponse extends EventEmitter {
  status: number | undefined;
  ended = false;
  private text = "";
  writeHead(status: number): this {
    this.status = status;
    return this;
  }
  write(chunk: string): boolean {
    this.text += chunk;
    return true;
  }
  end(): this {
    this.ended = true;
    return this;
  }
  /** The events sent so far, as `[name, data]`. */
  events(): Array<[string, unknown]> {
    return this.text
      .split("\n\n")
      .filter((block) => block.startsWith("event: "))
      .map((block) => {
        const [eventLine, dataLine] = block.split("\n");
        return [eventLine.slice(7), JSON.parse(dataLine.slice(6))];
      });
  }
}

const at = (iso: string) => Date.parse(iso);
function row(scanner: string, iso: string, symbols: string[] = []): JournalRecord {
  return {
    scanner,
    kind: "regular",
    sessionDate: iso.slice(0, 10),
    scheduledAt: at(iso),
    startedAt: at(iso),
    durationMs: 1,
    status: "ok",
    universeSize: 3,
    symbols,
    metadata: {},
    promoted: [],
  };
}
const rowSlots = (response: FakeResponse) =>
  response
    .events()
    .filter(([name]) => name === "row")
    .map(([, data]) => `${(data as { run: number }).run} ${(data as { scheduledAt: string }).scheduledAt}`);

describe("LiveFeed", () => {
  let dir: string;
  let writer: ScanJournal;
  let sources: DashboardSources;
  let clock: SimulatedClock;
  let feed: LiveFeed;
  const errors: unknown[] = [];

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), "scanwright-live-feed-"));
    const path = join(dir, "journal.db");
    writer = ScanJournal.open(path);
    const run = writer.startRun({
      name: "live",
      mode: "live",
      configHash: "h",
      startedAt: at("2024-12-30T09:00:00-05:00"),
    });
    writer.record(run, row("a", "2024-12-27T10:00:00-05:00", ["OLD"]));
    writer.record(run, row("a", "2024-12-30T10:00:00-05:00", ["X"]));
    writer.record(run, row("b", "2024-12-30T10:05:00-05:00"));
    writer.flush();
    sources = DashboardSources.open({ journalPath: path });
    clock = new SimulatedClock(at("2026-01-01T00:00:00Z"));
    feed = new LiveFeed(sources, { clock, pollMs: 500, onError: (error) => errors.push(error) });
  });

  afterEach(() => {
    feed.close();
    writer.close();
    sources.close();
    rmSync(dir, { recursive: true, force: true });
    expect(errors).toEqual([]);
    errors.length = 0;
  });

  it("sends a new subscriber the run and its current day's rows", () => {
    const response = new FakeResponse();
    feed.subscribe(response as unknown as ServerResponse);
    expect(response.status).toBe(200);
    const events = response.events();
    expect(events.map(([name]) => name)).toEqual(["run", "row", "row", "next"]);
    expect(events[0][1]).toMatchObject({ id: 1, name: "live", status: "running", rows: 3 });
    expect(rowSlots(response)).toEqual(["1 2024-12-30T10:00:00-05:00", "1 2024-12-30T10:05:00-05:00"]);
    // Without a session config there is no schedule to tell the next slots.
    expect(events[3][1]).toEqual([]);
  });

  it("sends each row journaled after that once, at the next poll", () => {
    const response = new FakeResponse();
    feed.subscribe(response as unknown as ServerResponse);
    writer.record(1, row("a", "2024-12-30T10:10:00-05:00", ["Y"]));
    writer.flush();
    clock.advance(499);
    expect(rowSlots(response)).toHaveLength(2);
    clock.advance(1);
    clock.advance(500);
    clock.advance(500);
    expect(rowSlots(response)).toEqual([
      "1 2024-12-30T10:00:00-05:00",
      "1 2024-12-30T10:05:00-05:00",
      "1 2024-12-30T10:10:00-05:00",
    ]);
    const runs = response.events().filter(([name]) => name === "run");
    expect(runs.map(([, data]) => (data as { rows: number }).rows)).toEqual([3, 4]);
  });

  it("follows a new run as soon as it appears", () => {
    const response = new FakeResponse();
    feed.subscribe(response as unknown as ServerResponse);
    writer.finishRun(1, { finishedAt: at("2024-12-30T16:00:00-05:00"), status: "interrupted" });
    const second = writer.startRun({
      name: "live",
      mode: "live",
      configHash: "h",
      startedAt: at("2024-12-31T09:00:00-05:00"),
    });
    writer.record(second, row("a", "2024-12-31T10:00:00-05:00", ["Z"]));
    writer.flush();
    clock.advance(500);
    const tail = response.events().slice(4);
    expect(tail.map(([name]) => name)).toEqual(["run", "row", "next"]);
    expect(tail[0][1]).toMatchObject({ id: 2, status: "running", rows: 1 });
    expect(rowSlots(response).at(-1)).toBe("2 2024-12-31T10:00:00-05:00");
  });

  it("polls only while someone listens, and closing ends the streams", () => {
    expect(clock.pendingTimers()).toEqual([]);
    const response = new FakeResponse();
    feed.subscribe(response as unknown as ServerResponse);
    expect(clock.pendingTimers().map((timer) => timer.label)).toEqual(["live-feed poll"]);
    response.emit("close");
    clock.advance(500);
    expect(clock.pendingTimers()).toEqual([]);
    const other = new FakeResponse();
    feed.subscribe(other as unknown as ServerResponse);
    feed.close();
    expect(other.ended).toBe(true);
    expect(clock.pendingTimers()).toEqual([]);
  });
});
