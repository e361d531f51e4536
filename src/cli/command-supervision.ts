// What a supervised command (`run`, `daemon` in the built CLI: see supervisor.ts) gets from its
// supervisor, through CliIO: the hook register to announce hooks in, the attribution of plugin
// faults, the hooks an earlier session had abandoned, where to resume, the stop requests (signals
// reach the main thread only), and a way to tell the supervisor which run and journal it writes.
// In-process (runCli in tests, embedders) there is no supervision and commands use the process's
// own signals.

import type { BacktestResume, CompletedDay } from "../runtime/backtest-runner.js";
import type { AbandonedHook, HookWatch } from "../scanners/hook-watch.js";
import type { PluginAttribution } from "../scanners/plugin-attribution.js";

/** An exception or rejection nobody caught, a refused `process.exit`: never fatal, always reported. */
export interface PluginFault {
  /** `blocked_thread`: a plugin's own timer looped synchronously; the supervisor cut the session. */
  readonly fault: "uncaught_exception" | "unhandled_rejection" | "blocked_thread";
  /** The scanner whose code (a hook, or a timer or promise it started) it came from, if known. */
  readonly scanner: string | undefined;
  readonly error: string;
}

/** The run a supervised command writes: the supervisor finishes it if the session has to be ended. */
export interface SupervisedRun {
  readonly journalPath: string;
  readonly runId: number;
  /** The session name (the daemon lock's key). */
  readonly session: string;
  readonly mode: "backtest" | "live";
}

export interface CommandSupervision {
  readonly watch: HookWatch;
  readonly attribution: PluginAttribution;
  /** Hooks earlier sessions of this command were terminated in: `timeout`, never called again. */
  readonly abandoned: readonly AbandonedHook[];
  /** Set on a restart: the backtest run to continue (a daemon resumes from its journal itself). */
  readonly resume: BacktestResume | undefined;
  /** Whether an earlier session of this process ran (its daemon lock is this process's to take). */
  readonly isRestart: boolean;
  runStarted(run: SupervisedRun): void;
  /** A backtest's day started, and done (journaled): a restart resumes after the days done. */
  dayStarted(date: string): void;
  dayDone(day: CompletedDay): void;
  /** A backtest's hook row was reported (its `rowKey`). */
  rowReported(key: string): void;
  /** A resumed backtest reached new work: output from here on is new (before, it was printed). */
  replayEnded(): void;
  /** Calls `listener` when the supervisor asks for a stop (a signal); returns the unsubscribe. */
  onStop(listener: (signal: NodeJS.Signals) => void): () => void;
  /** Where faults go besides stderr (`--json` adds an event line); returns the unsubscribe. */
  onFault(listener: (fault: PluginFault) => void): () => void;
}

/**
 * Calls `listener` on SIGINT and SIGTERM (and SIGHUP): through the supervisor when there is one,
 * else on the process's own signals. Returns the unsubscribe.
 */
export function onStopRequest(
  supervision: CommandSupervision | undefined,
  listener: (signal: NodeJS.Signals) => void,
): () => void {
  if (supervision) return supervision.onStop(listener);
  const signals: NodeJS.Signals[] = ["SIGINT", "SIGTERM", "SIGHUP"];
  for (const signal of signals) process.once(signal, listener);
  return () => {
    for (const signal of signals) process.off(signal, listener);
  };
}

/** A fault as a `--json` event line. */
export function faultEventLine(fault: PluginFault): string {
  return JSON.stringify({ event: "plugin_fault", ...fault });
}
