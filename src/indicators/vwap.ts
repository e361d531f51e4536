// VWAP anchored to the regular session: Σ(typical × volume) / Σ volume over the session's bars so
// far, typical = (high + low + close) / 3.
//
// Conventions (NYSE times; with `useSessionDays` the exchange's trading dates and hours instead):
// - The accumulation restarts with the first bar at or after 09:30 New York of a new New York date.
// - Bars outside the regular session [09:30, 16:00) New York are ignored (they count as fed bars but
//   do not enter the sums). From the first bar of a new date until its first regular bar the value
//   is `null` (yesterday's VWAP is not today's); after 16:00 the day's final value stays.
// - Early-close days: session streams deliver only regular bars, so bars after a 13:00 close never
//   arrive here; if fed, they would count (this file knows no calendar).
// - While the session's cumulative volume is 0, the value is the latest regular bar's typical price.
// - Daily bars start at 09:30 New York, so on `1d` the value is that day's typical price.
// - Snapshots hold the committed state; a provisional `replace` is not part of them.

import { z } from "zod";
import type { BarColumns } from "../core/bar-columns.js";
import type { IndicatorDefinition } from "./definition.js";
import type { Indicator, IndicatorInput, IndicatorSnapshot } from "./indicator.js";
import { ShownNumber } from "./internal/shown-number.js";
import {
  readFiniteNumber,
  readNullableNumber,
  readSnapshotHeader,
  readWholeNumber,
} from "./internal/snapshot-fields.js";
import { RegularSessionDay, type SessionDaySource } from "./regular-session-day.js";

const TYPE = "vwap";

export class VWAP extends ShownNumber implements Indicator<number> {
  readonly type = TYPE;
  readonly requiredBars = 1;
  readonly stableBars = 1;
  /** Nothing before today's open enters today's value: a session loads no intraday history for it. */
  readonly sessionAnchored = true;

  private barCount = 0;
  private priceVolume = 0;
  private sessionVolume = 0;
  // Values live in plain number fields with a "has" flag: a `number | null` field would box every
  // new double in a fresh heap object, i.e. allocate on every update.
  private committedValue = 0;
  private hasCommittedValue = false;
  private readonly day = new RegularSessionDay();
  /** Date of a forming bar that starts a new date (cached across repeated `replace` calls). */
  private readonly formingDay = new RegularSessionDay();

  /** Resets at the exchange's sessions instead of the NYSE's. */
  useSessionDays(source: SessionDaySource): void {
    this.day.source = source;
    this.formingDay.source = source;
  }

  get count(): number {
    return this.barCount;
  }

  update(bar: IndicatorInput): number | null {
    this.barCount++;
    const time = bar.time;
    const day = this.day;
    if (!(time >= day.startsAt && time < day.endsAt)) {
      day.moveTo(time);
      this.priceVolume = 0;
      this.sessionVolume = 0;
      this.hasCommittedValue = false;
    }
    if (time >= day.opensAt && time < day.closesAt) {
      const typical = (bar.high + bar.low + bar.close) / 3;
      this.priceVolume += typical * bar.volume;
      this.sessionVolume += bar.volume;
      this.committedValue = vwapOf(this.priceVolume, this.sessionVolume, typical);
      this.hasCommittedValue = true;
    }
    return this.showIf(this.hasCommittedValue, this.committedValue);
  }

  /**
   * `update` with each bar of a run, the sums kept in locals between bars (same order, same doubles).
   * A run inside today's regular session (every step's run of a session stream) takes a loop with
   * no date checks, and the value is worked out once, from its last bar's sums and typical price,
   * as the last `update` would.
   */
  updateRange(columns: BarColumns, from: number, to: number): number | null {
    const { time, high, low, close, volume } = columns;
    const day = this.day;
    this.barCount += to - from;
    // Ascending times: the run is inside today's regular session when its first and last bars are.
    if (
      from < to &&
      time[from] >= day.opensAt &&
      time[to - 1] < day.closesAt &&
      time[from] >= day.startsAt &&
      time[to - 1] < day.endsAt
    ) {
      let priceVolume = this.priceVolume;
      let sessionVolume = this.sessionVolume;
      let typical = 0;
      for (let index = from; index < to; index++) {
        typical = (high[index] + low[index] + close[index]) / 3;
        const v = volume[index];
        priceVolume += typical * v;
        sessionVolume += v;
      }
      this.priceVolume = priceVolume;
      this.sessionVolume = sessionVolume;
      this.committedValue = vwapOf(priceVolume, sessionVolume, typical);
      this.hasCommittedValue = true;
      return this.show(this.committedValue);
    }
    let priceVolume = this.priceVolume;
    let sessionVolume = this.sessionVolume;
    let committedValue = this.committedValue;
    let hasCommittedValue = this.hasCommittedValue;
    for (let index = from; index < to; index++) {
      const t = time[index];
      if (!(t >= day.startsAt && t < day.endsAt)) {
        day.moveTo(t);
        priceVolume = 0;
        sessionVolume = 0;
        hasCommittedValue = false;
      }
      if (t >= day.opensAt && t < day.closesAt) {
        const typical = (high[index] + low[index] + close[index]) / 3;
        const v = volume[index];
        priceVolume += typical * v;
        sessionVolume += v;
        committedValue = vwapOf(priceVolume, sessionVolume, typical);
        hasCommittedValue = true;
      }
    }
    this.priceVolume = priceVolume;
    this.sessionVolume = sessionVolume;
    this.committedValue = committedValue;
    this.hasCommittedValue = hasCommittedValue;
    return this.showIf(hasCommittedValue, committedValue);
  }

  replace(bar: IndicatorInput): number | null {
    const time = bar.time;
    const typical = (bar.high + bar.low + bar.close) / 3;
    if (this.day.contains(time)) {
      if (this.day.isRegular(time)) {
        this.show(vwapOf(this.priceVolume + typical * bar.volume, this.sessionVolume + bar.volume, typical));
      } else {
        this.showIf(this.hasCommittedValue, this.committedValue);
      }
    } else {
      if (!this.formingDay.contains(time)) this.formingDay.moveTo(time);
      // A forming bar of a new date: the sums would restart from 0 with it.
      this.showIf(this.formingDay.isRegular(time), vwapOf(0 + typical * bar.volume, 0 + bar.volume, typical));
    }
    return this.value;
  }

  snapshot(): IndicatorSnapshot {
    return {
      type: TYPE,
      count: this.barCount,
      dateKey: this.day.dateKey,
      priceVolume: this.priceVolume,
      sessionVolume: this.sessionVolume,
      value: this.hasCommittedValue ? this.committedValue : null,
    };
  }

  restore(snapshot: IndicatorSnapshot): void {
    const fields = readSnapshotHeader(TYPE, snapshot, {});
    const count = readWholeNumber(TYPE, fields, "count");
    const dateKey = readWholeNumber(TYPE, fields, "dateKey");
    const priceVolume = readFiniteNumber(TYPE, fields, "priceVolume");
    const sessionVolume = readFiniteNumber(TYPE, fields, "sessionVolume");
    const value = readNullableNumber(TYPE, fields, "value");
    this.barCount = count;
    this.day.setDate(dateKey);
    this.formingDay.clear();
    this.priceVolume = priceVolume;
    this.sessionVolume = sessionVolume;
    this.committedValue = value ?? 0;
    this.hasCommittedValue = value !== null;
    this.showIf(this.hasCommittedValue, this.committedValue);
  }

  reset(): void {
    this.barCount = 0;
    this.priceVolume = 0;
    this.sessionVolume = 0;
    this.committedValue = 0;
    this.hasCommittedValue = false;
    this.resetShown();
    this.day.clear();
    this.formingDay.clear();
  }
}

function vwapOf(priceVolume: number, volume: number, typical: number): number {
  return volume > 0 ? priceVolume / volume : typical;
}

const vwapParams = z.strictObject({});

export const vwapDefinition: IndicatorDefinition<typeof vwapParams> = {
  name: TYPE,
  description:
    "Volume-weighted average of the typical price (H+L+C)/3 since the regular-session open (09:30 New York); pre- and post-market bars are ignored",
  outputs: undefined,
  params: vwapParams,
  keyParts: () => [],
  create: () => new VWAP(),
};
