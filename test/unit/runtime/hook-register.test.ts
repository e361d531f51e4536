// The shared hook register: what the session's thread writes is what the supervisor reads, through
// any number of hooks, and a hook that ended reads as none.

import { describe, expect, it } from "vitest";
import { HookRegister } from "../../../src/runtime/hook-register.js";
import type { WatchedHook } from "../../../src/scanners/hook-watch.js";

const scan: WatchedHook = {
  scanner: "gap-up ünïcode",
  kind: "regular",
  sessionDate: "2024-12-30",
  scheduledAt: Date.parse("2024-12-30T10:00:00-05:00"),
  limitMs: 50,
  universeSize: 4,
};

describe("HookRegister", () => {
  it("reads back the hook being run, from another view of the same memory", () => {
    const buffer = HookRegister.allocate();
    const writer = new HookRegister(buffer);
    const reader = new HookRegister(buffer);
    expect(reader.read()).toEqual({ sequence: 0, hook: undefined, heartbeat: 0, timer: false });
    writer.begin(scan);
    expect(reader.read()).toEqual({ sequence: 2, hook: scan, heartbeat: 0, timer: false });
    writer.beat();
    writer.beat();
    writer.end();
    expect(reader.read()).toEqual({ sequence: 4, hook: undefined, heartbeat: 2, timer: false });
    const load: WatchedHook = {
      scanner: "x",
      kind: "load",
      sessionDate: "",
      scheduledAt: 0,
      limitMs: 10_000,
      universeSize: 0,
    };
    writer.begin(load);
    expect(reader.read()).toEqual({ sequence: 6, hook: load, heartbeat: 2, timer: false });
    // A timer the scan started runs: the scan is shown, flagged; then the hook it interrupted again.
    writer.beginTimer(scan);
    expect(reader.read()).toEqual({ sequence: 8, hook: scan, heartbeat: 2, timer: true });
    writer.begin(load);
    expect(reader.read()).toEqual({ sequence: 10, hook: load, heartbeat: 2, timer: false });
  });

  it("tells one hook from the next by its sequence, even for the same slot", () => {
    const buffer = HookRegister.allocate();
    const writer = new HookRegister(buffer);
    const reader = new HookRegister(buffer);
    writer.begin(scan);
    const first = reader.read().sequence;
    writer.end();
    writer.begin(scan);
    expect(reader.read().sequence).toBe(first + 4);
  });
});
