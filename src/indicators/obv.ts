// On-balance volume, exactly as TA-Lib's OBV computes it: it starts at the first bar's volume
// (TA-Lib's convention; others start at 0), then adds the volume of a bar that closes above the
// previous close, subtracts that of a bar closing below it, and keeps its level on an unchanged
// close. First value at bar 1 (TA-Lib begIndex 0). The level depends on where the series starts
// and never "settles"; only its changes carry meaning. stableBars = requiredBars = 1.

import { z } from "zod";
import type { IndicatorDefinition } from "./definition.js";
import type { Indicator, IndicatorInput, IndicatorSnapshot } from "./indicator.js";
import { ShownNumber } from "./internal/shown-number.js";
import { readFiniteNumber, readSnapshotHeader, readWholeNumber } from "./internal/snapshot-fields.js";

export class OBV extends ShownNumber implements Indicator<number> {
  readonly type = "obv";
  readonly requiredBars = 1;
  readonly stableBars = 1;
  private bars = 0;
  private previousClose = 0;
  private balance = 0;

  get count(): number {
    return this.bars;
  }

  update(bar: IndicatorInput): number | null {
    this.balance = this.next(bar);
    this.previousClose = bar.close;
    this.bars++;
    return this.show(this.balance);
  }

  replace(bar: IndicatorInput): number | null {
    return this.show(this.next(bar));
  }

  /** The balance after `bar`, from the committed state. */
  private next(bar: IndicatorInput): number {
    if (this.bars === 0) return bar.volume;
    const close = bar.close;
    if (close > this.previousClose) return this.balance + bar.volume;
    if (close < this.previousClose) return this.balance - bar.volume;
    return this.balance;
  }

  snapshot(): IndicatorSnapshot {
    return {
      type: this.type,
      count: this.bars,
      previousClose: this.previousClose,
      balance: this.balance,
    };
  }

  restore(snapshot: IndicatorSnapshot): void {
    const fields = readSnapshotHeader(this.type, snapshot, {});
    const count = readWholeNumber(this.type, fields, "count");
    const previousClose = readFiniteNumber(this.type, fields, "previousClose");
    const balance = readFiniteNumber(this.type, fields, "balance");
    this.bars = count;
    this.previousClose = previousClose;
    this.balance = balance;
    if (count > 0) this.show(balance);
    else this.hide();
  }

  reset(): void {
    this.bars = 0;
    this.previousClose = 0;
    this.balance = 0;
    this.resetShown();
    this.hide();
  }
}

const obvParams = z.strictObject({});

export const obvDefinition: IndicatorDefinition<typeof obvParams> = {
  name: "obv",
  description: "On-balance volume, starting at the first bar's volume (TA-Lib OBV).",
  outputs: undefined,
  params: obvParams,
  keyParts: () => [],
  create: () => new OBV(),
};
