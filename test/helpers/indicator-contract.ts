// The contract every indicator must keep (src/indicators/indicator.ts), as one reusable vitest
// suite: call `describeIndicatorContract(name, factory, bars)` from an indicator's test file with a
// factory for a fresh instance and a real bar series comfortably longer than its warm-up.
// Values are compared exactly (copies of reused output objects, Object.is on numbers).

import { describe, expect, it } from "vitest";
import { barsToColumns } from "../../src/core/bar-columns.js";
import { IndicatorError } from "../../src/core/errors.js";
import type {
  Indicator,
  IndicatorInput,
  IndicatorOutput,
  IndicatorSnapshot,
} from "../../src/indicators/indicator.js";

type Value = IndicatorOutput | null;

/** A copy that does not change when the indicator reuses its output object. */
function copyOf(value: Value): Value {
  return typeof value === "object" && value !== null ? { ...value } : value;
}

function feed(indicator: Indicator, bars: readonly IndicatorInput[]): Value[] {
  return bars.map((bar) => copyOf(indicator.update(bar)));
}

/** A different bar at the same time: used as the provisional version of `bar`. */
function variantOf(bar: IndicatorInput, other: IndicatorInput): IndicatorInput {
  return { ...other, time: bar.time };
}

function throughJson(snapshot: IndicatorSnapshot): IndicatorSnapshot {
  return JSON.parse(JSON.stringify(snapshot)) as IndicatorSnapshot;
}

export function describeIndicatorContract(
  name: string,
  factory: () => Indicator,
  bars: readonly IndicatorInput[],
): void {
  describe(`${name}: indicator contract`, () => {
    const expected = feed(factory(), bars);

    it("has a series longer than its warm-up to test with", () => {
      const indicator = factory();
      expect(indicator.requiredBars).toBeGreaterThanOrEqual(1);
      expect(indicator.stableBars).toBeGreaterThanOrEqual(indicator.requiredBars);
      expect(bars.length).toBeGreaterThan(indicator.requiredBars + 10);
    });

    it("starts empty: count 0, value null, not ready", () => {
      const indicator = factory();
      expect(indicator.count).toBe(0);
      expect(indicator.value).toBeNull();
      expect(indicator.ready).toBe(false);
    });

    it("is null for the first requiredBars − 1 updates and has a value from bar requiredBars on", () => {
      const indicator = factory();
      bars.forEach((bar, i) => {
        const value = indicator.update(bar);
        expect(indicator.count).toBe(i + 1);
        expect(value === null, `bar ${i + 1} of requiredBars ${indicator.requiredBars}`).toBe(
          i + 1 < indicator.requiredBars,
        );
        expect(indicator.ready).toBe(value !== null);
        expect(indicator.value).toBe(value);
      });
    });

    it("replace shows exactly the value update commits for the same bar, without counting it", () => {
      const indicator = factory();
      bars.forEach((bar, i) => {
        const provisional = copyOf(indicator.replace(bar));
        expect(indicator.count).toBe(i);
        expect(copyOf(indicator.value)).toEqual(provisional);
        expect(indicator.ready).toBe(provisional !== null);
        expect(copyOf(indicator.update(bar))).toEqual(provisional);
      });
    });

    it("replace(b1) then update(b2) equals update(b2) alone, at that bar and every later one", () => {
      const indicator = factory();
      const actual = bars.map((bar, i) => {
        indicator.replace(variantOf(bar, bars[(i + 7) % bars.length]));
        return copyOf(indicator.update(bar));
      });
      expect(actual).toEqual(expected);
    });

    it("leaves no trace of several replaces in a row", () => {
      const indicator = factory();
      const reference = factory();
      bars.forEach((bar, i) => {
        for (const step of [3, 11, 29]) indicator.replace(variantOf(bar, bars[(i + step) % bars.length]));
        expect(copyOf(indicator.update(bar))).toEqual(expected[i]);
        reference.update(bar);
        if (i % 97 === 0) expect(indicator.snapshot()).toEqual(reference.snapshot());
      });
      expect(indicator.snapshot()).toEqual(reference.snapshot());
    });

    it("snapshots plain JSON data", () => {
      const indicator = factory();
      feed(indicator, bars.slice(0, indicator.requiredBars + 3));
      const snapshot = indicator.snapshot();
      expect(throughJson(snapshot)).toEqual(snapshot);
      expect(snapshot["type"]).toBe(indicator.type);
    });

    it("resumes identically from a snapshot restored (through JSON) into a fresh instance", () => {
      const probe = factory();
      const cuts = [
        0,
        1,
        probe.requiredBars - 1,
        probe.requiredBars,
        probe.requiredBars + 1,
        Math.floor(bars.length / 2),
        bars.length - 5,
      ];
      for (const cut of cuts) {
        const original = factory();
        feed(original, bars.slice(0, cut));
        // A pending provisional bar is not part of the committed state a snapshot carries.
        original.replace(bars[cut]);
        const restored = factory();
        restored.restore(throughJson(original.snapshot()));
        expect(restored.count, `cut at ${cut}`).toBe(cut);
        expect(copyOf(restored.value), `cut at ${cut}`).toEqual(cut === 0 ? null : expected[cut - 1]);
        expect(restored.ready).toBe(restored.value !== null);
        expect(feed(restored, bars.slice(cut)), `cut at ${cut}`).toEqual(expected.slice(cut));
        feed(original, bars.slice(cut));
        expect(restored.snapshot()).toEqual(original.snapshot());
      }
    });

    it("reset returns to the freshly constructed state", () => {
      const indicator = factory();
      feed(indicator, bars.slice(0, indicator.requiredBars + 20));
      indicator.replace(bars[indicator.requiredBars + 20]);
      indicator.reset();
      expect(indicator.count).toBe(0);
      expect(indicator.value).toBeNull();
      expect(indicator.ready).toBe(false);
      expect(indicator.snapshot()).toEqual(factory().snapshot());
      expect(feed(indicator, bars)).toEqual(expected);
    });

    it("refuses a snapshot of another type or with a damaged field, and changes nothing", () => {
      const indicator = factory();
      const half = Math.floor(bars.length / 2);
      feed(indicator, bars.slice(0, half));
      const before = indicator.snapshot();
      const damaged: IndicatorSnapshot[] = [
        { ...before, type: `not-${indicator.type}` },
        {},
        ...Object.keys(before)
          .filter((field) => field !== "type")
          .map((field) => ({ ...before, [field]: "damaged" })),
      ];
      for (const snapshot of damaged) {
        expect(() => indicator.restore(snapshot), JSON.stringify(snapshot).slice(0, 80)).toThrow(
          IndicatorError,
        );
      }
      expect(indicator.snapshot()).toEqual(before);
      expect(feed(indicator, bars.slice(half))).toEqual(expected.slice(half));
    });

    it("updateRange, where it exists, leaves the state update bar by bar leaves, after every run", () => {
      const single = factory();
      const ranged = factory();
      if (ranged.updateRange === undefined) return;
      const columns = barsToColumns(bars);
      const runs = [5, 1, 3, 12];
      let from = 0;
      for (let run = 0; from < bars.length; run++) {
        const to = Math.min(bars.length, from + runs[run % runs.length]);
        // A provisional value from `replace` first: the range must discard it, as update does.
        ranged.replace(variantOf(bars[from], bars[(from + 7) % bars.length]));
        for (let index = from; index < to; index++) single.update(bars[index]);
        expect(copyOf(ranged.updateRange(columns, from, to)), `bars ${from}..${to}`).toEqual(
          copyOf(single.value),
        );
        expect(copyOf(ranged.value)).toEqual(expected[to - 1]);
        expect(ranged.count).toBe(to);
        expect(ranged.snapshot()).toEqual(single.snapshot());
        from = to;
      }
    });
  });
}
