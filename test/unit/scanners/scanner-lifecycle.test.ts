// One scanner's day as a state machine: every transition the table allows, and every event in every
// state that it does not allow (a programming error: PluginHookError, state unchanged).

import { describe, expect, it } from "vitest";
import { PluginHookError } from "../../../src/core/errors.js";
import {
  type ScannerEvent,
  ScannerLifecycle,
  type ScannerState,
} from "../../../src/scanners/scanner-lifecycle.js";

const STATES: readonly ScannerState[] = [
  "idle",
  "setting_up",
  "ready",
  "scanning",
  "disabled",
  "tearing_down",
  "done",
];

const EVENTS: readonly ScannerEvent[] = [
  "setup_start",
  "setup_ok",
  "setup_declined",
  "setup_failed",
  "scan_start",
  "scan_done",
  "disable",
  "teardown_start",
  "teardown_done",
];

/** The transition table, written out independently of the implementation. */
const ALLOWED: Readonly<Record<ScannerState, Partial<Record<ScannerEvent, ScannerState>>>> = {
  idle: { setup_start: "setting_up", disable: "disabled", teardown_start: "tearing_down" },
  setting_up: { setup_ok: "ready", setup_declined: "disabled", setup_failed: "disabled" },
  ready: { scan_start: "scanning", disable: "disabled", teardown_start: "tearing_down" },
  scanning: { scan_done: "ready", disable: "disabled" },
  disabled: { disable: "disabled", teardown_start: "tearing_down" },
  tearing_down: { teardown_done: "done" },
  done: {},
};

/** Events that lead from idle to each state. */
const PATH_TO: Readonly<Record<ScannerState, readonly ScannerEvent[]>> = {
  idle: [],
  setting_up: ["setup_start"],
  ready: ["setup_start", "setup_ok"],
  scanning: ["setup_start", "setup_ok", "scan_start"],
  disabled: ["disable"],
  tearing_down: ["teardown_start"],
  done: ["teardown_start", "teardown_done"],
};

function lifecycleIn(state: ScannerState): ScannerLifecycle {
  const lifecycle = new ScannerLifecycle("momentum");
  for (const event of PATH_TO[state]) lifecycle.apply(event);
  expect(lifecycle.state).toBe(state);
  return lifecycle;
}

const cases = STATES.flatMap((state) =>
  EVENTS.map((event) => ({ state, event, next: ALLOWED[state][event] })),
);

describe("ScannerLifecycle", () => {
  it("starts idle", () => {
    expect(new ScannerLifecycle("momentum").state).toBe("idle");
  });

  it("allows exactly 14 transitions", () => {
    expect(cases.filter((entry) => entry.next !== undefined).length).toBe(14);
    expect(cases.length).toBe(63);
  });

  it.each(cases.filter((entry) => entry.next !== undefined))(
    "$state --$event--> $next",
    ({ state, event, next }) => {
      const lifecycle = lifecycleIn(state);
      expect(lifecycle.can(event)).toBe(true);
      expect(lifecycle.apply(event)).toBe(next);
      expect(lifecycle.state).toBe(next);
    },
  );

  it.each(cases.filter((entry) => entry.next === undefined))(
    "refuses $event in state $state",
    ({ state, event }) => {
      const lifecycle = lifecycleIn(state);
      expect(lifecycle.can(event)).toBe(false);
      let thrown: unknown;
      try {
        lifecycle.apply(event);
      } catch (error) {
        thrown = error;
      }
      expect(thrown).toBeInstanceOf(PluginHookError);
      expect((thrown as PluginHookError).code).toBe("SCN_ERR_PLUGIN_HOOK");
      expect((thrown as PluginHookError).message).toBe(
        `Scanner "momentum": ${event} is not allowed in state ${state}`,
      );
      expect(lifecycle.state).toBe(state);
    },
  );

  it("runs a whole day: setup, two scans, a failure that disables, teardown once, nothing after", () => {
    const lifecycle = new ScannerLifecycle("momentum");
    const visited = (
      [
        "setup_start",
        "setup_ok",
        "scan_start",
        "scan_done",
        "scan_start",
        "disable",
        "disable",
        "teardown_start",
        "teardown_done",
      ] as const
    ).map((event) => lifecycle.apply(event));
    expect(visited).toEqual([
      "setting_up",
      "ready",
      "scanning",
      "ready",
      "scanning",
      "disabled",
      "disabled",
      "tearing_down",
      "done",
    ]);
    expect(EVENTS.filter((event) => lifecycle.can(event))).toEqual([]);
  });
});
