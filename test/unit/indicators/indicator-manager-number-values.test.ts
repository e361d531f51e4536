// IndicatorManager.numberValues, the bulk read behind SessionData.getIndicatorValues: entry for
// entry what numberValue answers (NaN for its null), a multi-output key refused ready or not, and
// every registration or removal seen by the very next read although resolutions are cached.

import { describe, expect, it } from "vitest";
import { IndicatorError } from "../../../src/core/errors.js";
import type { IndicatorInput } from "../../../src/indicators/indicator.js";
import { IndicatorManager } from "../../../src/indicators/indicator-manager.js";
import { IndicatorRegistry } from "../../../src/indicators/indicator-registry.js";
import { vwapDefinition } from "../../../src/indicators/vwap.js";
import { lastRangeDefinition } from "../../helpers/last-range-indicator.js";
import { thrown } from "../../helpers/thrown.js";
import { readMinuteFile } from "./minute-file.js";

const spy = readMinuteFile("SPY-20131007").filter((row) => row.regular);
const aig = readMinuteFile("AIG-20131007").filter((row) => row.regular);

const registry = new IndicatorRegistry([vwapDefinition]).with(lastRangeDefinition);

/** Typical-price VWAP over regular minute rows, computed here without project code. */
function plainVwap(rows: readonly IndicatorInput[]): number {
  let priceVolume = 0;
  let volume = 0;
  for (const row of rows) {
    priceVolume += ((row.high + row.low + row.close) / 3) * row.volume;
    volume += row.volume;
  }
  return priceVolume / volume;
}

/** SPY and AIG with VWAP on 1m, SPY fed the whole 2013-10-07 session, AIG its first 30 minutes. */
function managerWithVwap(): IndicatorManager {
  const manager = new IndicatorManager(registry);
  manager.register("SPY", "vwap", { interval: "1m" }, "scanner");
  manager.register("AIG", "vwap", { interval: "1m" }, "scanner");
  for (const row of spy) manager.onBar("SPY", "1m", row);
  for (const row of aig.slice(0, 30)) manager.onBar("AIG", "1m", row);
  return manager;
}

describe("IndicatorManager.numberValues", () => {
  it("answers numberValue for every symbol, NaN where it says null, lower-case symbols included", () => {
    const manager = managerWithVwap();
    manager.register("MSFT", "vwap", { interval: "1m" }, "scanner");
    const symbols = ["SPY", "aig", "MSFT", "IBM"];
    const values = manager.numberValues("vwap_1m", symbols, new Float64Array(4));

    expect(values[0]).toBeCloseTo(plainVwap(spy), 9);
    expect(values[1]).toBeCloseTo(plainVwap(aig.slice(0, 30)), 9);
    // MSFT is registered but was fed nothing; IBM holds nothing.
    expect([manager.numberValue("MSFT", "vwap_1m"), manager.numberValue("IBM", "vwap_1m")]).toEqual([
      null,
      null,
    ]);
    expect([...values]).toEqual([
      manager.numberValue("SPY", "vwap_1m"),
      manager.numberValue("AIG", "vwap_1m"),
      Number.NaN,
      Number.NaN,
    ]);
  });

  it("follows the indicators between reads of the same array: values move with every bar", () => {
    const manager = managerWithVwap();
    const symbols = ["AIG"];
    const out = new Float64Array(1);
    expect(manager.numberValues("vwap_1m", symbols, out)[0]).toBeCloseTo(plainVwap(aig.slice(0, 30)), 9);
    manager.onBar("AIG", "1m", aig[30]);
    expect(manager.numberValues("vwap_1m", symbols, out)[0]).toBe(manager.numberValue("AIG", "vwap_1m"));
    expect(out[0]).toBeCloseTo(plainVwap(aig.slice(0, 31)), 9);
  });

  it("sees a registration, a release, a requester's release and a symbol's removal at the next read", () => {
    const manager = managerWithVwap();
    const symbols = ["SPY", "AIG"];
    const out = new Float64Array(2);
    const read = () => [...manager.numberValues("vwap_1m", symbols, out)];
    const spyVwap = manager.numberValue("SPY", "vwap_1m")!;
    const aigVwap = manager.numberValue("AIG", "vwap_1m")!;
    expect(read()).toEqual([spyVwap, aigVwap]);

    // The last reference goes: the instance is removed.
    expect(manager.release("AIG", "vwap_1m", "scanner")).toBe(true);
    expect(read()).toEqual([spyVwap, Number.NaN]);

    // A new instance under the same key, fed 5 bars: its value, not the removed one's.
    manager.register("AIG", "vwap", { interval: "1m" }, "adhoc");
    for (const row of aig.slice(0, 5)) manager.onBar("AIG", "1m", row);
    expect(read()[1]).toBeCloseTo(plainVwap(aig.slice(0, 5)), 9);

    expect(manager.releaseRequester("adhoc")).toBe(1);
    expect(read()).toEqual([spyVwap, Number.NaN]);

    expect(manager.releaseAll("SPY")).toBe(1);
    expect(read()).toEqual([Number.NaN, Number.NaN]);
  });

  it("resolves again when the caller refills its array in place", () => {
    const manager = managerWithVwap();
    const symbols = ["SPY", "AIG"];
    const out = new Float64Array(2);
    manager.numberValues("vwap_1m", symbols, out);
    symbols[0] = "AIG";
    symbols[1] = "SPY";
    expect([...manager.numberValues("vwap_1m", symbols, out)]).toEqual([
      manager.numberValue("AIG", "vwap_1m"),
      manager.numberValue("SPY", "vwap_1m"),
    ]);
  });

  it("refuses a multi-output key with numberValue's error, even while it has no value yet", () => {
    const manager = managerWithVwap();
    manager.register("AIG", "last_range", { interval: "1m" }, "scanner");
    const warming = thrown(() => manager.numberValues("last_range_1m", ["SPY", "AIG"], new Float64Array(2)));
    expect(warming).toBeInstanceOf(IndicatorError);
    expect([warming.code, warming.message]).toEqual([
      "SCN_ERR_INDICATOR",
      'AIG: indicator "last_range_1m" has several outputs; read it with getIndicator instead of a number read',
    ]);
    // Once it has a value, numberValue refuses it with the same error.
    manager.onBar("AIG", "1m", aig[30]);
    expect(thrown(() => manager.numberValue("AIG", "last_range_1m")).message).toBe(warming.message);
  });

  it("refuses an out array of another length", () => {
    const error = thrown(() =>
      managerWithVwap().numberValues("vwap_1m", ["SPY", "AIG"], new Float64Array(3)),
    );
    expect([error.code, error.message]).toEqual([
      "SCN_ERR_INDICATOR",
      'numberValues("vwap_1m"): out has 3 entries for 2 symbols',
    ]);
  });
});
