// A plugin's own timers, watched by the supervisor: a callback of `setTimeout`, `setInterval` or
// `setImmediate` scheduled by a scanner's code (its hook, or a timer or promise that hook started:
// PluginAttribution) is shown in the hook register while it runs, as a timer of the scanner's hook
// that started it. A callback stuck in a synchronous loop between hooks (no hook is running, so no
// hook limit applies) is then seen by the supervisor, put down to that scanner and hook, and cut as
// a stuck hook would be. Timers scheduled outside any scanner's code are left as they are (no cost
// for the engine's own). `timers/promises` is not covered: its continuations are promise jobs.

import { syncBuiltinESMExports } from "node:module";
import timers from "node:timers";
import type { HookRegister } from "../runtime/hook-register.js";
import type { HookWatch, WatchedHook } from "../scanners/hook-watch.js";
import type { PluginAttribution } from "../scanners/plugin-attribution.js";

/**
 * The HookWatch a supervised session runs with: it writes the register and remembers each
 * scanner's latest hook, the one a timer the scanner schedules is put down to.
 */
export class TrackedHookWatch implements HookWatch {
  private current: WatchedHook | undefined;
  private readonly latest = new Map<string, WatchedHook>();

  constructor(private readonly register: HookRegister) {}

  begin(hook: WatchedHook): void {
    this.current = hook;
    this.latest.set(hook.scanner, hook);
    this.register.begin(hook);
  }

  end(): void {
    this.current = undefined;
    this.register.end();
  }

  /** The hook a timer `scanner` schedules now belongs to: the running one if it is the scanner's, else its latest. */
  originOf(scanner: string): WatchedHook | undefined {
    return this.current?.scanner === scanner ? this.current : this.latest.get(scanner);
  }

  /** Runs a timer callback started in `origin`, shown in the register; then shows again what it interrupted. */
  runTimer<T>(origin: WatchedHook, callback: () => T): T {
    this.register.beginTimer(origin);
    try {
      return callback();
    } finally {
      if (this.current) this.register.begin(this.current);
      else this.register.end();
    }
  }
}

type Schedule = (callback: unknown, ...rest: unknown[]) => unknown;

/** Replaces this thread's timer functions (globals and `node:timers`) with watched ones. */
export function watchPluginTimers(attribution: PluginAttribution, watch: TrackedHookWatch): void {
  const wrap = (schedule: Schedule): Schedule => {
    const watched = function (this: unknown, callback: unknown, ...rest: unknown[]): unknown {
      const scanner = attribution.current();
      const origin = scanner === undefined ? undefined : watch.originOf(scanner);
      if (origin === undefined || typeof callback !== "function")
        return schedule.call(this, callback, ...rest);
      const run = function (this: unknown, ...args: unknown[]): unknown {
        return watch.runTimer(origin, () => callback.apply(this, args));
      };
      return schedule.call(this, run, ...rest);
    };
    // Keeps what the originals carry besides (util.promisify.custom).
    for (const key of Reflect.ownKeys(schedule)) {
      if (key === "name" || key === "length" || key === "prototype") continue;
      Object.defineProperty(
        watched,
        key,
        Object.getOwnPropertyDescriptor(schedule, key) as PropertyDescriptor,
      );
    }
    return watched;
  };
  const setTimeoutWatched = wrap(timers.setTimeout as unknown as Schedule);
  const setIntervalWatched = wrap(timers.setInterval as unknown as Schedule);
  const setImmediateWatched = wrap(timers.setImmediate as unknown as Schedule);
  for (const target of [globalThis, timers] as Array<Record<string, unknown>>) {
    target.setTimeout = setTimeoutWatched;
    target.setInterval = setIntervalWatched;
    target.setImmediate = setImmediateWatched;
  }
  // `import { setTimeout } from "node:timers"` in a plugin sees the watched one too.
  syncBuiltinESMExports();
}
