// Where a daemon starts: the previous daemon run of its session it continues (if any), the instant
// it starts trading at (never before anything that run journaled), and the run its rows go to.

import type { SessionConfig } from "../config/session-config.js";
import type { RunRef } from "../scanners/journal-types.js";
import type { ScanJournal } from "../scanners/scan-journal.js";
import type { Clock, ClockControl } from "../time/clock.js";
import type { ExchangeCalendar } from "../time/exchange-calendar.js";
import { hashConfig } from "./backtest-runner.js";
import {
  type DaemonRunParams,
  findPreviousRun,
  findResumePoint,
  type PreviousRun,
  type ResumePoint,
} from "./daemon-resume.js";

export interface ReplaySpec {
  /** The stored date replayed (`YYYY-MM-DD`): a restart with the same date continues the run. */
  readonly date: string;
  /** Replayed ms per real ms. */
  readonly speed: number;
}

/** `new`, `resumed` (the same run, left running by a dead process) or `continued` (a new run after an interrupted or failed one). */
export type DaemonOrigin = "new" | "resumed" | "continued";

export interface DaemonStart {
  readonly run: RunRef;
  readonly origin: DaemonOrigin;
  /** The run continued, when `origin` is `continued`. */
  readonly continues: number | undefined;
  /** The previous runs whose rows count as journaled (empty for a new run). */
  readonly journaledRuns: readonly number[];
  readonly resumePoint: ResumePoint | undefined;
  /** The instant the daemon starts trading at; both clocks stand there (or later, for the timeline). */
  readonly startAt: number;
}

export interface DaemonStartInput {
  readonly journal: ScanJournal;
  readonly calendar: ExchangeCalendar;
  readonly config: SessionConfig;
  /** The session clock (manual) and the live timeline (skippable in a replay). */
  readonly sessionClock: {
    readonly clock: Clock;
    readonly control: Extract<ClockControl, { kind: "manual" }>;
  };
  readonly timeline: Clock;
  readonly replay: ReplaySpec | undefined;
  readonly lastDay: string | undefined;
}

export interface ResumeLookup {
  readonly journal: ScanJournal;
  readonly calendar: ExchangeCalendar;
  readonly config: SessionConfig;
  /** The live timeline's now. */
  readonly now: number;
  readonly replay: ReplaySpec | undefined;
  readonly lastDay: string | undefined;
}

/**
 * The previous daemon run a daemon starting now continues, and where it left off (reads only): what
 * `startDaemonRun` starts from, and what a warm HA standby follows (warm-standby.ts).
 */
export function findDaemonResume(input: ResumeLookup): {
  readonly configHash: string;
  readonly previous: PreviousRun | undefined;
  readonly resumePoint: ResumePoint | undefined;
} {
  const { journal, calendar, config, replay } = input;
  const configHash = hashConfig(config);
  const previous = findPreviousRun(journal, config.name, configHash, replay?.date);
  const searchFrom = maxDate(calendar.dateOf(input.now), input.lastDay);
  const resumePoint = previous ? findResumePoint(journal, calendar, previous.chain, searchFrom) : undefined;
  return { configHash, previous, resumePoint };
}

/** Finds where the previous daemon left off, moves the clocks past it, and opens the run. */
export function startDaemonRun(input: DaemonStartInput): DaemonStart {
  const { journal, calendar, config, timeline, replay } = input;
  const { clock, control } = input.sessionClock;
  const { configHash, previous, resumePoint } = findDaemonResume({
    journal,
    calendar,
    config,
    now: timeline.now(),
    replay,
    lastDay: input.lastDay,
  });
  // The session clock stands where the caller started it (a replay's origin, or now on the real
  // date), unless the previous daemon got further; a replay's timeline jumps there too.
  const startAt = Math.max(clock.now(), (resumePoint?.lastAt ?? Number.NEGATIVE_INFINITY) + 1);
  if (replay && timeline.control?.kind === "skippable" && startAt > timeline.now()) {
    timeline.control.jumpTo(startAt);
  }
  if (startAt > clock.now()) control.advanceTo(startAt);
  const { run, origin } = openRun(journal, previous, {
    name: config.name,
    configHash,
    startedAt: startAt,
    params: {
      replay: replay ?? null,
      lastDay: input.lastDay ?? null,
      resumes: previous?.latest.id ?? null,
      exchange: calendar.exchange,
    },
  });
  return {
    run,
    origin,
    continues: origin === "continued" ? previous?.latest.id : undefined,
    journaledRuns: previous ? previous.chain.map((info) => info.id) : [],
    resumePoint,
    startAt,
  };
}

/** Resumes the previous run when its process died, else starts a new one (continuing it, if any). */
function openRun(
  journal: ScanJournal,
  previous: PreviousRun | undefined,
  input: { name: string; configHash: string; startedAt: number; params: DaemonRunParams },
): { run: RunRef; origin: DaemonOrigin } {
  if (previous?.latest.status === "running") {
    const resumed = journal.resumeRun(input.name, "live", input.configHash);
    // resumeRun answers the latest running live run of the name; another timeline's may be newer.
    return { run: resumed?.id === previous.latest.id ? resumed : previous.latest, origin: "resumed" };
  }
  const run = journal.startRun({
    name: input.name,
    mode: "live",
    configHash: input.configHash,
    startedAt: input.startedAt,
    params: input.params,
  });
  return { run, origin: previous ? "continued" : "new" };
}

function maxDate(date: string, other: string | undefined): string {
  return other !== undefined && other > date ? other : date;
}
