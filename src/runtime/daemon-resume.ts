// How a (re)started daemon finds where it left off in the scan journal.
//
// A daemon run is a live run of the journal whose params say which timeline it is on (the real
// date, or a paced replay of a stored date). A new daemon process continues the latest such run of
// the same session name and config hash that did not complete:
//   - still `running` (the process died: SIGKILL, crash, power cut): the journal's `resumeRun`
//     hands it back and the daemon goes on writing into it;
//   - `interrupted` (SIGINT/SIGTERM) or `failed`: that run takes no more rows, so the daemon starts
//     a new run whose params name it (`resumes`), and counts the rows of the whole chain.
// Either way the slots the chain journaled are not run again, and the restart instant is strictly
// after everything the chain journaled or finished at.

import { z } from "zod";
import type { JournalKind, RunInfo } from "../scanners/journal-types.js";
import type { ScanJournal } from "../scanners/scan-journal.js";
import type { ExchangeCalendar } from "../time/exchange-calendar.js";

/** What a daemon run records as its params (the journal stores them as JSON). */
export const daemonRunParamsSchema = z.object({
  /** A paced replay: the stored date it replays from and its speed; `null` on the real date. */
  replay: z.object({ date: z.string(), speed: z.number() }).nullable(),
  /** The last trading day the run trades (`--days`, or the last stored day of a replay), if bounded. */
  lastDay: z.string().nullable(),
  /** The interrupted or failed run this one continues. */
  resumes: z.number().int().nullable(),
  /** The session's exchange (MIC): readers format the run's times in its zone. Absent in older journals. */
  exchange: z.string().optional(),
});
export type DaemonRunParams = z.output<typeof daemonRunParamsSchema>;

export interface PreviousRun {
  /** The run to continue: `running` (resume it) or `interrupted`/`failed` (continue in a new run). */
  readonly latest: RunInfo;
  /** `latest` and the runs it continues, newest first: their rows count as journaled. */
  readonly chain: readonly RunInfo[];
}

/**
 * The latest daemon run named `name` under `configHash` on the same timeline (same replay date, or
 * both on the real date), if it did not complete; `undefined` when there is none to continue.
 */
export function findPreviousRun(
  journal: ScanJournal,
  name: string,
  configHash: string,
  replayDate: string | undefined,
): PreviousRun | undefined {
  const daemonRuns = new Map<number, { info: RunInfo; params: DaemonRunParams }>();
  for (const info of journal.runs()) {
    if (info.mode !== "live" || info.name !== name || info.configHash !== configHash) continue;
    const params = daemonRunParamsSchema.safeParse(info.params);
    if (!params.success || params.data.replay?.date !== replayDate) continue;
    daemonRuns.set(info.id, { info, params: params.data });
  }
  const latest = [...daemonRuns.values()].at(-1);
  if (latest === undefined || latest.info.status === "completed") return undefined;
  const chain: RunInfo[] = [];
  for (let link: typeof latest | undefined = latest; link !== undefined; ) {
    chain.push(link.info);
    const resumes: number | null = link.params.resumes;
    // Follow older runs only (ids grow), so a hand-edited cycle cannot loop.
    link = resumes !== null && resumes < link.info.id ? daemonRuns.get(resumes) : undefined;
  }
  return { latest: latest.info, chain };
}

export interface ResumePoint {
  /** The last trading day on which the chain journaled rows. */
  readonly lastDate: string | undefined;
  /** The latest instant the chain journaled a row at or finished at: the restart goes on after it. */
  readonly lastAt: number | undefined;
}

/**
 * Where the chain stopped: the latest trading day with rows, searched backwards from `searchFrom`
 * (the latest day rows could be on) to the day the chain's first run started.
 */
export function findResumePoint(
  journal: ScanJournal,
  calendar: ExchangeCalendar,
  chain: readonly RunInfo[],
  searchFrom: string,
): ResumePoint {
  let lastAt: number | undefined;
  for (const run of chain) {
    if (run.finishedAt !== null) lastAt = Math.max(lastAt ?? run.finishedAt, run.finishedAt);
  }
  const earliest = calendar.dateOf(Math.min(...chain.map((run) => run.startedAt)));
  let date = calendar.isTradingDay(searchFrom) ? searchFrom : calendar.previousTradingDay(searchFrom);
  for (; date >= earliest; date = calendar.previousTradingDay(date)) {
    const slots = chain.flatMap((run) => journal.recordedSlots(run.id, date));
    if (slots.length === 0) continue;
    const lastRowAt = Math.max(...slots.map((slot) => slot.scheduledAt));
    return { lastDate: date, lastAt: Math.max(lastAt ?? lastRowAt, lastRowAt) };
  }
  return { lastDate: undefined, lastAt };
}

/** The identity of a slot within a day: scanner, kind and instant. */
export function slotKey(scanner: string, kind: JournalKind, at: number): string {
  return `${scanner}\u0000${kind}\u0000${at}`;
}

/** The slots of `date` the runs journaled (any status, every kind), as `slotKey`s. */
export function journaledSlotKeys(
  journal: ScanJournal,
  runIds: readonly number[],
  date: string,
): Set<string> {
  const keys = new Set<string>();
  for (const runId of runIds) {
    for (const slot of journal.recordedSlots(runId, date))
      keys.add(slotKey(slot.scanner, slot.kind, slot.scheduledAt));
  }
  return keys;
}
