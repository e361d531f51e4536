// Which scanner's code is running: every hook runs inside `run(scanner, …)`, and whatever the hook
// starts (its promises, its own timers) carries the scanner along (AsyncLocalStorage), so an
// exception thrown from a plugin's timer or a rejection nobody handled can be put down to it.

import { AsyncLocalStorage } from "node:async_hooks";

export class PluginAttribution {
  private readonly storage = new AsyncLocalStorage<string>();

  run<T>(scanner: string, fn: () => T): T {
    return this.storage.run(scanner, fn);
  }

  /** The scanner whose hook (or whose hook's timers and promises) is running now, if any. */
  current(): string | undefined {
    return this.storage.getStore();
  }
}
