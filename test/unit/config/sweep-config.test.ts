// The `sweep:` block through the real config loader: a bad block is one problem per mistake, each
// with file, line, column and config path; a good one expands to its combinations in a fixed order
// (the grid's product, first key slowest, then the list) and each variant is the config of one run.

import { tmpdir } from "node:os";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { ConfigErrors } from "../../../src/config/config-problem.js";
import { parseSessionConfigText } from "../../../src/config/load-session-config.js";
import { sweepCombinations } from "../../../src/config/sweep-config.js";
import { describeCombination, sweepVariants } from "../../../src/config/sweep-variants.js";

const PLUGIN = fileURLToPath(new URL("../../fixtures/plugins/above-vwap.ts", import.meta.url));

function configText(sweepLines: string[], mode = "backtest"): string {
  return [
    "name: s",
    `mode: ${mode}`,
    "backtest: { start: 2024-01-02, end: 2024-01-05 }",
    "session_data:",
    "  scanners:",
    "    - name: vwap",
    `      plugin: ${PLUGIN}`,
    "      universe: [SPY]",
    "      regular_session: [{ start: '10:00', end: '15:30', interval: 30m }]",
    "      config: { minVolume: 5, other: keep }",
    ...sweepLines,
    "",
  ].join("\n");
}

function load(sweepLines: string[], mode?: string) {
  return parseSessionConfigText(configText(sweepLines, mode), "w.yaml", tmpdir());
}

function problems(sweepLines: string[], mode?: string): string[] {
  try {
    load(sweepLines, mode);
  } catch (error) {
    if (error instanceof ConfigErrors) return error.message.split("\n");
    throw error;
  }
  throw new Error("the config loaded without problems");
}

describe("sweep: block problems", () => {
  const cases: ReadonlyArray<readonly [string, string[], string[]]> = [
    [
      "no grid and no list",
      ["sweep: { scanner: vwap }"],
      ["w.yaml:11:1 sweep: needs a grid, a list, or both"],
    ],
    [
      "an unknown scanner",
      ["sweep: { scanner: nope, grid: { minVolume: [1] } }"],
      ['w.yaml:11:19 sweep.scanner: "nope" is not a scanner of session_data.scanners'],
    ],
    [
      "an empty value list",
      ["sweep:", "  scanner: vwap", "  grid: { minVolume: [] }"],
      ["w.yaml:13:11 sweep.grid.minVolume: must list at least 1"],
    ],
    [
      "an empty grid",
      ["sweep:", "  scanner: vwap", "  grid: {}"],
      ["w.yaml:13:3 sweep.grid: names no config key"],
    ],
    [
      "an empty list entry",
      ["sweep:", "  scanner: vwap", "  list: [{ minVolume: 1 }, {}]"],
      ["w.yaml:13:28 sweep.list[1]: sets no config key"],
    ],
    [
      "a grid that is not a mapping",
      ["sweep:", "  scanner: vwap", "  grid: [1, 2]"],
      ["w.yaml:13:3 sweep.grid: expected a mapping, got a list"],
    ],
    [
      "an unknown key",
      ["sweep:", "  scanner: vwap", "  list: [{ minVolume: 1 }]", "  steps: 3"],
      ['w.yaml:14:3 sweep.steps: unknown key "steps"'],
    ],
  ];
  it.each(cases)("%s", (_name, lines, expected) => {
    expect(problems(lines)).toEqual(expected);
  });

  it("a sweep in a live config", () => {
    expect(problems(["sweep: { scanner: vwap, list: [{ minVolume: 1 }] }"], "live")).toEqual([
      "w.yaml:11:1 sweep: is a backtest setting: mode is live",
    ]);
  });

  it("too many combinations", () => {
    const values = `[${Array.from({ length: 101 }, (_, index) => index).join(", ")}]`;
    expect(problems(["sweep:", "  scanner: vwap", `  grid: { a: ${values}, b: ${values} }`])).toEqual([
      "w.yaml:11:1 sweep: has 10201 combinations, more than the 10000 a sweep may run",
    ]);
  });
});

describe("sweep combinations", () => {
  it("runs the grid's product, first key slowest, then the list, each merged over the scanner's config", () => {
    const loaded = load([
      "sweep:",
      "  scanner: vwap",
      "  grid: { minVolume: [10, 20], extra: [a, b, c] }",
      "  list: [{ minVolume: 99 }]",
    ]);
    const sweep = loaded.config.sweep;
    if (sweep === undefined) throw new Error("the sweep block was dropped");
    expect(sweepCombinations(sweep).map((combination) => describeCombination(combination.values))).toEqual([
      "minVolume=10 extra=a",
      "minVolume=10 extra=b",
      "minVolume=10 extra=c",
      "minVolume=20 extra=a",
      "minVolume=20 extra=b",
      "minVolume=20 extra=c",
      "minVolume=99",
    ]);
    const variants = sweepVariants(loaded);
    expect(variants.map((variant) => variant.combination.index)).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(variants.every((variant) => variant.of === 7 && variant.scanner === "vwap")).toBe(true);
    expect(variants[4].scanners[0].config).toEqual({ minVolume: 20, other: "keep", extra: "b" });
    expect(variants[4].config.session_data.scanners[0].config).toEqual({
      minVolume: 20,
      other: "keep",
      extra: "b",
    });
    expect(variants[6].scanners[0].config).toEqual({ minVolume: 99, other: "keep" });
    // A variant is a plain config: no sweep block, so a run of it is one run.
    expect("sweep" in variants[0].config).toBe(false);
    // The loaded config is not changed by expanding it.
    expect(loaded.scanners[0].config).toEqual({ minVolume: 5, other: "keep" });
  });
});
