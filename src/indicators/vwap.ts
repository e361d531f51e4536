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
import { allocateBarColumns, type BarColumns } from "../core/bar-columns.js";
import type { IndicatorDefinition } from "./definition.js";
import type { Indicator, IndicatorInput, IndicatorSnapshot } from "./indicator.js";
import { BankedNumber, COUNT, IS_SHOWN, NUMBER_FIELDS, NumberBank, SHOWN } from "./internal/number-bank.js";
import {
  readFiniteNumber,
  readNullableNumber,
  readSnapshotHeader,
  readWholeNumber,
} from "./internal/snapshot-fields.js";
import {
  CLOSES_AT,
  DATE_KEY,
  DAY_FIELDS,
  ENDS_AT,
  OPENS_AT,
  RegularSessionDay,
  type SessionDaySource,
  STARTS_AT,
} from "./regular-session-day.js";

const TYPE = "vwap";

/** Offsets in a VWAP record (after the number fields, see internal/number-bank.ts). */
const PRICE_VOLUME = NUMBER_FIELDS;
const SESSION_VOLUME = NUMBER_FIELDS + 1;
// The committed value with a "has" flag (the shown value may be a provisional one).
const COMMITTED_VALUE = NUMBER_FIELDS + 2;
const HAS_COMMITTED_VALUE = NUMBER_FIELDS + 3;
/** The trading date of the committed bars (regular-session-day.ts `writeTo`). */
const DAY = NUMBER_FIELDS + 4;
/** Date of a forming bar that starts a new date (cached across repeated `replace` calls). */
const FORMING_DAY = DAY + DAY_FIELDS;
const STRIDE = FORMING_DAY + DAY_FIELDS;

/** The state of the VWAP for every symbol holding it (see internal/indicator-bank.ts). */
export class VwapBank extends NumberBank {
  /** Works out a date's window when a bar starts a new one; then written into the record. */
  private readonly day = new RegularSessionDay();
  /** One bar, where `update` puts the bar it is given for `commitBarAt`. */
  private readonly scratch = allocateBarColumns(1);

  constructor(capacity?: number) {
    super(STRIDE, capacity);
  }

  /** Resets at the exchange's sessions instead of the NYSE's. */
  override useSessionDays(source: SessionDaySource): void {
    this.day.source = source;
  }

  view(slot: number): VWAP {
    return new VWAP(this, slot);
  }

  update(slot: number, bar: IndicatorInput): void {
    const base = slot * STRIDE;
    this.state[base + COUNT]++;
    const one = this.scratch;
    one.time[0] = bar.time;
    one.high[0] = bar.high;
    one.low[0] = bar.low;
    one.close[0] = bar.close;
    one.volume[0] = bar.volume;
    this.commitBarAt(base, one, 0);
    this.showCommitted(base);
  }

  /**
   * `update` with each bar of a run, the sums kept in locals between bars (same order, same
   * doubles). A run inside the record's regular session (every step's run of a session stream)
   * takes a loop with no date checks, and the value is worked out once, from its last bar's sums
   * and typical price, as the last `update` would.
   */
  updateRange(slot: number, columns: BarColumns, from: number, to: number): void {
    const { time, high, low, close, volume } = columns;
    const state = this.state;
    const base = slot * STRIDE;
    state[base + COUNT] += to - from;
    // Ascending times: the run is inside the regular session when its first and last bars are.
    if (
      from < to &&
      time[from] >= state[base + DAY + OPENS_AT] &&
      time[to - 1] < state[base + DAY + CLOSES_AT] &&
      time[from] >= state[base + DAY + STARTS_AT] &&
      time[to - 1] < state[base + DAY + ENDS_AT]
    ) {
      let priceVolume = state[base + PRICE_VOLUME];
      let sessionVolume = state[base + SESSION_VOLUME];
      let typical = 0;
      for (let index = from; index < to; index++) {
        typical = (high[index] + low[index] + close[index]) / 3;
        const v = volume[index];
        priceVolume += typical * v;
        sessionVolume += v;
      }
      const value = vwapOf(priceVolume, sessionVolume, typical);
      state[base + PRICE_VOLUME] = priceVolume;
      state[base + SESSION_VOLUME] = sessionVolume;
      state[base + COMMITTED_VALUE] = value;
      state[base + HAS_COMMITTED_VALUE] = 1;
      state[base + SHOWN] = value;
      state[base + IS_SHOWN] = 1;
      return;
    }
    for (let index = from; index < to; index++) this.commitBarAt(base, columns, index);
    this.showCommitted(base);
  }

  /**
   * Adds the completed bar at `index` of `columns` to the record at `base` (the count aside). The
   * values are read where they lie rather than handed over as five numbers: a call TurboFan does
   * not inline boxes each (the first run of every symbol's day takes this path, bar by bar).
   */
  private commitBarAt(base: number, columns: BarColumns, index: number): void {
    const state = this.state;
    const time = columns.time[index];
    const high = columns.high[index];
    const low = columns.low[index];
    const close = columns.close[index];
    const volume = columns.volume[index];
    if (!(time >= state[base + DAY + STARTS_AT] && time < state[base + DAY + ENDS_AT])) {
      this.day.moveTo(time);
      this.day.writeTo(state, base + DAY);
      state[base + PRICE_VOLUME] = 0;
      state[base + SESSION_VOLUME] = 0;
      state[base + HAS_COMMITTED_VALUE] = 0;
    }
    if (time >= state[base + DAY + OPENS_AT] && time < state[base + DAY + CLOSES_AT]) {
      const typical = (high + low + close) / 3;
      state[base + PRICE_VOLUME] += typical * volume;
      state[base + SESSION_VOLUME] += volume;
      state[base + COMMITTED_VALUE] = vwapOf(
        state[base + PRICE_VOLUME],
        state[base + SESSION_VOLUME],
        typical,
      );
      state[base + HAS_COMMITTED_VALUE] = 1;
    }
  }

  /** Shows the committed value, or "no value yet" without one. */
  private showCommitted(base: number): void {
    const state = this.state;
    const has = state[base + HAS_COMMITTED_VALUE];
    if (has !== 0) state[base + SHOWN] = state[base + COMMITTED_VALUE];
    state[base + IS_SHOWN] = has;
  }

  replace(slot: number, bar: IndicatorInput): void {
    const state = this.state;
    const base = slot * STRIDE;
    const time = bar.time;
    const typical = (bar.high + bar.low + bar.close) / 3;
    if (time >= state[base + DAY + STARTS_AT] && time < state[base + DAY + ENDS_AT]) {
      if (time >= state[base + DAY + OPENS_AT] && time < state[base + DAY + CLOSES_AT]) {
        state[base + SHOWN] = vwapOf(
          state[base + PRICE_VOLUME] + typical * bar.volume,
          state[base + SESSION_VOLUME] + bar.volume,
          typical,
        );
        state[base + IS_SHOWN] = 1;
      } else {
        this.showCommitted(base);
      }
      return;
    }
    if (!(time >= state[base + FORMING_DAY + STARTS_AT] && time < state[base + FORMING_DAY + ENDS_AT])) {
      this.day.moveTo(time);
      this.day.writeTo(state, base + FORMING_DAY);
    }
    // A forming bar of a new date: the sums would restart from 0 with it.
    if (time >= state[base + FORMING_DAY + OPENS_AT] && time < state[base + FORMING_DAY + CLOSES_AT]) {
      state[base + SHOWN] = vwapOf(0 + typical * bar.volume, 0 + bar.volume, typical);
      state[base + IS_SHOWN] = 1;
    } else {
      state[base + IS_SHOWN] = 0;
    }
  }

  /** The committed state of `slot` as `dateKey` and sums (VWAP.restore, after checking them). */
  restoreSlot(
    slot: number,
    count: number,
    dateKey: number,
    priceVolume: number,
    sessionVolume: number,
    value: number | null,
  ): void {
    const state = this.state;
    const base = slot * STRIDE;
    state[base + COUNT] = count;
    const day = new RegularSessionDay();
    day.setDate(dateKey);
    day.writeTo(state, base + DAY);
    day.clear();
    day.writeTo(state, base + FORMING_DAY);
    state[base + PRICE_VOLUME] = priceVolume;
    state[base + SESSION_VOLUME] = sessionVolume;
    state[base + COMMITTED_VALUE] = value ?? 0;
    state[base + HAS_COMMITTED_VALUE] = value === null ? 0 : 1;
    this.showCommitted(base);
  }

  protected override resetSlot(slot: number): void {
    const cleared = new RegularSessionDay();
    cleared.writeTo(this.state, slot * STRIDE + DAY);
    cleared.writeTo(this.state, slot * STRIDE + FORMING_DAY);
  }
}

/** The Indicator contract on one slot of a VwapBank (a bank of its own when constructed alone). */
export class VWAP extends BankedNumber<VwapBank> implements Indicator<number> {
  readonly type = TYPE;
  readonly requiredBars = 1;
  readonly stableBars = 1;
  /** Nothing before today's open enters today's value: a session loads no intraday history for it. */
  readonly sessionAnchored = true;

  constructor(bank = new VwapBank(1), slot = bank.allocate()) {
    super(bank, slot);
  }

  /** Resets at the exchange's sessions instead of the NYSE's (for every slot of the bank). */
  useSessionDays(source: SessionDaySource): void {
    this.bank.useSessionDays(source);
  }

  snapshot(): IndicatorSnapshot {
    const state = this.bank.state;
    const base = this.slot * STRIDE;
    return {
      type: TYPE,
      count: state[base + COUNT],
      dateKey: state[base + DAY + DATE_KEY],
      priceVolume: state[base + PRICE_VOLUME],
      sessionVolume: state[base + SESSION_VOLUME],
      value: state[base + HAS_COMMITTED_VALUE] !== 0 ? state[base + COMMITTED_VALUE] : null,
    };
  }

  restore(snapshot: IndicatorSnapshot): void {
    const fields = readSnapshotHeader(TYPE, snapshot, {});
    const count = readWholeNumber(TYPE, fields, "count");
    const dateKey = readWholeNumber(TYPE, fields, "dateKey");
    const priceVolume = readFiniteNumber(TYPE, fields, "priceVolume");
    const sessionVolume = readFiniteNumber(TYPE, fields, "sessionVolume");
    const value = readNullableNumber(TYPE, fields, "value");
    this.bank.restoreSlot(this.slot, count, dateKey, priceVolume, sessionVolume, value);
  }
}

function vwapOf(priceVolume: number, volume: number, typical: number): number {
  return volume > 0 ? priceVolume / volume : typical;
}

const vwapParams = z.strictObject({});

const createVwap = (): VWAP => new VWAP();

export const vwapDefinition: IndicatorDefinition<typeof vwapParams> = {
  name: TYPE,
  description:
    "Volume-weighted average of the typical price (H+L+C)/3 since the regular-session open (09:30 New York); pre- and post-market bars are ignored",
  outputs: undefined,
  params: vwapParams,
  keyParts: () => [],
  create: createVwap,
  bank: { replaces: createVwap, create: () => new VwapBank() },
};
