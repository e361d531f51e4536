import { describe, expect, it } from "vitest";
import { z } from "zod";
import { IndicatorError, IntervalError } from "../../../src/core/errors.js";
import { AvgVolume } from "../../../src/indicators/avg-volume.js";
import { createIndicator } from "../../../src/indicators/create-indicator.js";
import type { IndicatorDefinition } from "../../../src/indicators/definition.js";
import { formatKeyNumber, indicatorKey, parseIndicatorKey } from "../../../src/indicators/indicator-key.js";
import { IndicatorRegistry } from "../../../src/indicators/indicator-registry.js";
import { resolveIndicatorSpec } from "../../../src/indicators/indicator-spec.js";
import { BankedNumber } from "../../../src/indicators/internal/number-bank.js";
import { ShownNumber } from "../../../src/indicators/internal/shown-number.js";
import { MACD } from "../../../src/indicators/macd.js";
import {
  builtInIndicatorDefinitions,
  defaultIndicatorRegistry,
  listIndicators,
} from "../../../src/indicators/registry.js";
import { SMA } from "../../../src/indicators/sma.js";
import { VWAP, vwapDefinition } from "../../../src/indicators/vwap.js";

const CATALOG = [
  "adx",
  "atr",
  "avg_volume",
  "bbands",
  "ema",
  "gap",
  "high_low",
  "macd",
  "obv",
  "rel_volume",
  "roc",
  "rsi",
  "sma",
  "stoch",
  "vwap",
  "wma",
];

const registry = defaultIndicatorRegistry();

function errorOf(action: () => unknown): IndicatorError {
  try {
    action();
  } catch (error) {
    if (error instanceof IndicatorError) return error;
    throw error;
  }
  throw new Error("no error thrown");
}

describe("indicator keys", () => {
  it("follow the seed: type, key parts, interval", () => {
    expect(indicatorKey("sma", [20], "1d")).toBe("sma_20_1d");
    expect(indicatorKey("rsi", [14], "5m")).toBe("rsi_14_5m");
    expect(indicatorKey("macd", [12, 26, 9], "5m")).toBe("macd_12_26_9_5m");
    expect(indicatorKey("vwap", [], "1m")).toBe("vwap_1m");
    expect(indicatorKey("high_low", [52], "1w")).toBe("high_low_52_1w");
  });

  it("write numbers without trailing zeros and intervals in canonical form", () => {
    expect(indicatorKey("bbands", [20, 2.5], "5m")).toBe("bbands_20_2.5_5m");
    expect(indicatorKey("bbands", [20, 2.0], "1h")).toBe("bbands_20_2_60m");
    expect(formatKeyNumber(0.25)).toBe("0.25");
    expect(formatKeyNumber(-0)).toBe("0");
    expect(() => indicatorKey("sma", [Number.NaN], "1d")).toThrow("sma: key part NaN is not a finite number");
    expect(() => indicatorKey("sma", [20], "5x")).toThrow(IntervalError);
  });

  it("parse back into type, parts and interval", () => {
    expect(parseIndicatorKey("sma_20_1d")).toEqual({ type: "sma", keyParts: [20], interval: "1d" });
    expect(parseIndicatorKey("high_low_52_1w")).toEqual({ type: "high_low", keyParts: [52], interval: "1w" });
    expect(parseIndicatorKey("rel_volume_20_5m")).toEqual({
      type: "rel_volume",
      keyParts: [20],
      interval: "5m",
    });
    expect(parseIndicatorKey("bbands_20_2.5_5m")).toEqual({
      type: "bbands",
      keyParts: [20, 2.5],
      interval: "5m",
    });
    expect(parseIndicatorKey("vwap_1m")).toEqual({ type: "vwap", keyParts: [], interval: "1m" });
    expect(parseIndicatorKey("macd_12_26_9_1h")).toEqual({
      type: "macd",
      keyParts: [12, 26, 9],
      interval: "60m",
    });
  });

  it("refuse text that is not a key", () => {
    expect(() => parseIndicatorKey("sma")).toThrow(
      '"sma" is not an indicator key (expected type_[params_]interval, e.g. "sma_20_1d")',
    );
    expect(() => parseIndicatorKey("sma_20_5x")).toThrow(
      '"sma_20_5x" is not an indicator key: "5x" is not an interval',
    );
    expect(() => parseIndicatorKey("20_1d")).toThrow(IndicatorError);
    expect(() => parseIndicatorKey("sma__1d")).toThrow(IndicatorError);
  });

  it("round-trip every default key", () => {
    for (const name of CATALOG) {
      const { key } = resolveIndicatorSpec(registry, name, { interval: "15m" });
      const parsed = parseIndicatorKey(key);
      expect(parsed.type).toBe(name);
      expect(indicatorKey(parsed.type, parsed.keyParts, parsed.interval)).toBe(key);
    }
  });
});

describe("the default registry", () => {
  it("holds every catalog indicator", () => {
    expect(registry.names()).toEqual(CATALOG);
    for (const name of CATALOG) expect(registry.has(name)).toBe(true);
    expect(registry.has("smaa")).toBe(false);
  });

  it("lists name, description, outputs and a JSON Schema of the parameters with defaults", () => {
    const listing = listIndicators();
    expect(listing.map((entry) => entry.name)).toEqual(CATALOG);
    for (const entry of listing) {
      expect(entry.description.length).toBeGreaterThan(10);
      expect(entry.params).toMatchObject({ type: "object", additionalProperties: false });
    }
    const byName = new Map(listing.map((entry) => [entry.name, entry]));
    expect(byName.get("macd")?.outputs).toEqual(["macd", "signal", "histogram"]);
    expect(byName.get("bbands")?.outputs).toEqual(["upper", "middle", "lower"]);
    expect(byName.get("stoch")?.outputs).toEqual(["k", "d"]);
    expect(byName.get("high_low")?.outputs).toEqual(["high", "low"]);
    expect(byName.get("sma")?.outputs).toBeUndefined();
    expect(byName.get("sma")?.params.properties?.period).toEqual({
      default: 20,
      type: "integer",
      minimum: 1,
      maximum: 100_000,
    });
    expect(byName.get("vwap")?.params.properties).toEqual({});
    expect(JSON.parse(JSON.stringify(listing))).toEqual(listing);
  });

  it("applies the documented defaults and builds the seed's keys", () => {
    const defaults = Object.fromEntries(
      CATALOG.map((name) => [name, resolveIndicatorSpec(registry, name, { interval: "5m" })]),
    );
    expect(Object.fromEntries(CATALOG.map((name) => [name, defaults[name].key]))).toEqual({
      adx: "adx_14_5m",
      atr: "atr_14_5m",
      avg_volume: "avg_volume_20_5m",
      bbands: "bbands_20_2_5m",
      ema: "ema_20_5m",
      gap: "gap_5m",
      high_low: "high_low_20_5m",
      macd: "macd_12_26_9_5m",
      obv: "obv_5m",
      rel_volume: "rel_volume_20_5m",
      roc: "roc_10_5m",
      rsi: "rsi_14_5m",
      sma: "sma_20_5m",
      stoch: "stoch_14_3_3_5m",
      vwap: "vwap_5m",
      wma: "wma_20_5m",
    });
    expect(defaults.macd.params).toEqual({ fast: 12, slow: 26, signal: 9 });
    expect(defaults.bbands.params).toEqual({ period: 20, stddev: 2 });
    expect(defaults.stoch.params).toEqual({ kPeriod: 14, kSmoothing: 3, dPeriod: 3 });
    expect(defaults.vwap.params).toEqual({});
  });

  it("creates working instances of every indicator", () => {
    for (const name of CATALOG) {
      const indicator = registry.create(name);
      expect(indicator.type).toBe(name);
      expect(indicator.count).toBe(0);
      expect(indicator.value).toBeNull();
    }
  });
});

describe("resolveIndicatorSpec", () => {
  it("maps period onto the period parameter and canonicalizes the interval", () => {
    const spec = resolveIndicatorSpec(registry, "sma", { period: 50, interval: "1h" });
    expect(spec).toMatchObject({ key: "sma_50_60m", interval: "60m", params: { period: 50 } });
    expect(spec.definition.name).toBe("sma");
    expect(
      resolveIndicatorSpec(registry, "rsi", { period: 7, interval: "1d", params: { period: 7 } }).key,
    ).toBe("rsi_7_1d");
    expect(
      resolveIndicatorSpec(registry, "macd", { interval: "5m", params: { fast: 5, slow: 35, signal: 5 } })
        .key,
    ).toBe("macd_5_35_5_5m");
  });

  it("refuses a period on an indicator without one, and a period that disagrees with params.period", () => {
    expect(
      errorOf(() => resolveIndicatorSpec(registry, "vwap", { period: 20, interval: "1m" })).message,
    ).toBe('vwap: has no parameter "period", got period 20');
    expect(
      errorOf(() => resolveIndicatorSpec(registry, "macd", { period: 12, interval: "1m" })).message,
    ).toBe('macd: has no parameter "period", got period 12');
    const disagree = errorOf(() =>
      resolveIndicatorSpec(registry, "sma", { period: 20, interval: "1d", params: { period: 14 } }),
    );
    expect(disagree.message).toBe("sma: period 20 and params.period 14 disagree");
    expect(disagree.code).toBe("SCN_ERR_INDICATOR");
  });

  it("names the unknown indicator", () => {
    const error = errorOf(() => resolveIndicatorSpec(registry, "smaa", { period: 20, interval: "1d" }));
    expect(error.code).toBe("SCN_ERR_INDICATOR");
    expect(error.message).toBe(`Unknown indicator "smaa"; known indicators: ${CATALOG.join(", ")}`);
    expect(errorOf(() => registry.get("SMA")).message).toBe(
      `Unknown indicator "SMA" (did you mean "sma"?); known indicators: ${CATALOG.join(", ")}`,
    );
  });

  it("names every bad parameter and what it must be", () => {
    const period = errorOf(() => resolveIndicatorSpec(registry, "sma", { period: 0, interval: "1d" }));
    expect(period.message).toBe('sma: parameter "period" must be a whole number from 1 to 100000, got 0');
    expect(period.location).toEqual({ path: "params.period" });
    expect(errorOf(() => registry.parseParams("sma", { period: 2.5 })).message).toBe(
      'sma: parameter "period" must be a whole number from 1 to 100000, got 2.5',
    );
    expect(errorOf(() => registry.parseParams("rsi", { period: "14" })).message).toBe(
      'rsi: parameter "period" must be a whole number from 2 to 100000, got "14"',
    );
    expect(errorOf(() => registry.parseParams("bbands", { stddev: 0 })).message).toBe(
      'bbands: parameter "stddev" must be a number > 0, got 0',
    );
    expect(errorOf(() => registry.parseParams("macd", { fast: 0, slow: 1.5, colour: "red" })).message).toBe(
      'macd: parameter "fast" must be a whole number from 1 to 100000, got 0; ' +
        'parameter "slow" must be a whole number from 2 to 100000, got 1.5; ' +
        'unknown parameter "colour" (parameters: fast, slow, signal)',
    );
    expect(errorOf(() => registry.parseParams("vwap", { period: 20 })).message).toBe(
      'vwap: unknown parameter "period" (it has no parameters)',
    );
    expect(errorOf(() => registry.parseParams("sma", null as never)).message).toBe(
      "sma: parameters must be an object, got null",
    );
  });

  it("keeps a definition's own message for cross-parameter rules", () => {
    expect(errorOf(() => registry.parseParams("macd", { fast: 30 })).message).toBe(
      "macd: fast must be below slow",
    );
  });

  it("reports a bad interval as an IntervalError", () => {
    expect(() => resolveIndicatorSpec(registry, "sma", { period: 20, interval: "5x" })).toThrow(
      IntervalError,
    );
  });
});

describe("IndicatorRegistry as a value", () => {
  const doubled = z.strictObject({ factor: z.number().int().min(1).default(2) });
  const doubledVolume: IndicatorDefinition<typeof doubled> = {
    name: "doubled_volume",
    description: "test: average volume over factor × 10 bars",
    outputs: undefined,
    params: doubled,
    keyParts: (params) => [params.factor],
    create: (params) => new AvgVolume(params.factor * 10),
  };

  it("is extended by building a new registry; the original is unchanged", () => {
    const extended = registry.with(doubledVolume);
    expect(extended.has("doubled_volume")).toBe(true);
    expect(registry.has("doubled_volume")).toBe(false);
    expect(
      resolveIndicatorSpec(extended, "doubled_volume", { interval: "1m", params: { factor: 3 } }).key,
    ).toBe("doubled_volume_3_1m");
    expect((extended.create("doubled_volume", { factor: 3 }) as AvgVolume).period).toBe(30);
    expect(errorOf(() => extended.parseParams("doubled_volume", { factor: 0 })).message).toBe(
      'doubled_volume: parameter "factor" must be a whole number ≥ 1, got 0',
    );
  });

  it("refuses duplicate and malformed names", () => {
    const named = (name: string): IndicatorDefinition<typeof vwapDefinition.params> => ({
      ...vwapDefinition,
      name,
    });
    expect(() => registry.with(vwapDefinition)).toThrow('Indicator "vwap" is defined twice');
    expect(() => new IndicatorRegistry([named("Vwap")])).toThrow(
      'Indicator name "Vwap" must be lower-case letters, digits and "_", starting and ending with a letter',
    );
    expect(() => new IndicatorRegistry([named("vwap_2")])).toThrow(IndicatorError);
  });
});

describe("createIndicator", () => {
  it("builds a typed built-in indicator with defaults applied", () => {
    const sma = createIndicator("sma", { period: 3 });
    expect(sma).toBeInstanceOf(SMA);
    expect(sma.period).toBe(3);
    const macd = createIndicator("macd");
    expect(macd).toBeInstanceOf(MACD);
    expect(macd.requiredBars).toBe(new MACD(12, 26, 9).requiredBars);
    expect(createIndicator("vwap")).toBeInstanceOf(VWAP);
  });

  it("refuses unknown names and bad parameters with IndicatorErrors", () => {
    expect(() => createIndicator("smaa" as string)).toThrow('Unknown indicator "smaa"');
    expect(() => createIndicator("sma", { period: 0 })).toThrow(
      'sma: parameter "period" must be a whole number from 1 to 100000, got 0',
    );
  });
});

describe("number-valued indicators", () => {
  it("all show their value through ShownNumber or a bank's BankedNumber (one value/ready rule each, no per-indicator copy)", () => {
    const numberValued = builtInIndicatorDefinitions.filter((definition) => definition.outputs === undefined);
    expect(numberValued.map((definition) => definition.name).sort()).toEqual([
      "adx",
      "atr",
      "avg_volume",
      "ema",
      "gap",
      "obv",
      "rel_volume",
      "roc",
      "rsi",
      "sma",
      "vwap",
      "wma",
    ]);
    const notShown = numberValued.filter((definition) => {
      const indicator = definition.create(definition.params.parse({}));
      return !(indicator instanceof ShownNumber || indicator instanceof BankedNumber);
    });
    expect(notShown.map((definition) => definition.name)).toEqual([]);
  });
});
