// The messages between the supervisor (main thread) and the session's worker thread.

import type { BacktestResume, CompletedDay } from "../runtime/backtest-runner.js";
import type { AbandonedHook } from "../scanners/hook-watch.js";
import type { SupervisedRun } from "./command-supervision.js";

/** What the worker is started with. */
export interface WorkerStart {
  readonly argv: readonly string[];
  readonly cwd: string;
  readonly stdoutIsTTY: boolean;
  readonly stderrIsTTY: boolean;
  readonly register: SharedArrayBuffer;
  readonly abandoned: readonly AbandonedHook[];
  readonly resume: BacktestResume | undefined;
  /** The faults (their `JSON.stringify(PluginFault)`) reported on the day a resumed backtest replays. */
  readonly reportedFaults: readonly string[];
  readonly isRestart: boolean;
}

export type FromWorker =
  /** A chunk of the command's own stdout (a plugin's console.log goes to the worker's stdout: stderr). */
  | { readonly type: "stdout"; readonly text: string }
  /** Text the session's thread wrote to its own stdout or stderr (a plugin's console.log): stderr. */
  | { readonly type: "stderr"; readonly text: string }
  | { readonly type: "run"; readonly run: SupervisedRun }
  | { readonly type: "day_started"; readonly date: string }
  | { readonly type: "day_done"; readonly day: CompletedDay }
  | { readonly type: "row"; readonly key: string }
  | { readonly type: "fault"; readonly key: string }
  /** The command returned: its output has ended (the thread lives on for one turn, see command-worker.ts). */
  | { readonly type: "ended"; readonly exitCode: number }
  | { readonly type: "done"; readonly exitCode: number };

export type ToWorker = { readonly type: "stop"; readonly signal: NodeJS.Signals };
