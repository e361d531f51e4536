// What a supervisor needs to see of the hooks a ScannerManager runs, and what it hands back after
// it had to terminate one. The manager announces each hook it waits on (`HookWatch.begin`) and its
// end; a supervisor in another thread that sees a hook running far past its limit (a synchronous
// loop: no timer of the hooks' own thread can fire) terminates that thread and starts a new
// session, which is given the hook as an `AbandonedHook`: its outcome is `timeout`, decided
// without calling the plugin again, and its scanner sits out the rest of that day.

import type { HookKind } from "./define-scanner.js";

/** A hook while the manager waits on it; `load` is a plugin module being imported. */
export interface WatchedHook {
  readonly scanner: string;
  readonly kind: HookKind | "load";
  /** The trading day (`YYYY-MM-DD`); empty for `load`. */
  readonly sessionDate: string;
  /** The slot's instant on the session clock (setup/teardown: when they were due); 0 for `load`. */
  readonly scheduledAt: number;
  readonly limitMs: number;
  readonly universeSize: number;
}

export interface HookWatch {
  begin(hook: WatchedHook): void;
  end(): void;
}

/**
 * A hook a supervisor terminated: how long it had run when it was cut. `cause: "timer"`: not the
 * hook itself but a timer callback its scanner started in it blocked the thread (between hooks).
 * `runId`: the journal run it was cut in (none for a plugin `load`, which precedes the run): a
 * sweep's later combinations are other runs and run that slot normally.
 */
export interface AbandonedHook extends WatchedHook {
  readonly durationMs: number;
  readonly cause?: "timer";
  readonly runId?: number;
}

/** Whether `hook` is the abandoned one: setup and teardown by day (a restart runs them at another instant). */
export function isAbandoned(
  abandoned: readonly AbandonedHook[],
  hook: Pick<WatchedHook, "scanner" | "kind" | "sessionDate" | "scheduledAt">,
): AbandonedHook | undefined {
  return abandoned.find(
    (candidate) =>
      candidate.scanner === hook.scanner &&
      candidate.kind === hook.kind &&
      candidate.sessionDate === hook.sessionDate &&
      (hook.kind === "setup" || hook.kind === "teardown" || candidate.scheduledAt === hook.scheduledAt),
  );
}

/** The abandoned hooks that belong to run `runId`, and those cut before any run (plugin loads). */
export function abandonedInRun(abandoned: readonly AbandonedHook[], runId: number): AbandonedHook[] {
  return abandoned.filter((hook) => hook.runId === undefined || hook.runId === runId);
}

/** The journal error of an abandoned hook. */
export function abandonedError(hook: AbandonedHook): string {
  if (hook.cause === "timer") {
    return (
      `a timer it started blocked its thread (a synchronous loop) for ${Math.round(hook.durationMs)} ms ` +
      `(limit ${hook.limitMs} ms) and was terminated; the scanner sits out the rest of the day`
    );
  }
  return (
    `did not finish within ${hook.limitMs} ms: it blocked its thread (a synchronous loop) and was ` +
    `terminated after ${Math.round(hook.durationMs)} ms; the scanner sits out the rest of the day`
  );
}
