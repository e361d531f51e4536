// Opening gap: percent from the previous session's close to this session's open,
// 100 × (open − previousClose) / previousClose, constant through the session.
//
// Conventions (NYSE times; with `useSessionDays` the exchange's trading dates and hours instead):
// - A session is a New York date; only its regular bars [09:30, 16:00) count (pre- and post-market
//   bars are ignored, as in vwap). `open` is the first regular bar's open; `previousClose` is the
//   close of the last regular bar of an earlier date.
// - Daily (and weekly) bars start at 09:30 New York, so on `1d` this is the classic
//   100 × (open − prevClose) / prevClose from one daily bar to the next.
// - The value is `null` until the first regular bar of the second session seen, and from the first
//   bar of a new date until that date's first regular bar. A previous close of 0 gives `null`.
// - `requiredBars` is 2: exact for daily bars; on intraday bars it is the minimum (one regular bar
//   of an earlier session, then the first regular bar of this one).
// - Not `sessionAnchored` (unlike vwap): the previous session's close is history. On an intraday
//   interval its warm-up window is the previous session (only that session's last regular bar
//   counts); on 1d it is the previous daily bars.

import { z } from "zod";
import { IndicatorError } from "../core/errors.js";
import type { IndicatorDefinition } from "./definition.js";
import type { Indicator, IndicatorInput, IndicatorSnapshot } from "./indicator.js";
import { ShownNumber } from "./internal/shown-number.js";
import {
  readNullableNumber,
  readSnapshotHeader,
  readWholeNumber,
  type SnapshotFields,
} from "./internal/snapshot-fields.js";
import { RegularSessionDay, type SessionDaySource } from "./regular-session-day.js";

const TYPE = "gap";

export class Gap extends ShownNumber implements Indicator<number> {
  readonly type = TYPE;
  readonly requiredBars = 2;
  readonly stableBars = 2;

  private barCount = 0;
  /** Whether a regular bar of `day` has been seen (the session's open is known). */
  private sessionOpened = false;
  // Numbers live in plain fields with a "has" flag: a `number | null` field would box every new
  // double in a fresh heap object, i.e. allocate on every update.
  /** Close of the latest regular bar seen, of any session. */
  private lastRegularClose = 0;
  private hasLastRegularClose = false;
  private committedValue = 0;
  private hasCommittedValue = false;
  private readonly day = new RegularSessionDay();
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
      this.sessionOpened = false;
      this.hasCommittedValue = false;
    }
    if (time >= day.opensAt && time < day.closesAt) {
      if (!this.sessionOpened) {
        this.sessionOpened = true;
        this.hasCommittedValue = this.hasGapBase();
        this.committedValue = this.gapFrom(bar.open);
      }
      this.lastRegularClose = bar.close;
      this.hasLastRegularClose = true;
    }
    return this.showIf(this.hasCommittedValue, this.committedValue);
  }

  replace(bar: IndicatorInput): number | null {
    const time = bar.time;
    let opensSession: boolean;
    if (this.day.contains(time)) {
      opensSession = this.day.isRegular(time) && !this.sessionOpened;
    } else {
      if (!this.formingDay.contains(time)) this.formingDay.moveTo(time);
      opensSession = this.formingDay.isRegular(time);
    }
    if (opensSession) {
      this.showIf(this.hasGapBase(), this.gapFrom(bar.open));
    } else if (this.day.contains(time)) {
      this.showIf(this.hasCommittedValue, this.committedValue);
    } else {
      this.hide();
    }
    return this.value;
  }

  /** 100 × (open − previous close) / previous close (meaningful when `hasGapBase`). */
  private gapFrom(open: number): number {
    return (100 * (open - this.lastRegularClose)) / this.lastRegularClose;
  }

  /** A gap needs an earlier regular close, and one that is not 0. */
  private hasGapBase(): boolean {
    return this.hasLastRegularClose && this.lastRegularClose !== 0;
  }

  snapshot(): IndicatorSnapshot {
    return {
      type: TYPE,
      count: this.barCount,
      dateKey: this.day.dateKey,
      sessionOpened: this.sessionOpened,
      lastRegularClose: this.hasLastRegularClose ? this.lastRegularClose : null,
      value: this.hasCommittedValue ? this.committedValue : null,
    };
  }

  restore(snapshot: IndicatorSnapshot): void {
    const fields = readSnapshotHeader(TYPE, snapshot, {});
    const count = readWholeNumber(TYPE, fields, "count");
    const dateKey = readWholeNumber(TYPE, fields, "dateKey");
    const sessionOpened = readBoolean(fields, "sessionOpened");
    const lastRegularClose = readNullableNumber(TYPE, fields, "lastRegularClose");
    const value = readNullableNumber(TYPE, fields, "value");
    this.barCount = count;
    this.day.setDate(dateKey);
    this.formingDay.clear();
    this.sessionOpened = sessionOpened;
    this.lastRegularClose = lastRegularClose ?? 0;
    this.hasLastRegularClose = lastRegularClose !== null;
    this.committedValue = value ?? 0;
    this.hasCommittedValue = value !== null;
    this.showIf(this.hasCommittedValue, this.committedValue);
  }

  reset(): void {
    this.barCount = 0;
    this.sessionOpened = false;
    this.lastRegularClose = 0;
    this.hasLastRegularClose = false;
    this.committedValue = 0;
    this.hasCommittedValue = false;
    this.resetShown();
    this.day.clear();
    this.formingDay.clear();
  }
}

function readBoolean(fields: SnapshotFields, field: string): boolean {
  const value = fields[field];
  if (typeof value !== "boolean")
    throw new IndicatorError(
      `${TYPE}: snapshot field "${field}" must be true or false, got ${JSON.stringify(value)}`,
    );
  return value;
}

const gapParams = z.strictObject({});

export const gapDefinition: IndicatorDefinition<typeof gapParams> = {
  name: TYPE,
  description:
    "Opening gap in percent: 100 × (session open − previous session close) / previous session close, regular-session bars only",
  outputs: undefined,
  params: gapParams,
  keyParts: () => [],
  create: () => new Gap(),
};
