// One scanner's state machine for one trading day, as one transition table. The guarantees it
// enforces: setup before any scan, one scan at a time, teardown exactly once (also after errors or
// when the scanner was disabled), nothing after teardown.

import { PluginHookError } from "../core/errors.js";

export type ScannerState =
  | "idle"
  | "setting_up"
  | "ready"
  | "scanning"
  | "disabled"
  | "tearing_down"
  | "done";

export type ScannerEvent =
  | "setup_start"
  | "setup_ok"
  | "setup_declined"
  | "setup_failed"
  | "scan_start"
  | "scan_done"
  | "disable"
  | "teardown_start"
  | "teardown_done";

const TRANSITIONS: Readonly<Record<ScannerState, Partial<Record<ScannerEvent, ScannerState>>>> = {
  idle: { setup_start: "setting_up", disable: "disabled", teardown_start: "tearing_down" },
  setting_up: { setup_ok: "ready", setup_declined: "disabled", setup_failed: "disabled" },
  ready: { scan_start: "scanning", disable: "disabled", teardown_start: "tearing_down" },
  scanning: { scan_done: "ready", disable: "disabled" },
  disabled: { teardown_start: "tearing_down", disable: "disabled" },
  tearing_down: { teardown_done: "done" },
  done: {},
};

export class ScannerLifecycle {
  private current: ScannerState = "idle";

  constructor(private readonly scanner: string) {}

  get state(): ScannerState {
    return this.current;
  }

  /** Whether `event` is allowed now. */
  can(event: ScannerEvent): boolean {
    return TRANSITIONS[this.current][event] !== undefined;
  }

  /** Applies `event`; an event the table does not allow is a programming error. */
  apply(event: ScannerEvent): ScannerState {
    const next = TRANSITIONS[this.current][event];
    if (next === undefined) {
      throw new PluginHookError(
        `Scanner "${this.scanner}": ${event} is not allowed in state ${this.current}`,
      );
    }
    this.current = next;
    return next;
  }
}
