// The supervisor: the built CLI runs `run`, `daemon` and `validate` (the commands that load
// plugins) in a worker thread (command-worker.ts) and stays on the main thread, where no plugin
// code runs, to keep these promises whatever a plugin does:
//   - a hook stuck in a synchronous loop (its own time limit cannot fire) is seen in the shared
//     hook register, running STUCK_GRACE_MS past its limit with the heartbeat stopped: the worker is
//     terminated and a new one started with the hook `abandoned` (journaled `timeout`, its scanner
//     out for the rest of that day). A plugin's own timer callback stuck the same way between hooks
//     (the register shows it as a timer of the hook that started it, under that hook's limit) is cut
//     the same way, that hook abandoned. A backtest resumes its run after the days it had done and
//     replays the day in progress (deterministic: only rows not journaled yet are written, and only
//     their events printed); a daemon resumes from its journal, as after any restart;
//   - SIGINT, SIGTERM and SIGHUP stop the command. A daemon is asked to stop cleanly and given
//     STOP_GRACE_MS; a backtest is ended at once. A session that does not end in time is terminated,
//     its running hook journaled `timeout`, and its run finished `interrupted`: a signal never leaves
//     a run `running`. A second signal ends it at once the same way;
//   - when the command is done, the worker is terminated: a plugin's leaked timer or socket cannot
//     keep a finished command alive. A plugin timer stuck after the output ended is cut and
//     reported, and the command's own result stands;
//   - the worker's own stdout (a plugin's console.log) goes to stderr; the command's output comes
//     as messages, so `--json` stays one event per line.

import { Worker } from "node:worker_threads";
import type { CompletedDay } from "../runtime/backtest-runner.js";
import { HookRegister } from "../runtime/hook-register.js";
import type { AbandonedHook, WatchedHook } from "../scanners/hook-watch.js";
import { WallClock } from "../time/wall-clock.js";
import { faultEventLine, type SupervisedRun } from "./command-supervision.js";
import { commandOf, SUPERVISED_REGISTRARS } from "./commands/supervised.js";
import { EXIT_OK, EXIT_RUNTIME_FAILURE } from "./exit-codes.js";
import type { FromWorker, ToWorker, WorkerStart } from "./worker-messages.js";

/**
 * A hook is taken as stuck, and its thread terminated, once it is this far past its limit and its
 * thread has not beaten its heartbeat for as long (a thread merely slow, its event loop turning,
 * is left to its own time limit).
 */
export const STUCK_GRACE_MS = 3_000;
/** How long a daemon has to stop cleanly after a signal before its session is terminated. */
export const STOP_GRACE_MS = 10_000;
const POLL_MS = 100;
const SIGNAL_NUMBERS: Readonly<Record<string, number>> = { SIGHUP: 1, SIGINT: 2, SIGTERM: 15 };
const SIGNALS = Object.keys(SIGNAL_NUMBERS) as NodeJS.Signals[];

/** The commands that run plugins, hence run supervised. */
/**
 * The session thread's young generation (V8's new space), in MB: 12, semi-spaces of 4 MB, where
 * V8's default is 48. A backtest's garbage is short-lived (each step's scan results, rows and
 * strings), so the smaller nursery is collected more often at no measured CPU cost and the peak
 * resident memory is about 35 MB lower on the 2,000-symbol backtest (docs/performance.md, change 51).
 */
export const SESSION_YOUNG_GENERATION_MB = 12;

export const SUPERVISED_COMMANDS: ReadonlySet<string> = new Set(SUPERVISED_REGISTRARS.keys());

/** Whether `argv` runs supervised: a command that runs plugins, unless `SCANWRIGHT_SUPERVISION=off` (to measure it). */
export function isSupervised(argv: readonly string[], env: NodeJS.ProcessEnv): boolean {
  return env.SCANWRIGHT_SUPERVISION !== "off" && SUPERVISED_COMMANDS.has(commandOf(argv));
}

interface Session {
  readonly worker: Worker;
  readonly register: HookRegister;
  /** Set once it is ending: the command is done, a hook is stuck, or a stop ran out of time. */
  ending: "done" | "stuck" | "stop" | undefined;
  /** The command's exit code once it has returned (its output ended; the thread lives one more turn). */
  ended: number | undefined;
}

/** Runs the command `argv` supervised; resolves with the exit code. */
export function superviseCommand(argv: readonly string[]): Promise<number> {
  const wall = new WallClock();
  const command = commandOf(argv);
  const abandoned: AbandonedHook[] = [];
  let run: SupervisedRun | undefined;
  // What a backtest did, for a restart to resume after it.
  const completedDays: CompletedDay[] = [];
  let startedDay: string | undefined;
  /** The rows the sessions reported of the day in progress (its rows may not all be journaled yet). */
  let reportedRows: string[] = [];
  let reportedFaults: string[] = [];
  const json = argv.includes("--json");
  let stopSignal: NodeJS.Signals | undefined;
  let stopDeadline: number | undefined;
  /** The hook the register shows, and since when (real time) this supervisor has seen it. */
  let watched: { sequence: number; since: number } | undefined;
  /** The session's last heartbeat seen, and when it was seen to change. */
  let pulse = { heartbeat: -1, since: 0 };
  let session: Session;

  return new Promise<number>((resolve) => {
    const finish = (exitCode: number): void => {
      // Stops the polling too (its next timer is the clock's).
      wall.cancelAll();
      for (const signal of SIGNALS) process.off(signal, onSignal);
      resolve(exitCode);
    };

    const startSession = (): Session => {
      const buffer = HookRegister.allocate();
      const start: WorkerStart = {
        argv,
        cwd: process.cwd(),
        stdoutIsTTY: process.stdout.isTTY === true,
        stderrIsTTY: process.stderr.isTTY === true,
        register: buffer,
        abandoned: [...abandoned],
        reportedFaults: command === "run" ? [...reportedFaults] : [],
        // A backtest continues its run; a daemon finds its own in the journal.
        resume:
          command === "run" && run !== undefined
            ? {
                runId: run.runId,
                completedDays: [...completedDays],
                startedDay,
                reportedRows: [...reportedRows],
              }
            : undefined,
        isRestart: abandoned.length > 0,
      };
      const worker = new Worker(new URL("./command-worker.js", import.meta.url), {
        workerData: start,
        stdout: true,
        resourceLimits: { maxYoungGenerationSizeMb: SESSION_YOUNG_GENERATION_MB },
      });
      const next: Session = {
        worker,
        register: new HookRegister(buffer),
        ending: undefined,
        ended: undefined,
      };
      worker.stdout.pipe(process.stderr, { end: false });
      worker.on("message", (message: FromWorker) => onMessage(next, message));
      worker.on("error", (error) => {
        process.stderr.write(`scanwright: the session failed: ${error.message}\n`);
      });
      worker.on("exit", (code) => onExit(next, code));
      watched = undefined;
      pulse = { heartbeat: -1, since: wall.now() };
      return next;
    };

    const onMessage = (from: Session, message: FromWorker): void => {
      if (from !== session || from.ending !== undefined) return;
      if (message.type === "stdout") process.stdout.write(message.text);
      else if (message.type === "stderr") process.stderr.write(message.text);
      else if (message.type === "run") {
        // A sweep runs one backtest after another in a session: what a restart resumes is the
        // latest run's progress only.
        if (run !== undefined && run.runId !== message.run.runId) {
          completedDays.length = 0;
          startedDay = undefined;
          reportedRows = [];
        }
        run = message.run;
      } else if (message.type === "day_started") startedDay = message.date;
      else if (message.type === "row") reportedRows.push(message.key);
      else if (message.type === "fault") reportedFaults.push(message.key);
      else if (message.type === "day_done") {
        completedDays.push(message.day);
        reportedRows = [];
        reportedFaults = [];
      } else if (message.type === "ended") from.ended = message.exitCode;
      else {
        from.ending = "done";
        // Whatever the plugins left running (timers, sockets) ends with the thread.
        void from.worker.terminate().then(() => finish(message.exitCode));
      }
    };

    const onExit = (from: Session, code: number): void => {
      if (from !== session || from.ending === "done") return;
      const { hook, timer } = from.register.read();
      const ranMs = watched ? wall.now() - watched.since : 0;
      if (from.ending === "stuck" && hook && timer) reportBlockedTimer(hook, ranMs, from.ended !== undefined);
      if (from.ended !== undefined) {
        // The command had returned: its result stands, whatever its thread did afterwards.
        finish(from.ended);
        return;
      }
      if (from.ending === "stuck" && stopSignal === undefined && hook) {
        // Keyed by its run: a sweep's later combinations (other runs) run that slot normally.
        const runId = hook.kind === "load" ? undefined : run?.runId;
        abandoned.push({
          ...hook,
          durationMs: ranMs,
          ...(timer ? { cause: "timer" as const } : {}),
          ...(runId === undefined ? {} : { runId }),
        });
        if (!timer) {
          process.stderr.write(
            `scanwright: scanner "${hook.scanner}" ${hook.kind} blocked the session for ${Math.round(ranMs)} ms (limit ${hook.limitMs} ms): terminated, the session restarts without it\n`,
          );
        }
        session = startSession();
        return;
      }
      if (stopSignal !== undefined) {
        const signal = stopSignal;
        void endRun("interrupted", hook, ranMs, `abandoned at the ${signal} stop`).then(() => {
          process.stderr.write(
            `scanwright: ${signal}: the session was terminated${hook ? ` with scanner "${hook.scanner}" ${hook.kind} still running` : ""}; run ${run?.runId ?? "-"} finished as interrupted\n`,
          );
          finish(command === "daemon" ? EXIT_OK : 128 + SIGNAL_NUMBERS[signal]);
        });
        return;
      }
      void endRun("failed", hook, ranMs, "abandoned when the session ended").then(() => {
        process.stderr.write(`scanwright: the session ended unexpectedly (thread exit code ${code})\n`);
        finish(EXIT_RUNTIME_FAILURE);
      });
    };

    /** Reports a plugin timer that blocked the session (it is cut): stderr, and an event with `--json`. */
    const reportBlockedTimer = (hook: WatchedHook, ranMs: number, afterOutput: boolean): void => {
      const error =
        `a timer started by its ${hook.kind}${hook.sessionDate ? ` of ${hook.sessionDate}` : ""} blocked the ` +
        `session for ${Math.round(ranMs)} ms (limit ${hook.limitMs} ms)`;
      const outcome = afterOutput
        ? "after the output ended: terminated"
        : "terminated, the session restarts without it";
      process.stderr.write(`scanwright: scanner "${hook.scanner}": ${error}: ${outcome}\n`);
      if (json) {
        process.stdout.write(
          `${faultEventLine({ fault: "blocked_thread", scanner: hook.scanner, error })}\n`,
        );
      }
    };

    /** Journals the abandoned hook and finishes the run, from this thread (the session is gone). */
    const endRun = async (
      status: "interrupted" | "failed",
      hook: WatchedHook | undefined,
      ranMs: number,
      why: string,
    ): Promise<void> => {
      if (run === undefined) return;
      const { journalPath, runId } = run;
      try {
        // Loaded only here: a command that ends normally never opens the journal on this thread.
        const { ScanJournal } = await import("../scanners/scan-journal.js");
        const journal = ScanJournal.open(journalPath);
        try {
          const startedAt = journal.runs().find((info) => info.id === runId)?.startedAt ?? 0;
          if (hook && hook.kind !== "load") {
            journal.record(runId, {
              scanner: hook.scanner,
              kind: hook.kind,
              sessionDate: hook.sessionDate,
              scheduledAt: hook.scheduledAt,
              startedAt: hook.scheduledAt,
              durationMs: ranMs,
              status: "timeout",
              error: `${why}: still running after ${Math.round(ranMs)} ms (limit ${hook.limitMs} ms)`,
              universeSize: hook.universeSize,
              symbols: [],
              metadata: {},
              promoted: [],
            });
          }
          journal.finishRun(runId, { finishedAt: Math.max(startedAt, hook?.scheduledAt ?? 0), status });
        } finally {
          journal.close();
        }
        if (run.mode === "live") {
          // Loaded only here (with node:crypto): this thread starts the session sooner without it.
          const { releaseOwnDaemonLock } = await import("../runtime/daemon-lock.js");
          releaseOwnDaemonLock(journalPath, run.session);
        }
      } catch (error) {
        process.stderr.write(
          `scanwright: could not finish run ${runId} in ${journalPath}: ${error instanceof Error ? error.message : String(error)}\n`,
        );
      }
    };

    /** Terminates the session if its hook is stuck, or if a stop has waited out its grace. */
    const check = (): void => {
      if (session.ending !== undefined) return;
      const now = wall.now();
      const reading = session.register.read();
      if (reading.heartbeat !== pulse.heartbeat) pulse = { heartbeat: reading.heartbeat, since: now };
      if (reading.hook === undefined) watched = undefined;
      else if (watched?.sequence !== reading.sequence) watched = { sequence: reading.sequence, since: now };
      const stuck =
        reading.hook !== undefined &&
        watched !== undefined &&
        now - watched.since > reading.hook.limitMs + STUCK_GRACE_MS &&
        now - pulse.since > STUCK_GRACE_MS;
      const stopOverdue = stopDeadline !== undefined && now >= stopDeadline;
      if (!stuck && !stopOverdue) return;
      session.ending = stopOverdue ? "stop" : "stuck";
      void session.worker.terminate();
    };

    const onSignal = (signal: NodeJS.Signals): void => {
      if (stopSignal !== undefined || command !== "daemon") {
        // A second signal, or a backtest (it has nothing to finish cleanly): end the session now.
        stopSignal ??= signal;
        stopDeadline = wall.now();
        check();
        return;
      }
      stopSignal = signal;
      stopDeadline = wall.now() + STOP_GRACE_MS;
      session.worker.postMessage({ type: "stop", signal } satisfies ToWorker);
    };

    const poll = (): void => {
      check();
      wall.setTimer(wall.now() + POLL_MS, poll, "supervisor poll");
    };
    for (const signal of SIGNALS) process.on(signal, onSignal);
    session = startSession();
    wall.setTimer(wall.now() + POLL_MS, poll, "supervisor poll");
  });
}
