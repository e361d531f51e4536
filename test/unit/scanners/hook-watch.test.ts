// The abandoned hooks a run sees: the supervisor keys each by the run it was cut in, so a sweep's
// later combinations (other runs) do not inherit them; a plugin load (cut before any run) applies
// to every run.

import { describe, expect, it } from "vitest";
import { type AbandonedHook, abandonedInRun, isAbandoned } from "../../../src/scanners/hook-watch.js";

const base = { scanner: "spin", sessionDate: "2024-12-30", limitMs: 50, universeSize: 1, durationMs: 3_100 };
const inRun1: AbandonedHook = { ...base, kind: "regular", scheduledAt: 1_735_572_600_000, runId: 1 };
const inRun2: AbandonedHook = { ...base, kind: "setup", scheduledAt: 1_735_560_000_000, runId: 2 };
const load: AbandonedHook = { ...base, kind: "load", sessionDate: "", scheduledAt: 0 };

describe("abandonedInRun", () => {
  it("keeps the hooks cut in that run and the plugin loads, and drops other runs' hooks", () => {
    expect(abandonedInRun([inRun1, inRun2, load], 1)).toEqual([inRun1, load]);
    expect(abandonedInRun([inRun1, inRun2, load], 2)).toEqual([inRun2, load]);
    expect(abandonedInRun([inRun1, inRun2], 3)).toEqual([]);
  });

  it("leaves a later run's same slot to run: isAbandoned finds it only within the run it was cut in", () => {
    const slot = {
      scanner: "spin",
      kind: "regular",
      sessionDate: "2024-12-30",
      scheduledAt: 1_735_572_600_000,
    } as const;
    expect(isAbandoned(abandonedInRun([inRun1], 1), slot)).toBe(inRun1);
    expect(isAbandoned(abandonedInRun([inRun1], 2), slot)).toBeUndefined();
  });
});
