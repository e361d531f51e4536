// The messages between the supervisor (main thread) and the session's worker thread.

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
  readonly resumeRunId: number | undefined;
  readonly isRestart: boolean;
}

export type FromWorker =
  /** A chunk of the command's own stdout (a plugin's console.log goes to the worker's stdout: stderr). */
  | { readonly type: "stdout"; readonly text: string }
  | { readonly type: "run"; readonly run: SupervisedRun }
  | { readonly type: "done"; readonly exitCode: number };

export type ToWorker = { readonly type: "stop"; readonly signal: NodeJS.Signals };
