// UTC offsets of any IANA time zone as a table of transitions, read once from Intl and then looked
// up without allocating: the calendar and bar alignment ask for offsets once per bar. Outside the
// table's years (1989–2037) the offset of the nearest edge applies; the calendar refuses those
// dates anyway.

import { CalendarError } from "./errors.js";

const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;
const TABLE_FROM = Date.UTC(1989, 0, 1);
const TABLE_TO = Date.UTC(2037, 0, 1);
/**
 * Zones change offset at most a few times a year, months apart (the shortest gap between two
 * changes in the IANA data, around Ramadan in Morocco, is about four weeks): sampling every two
 * weeks sees every change, and bisection finds its minute.
 */
const SAMPLE_STEP_MS = 14 * DAY_MS;
const WALL_TIME = /^(\d+)\/(\d+)\/(\d+), (\d+):(\d+):(\d+)$/;

export class ZoneOffsets {
  /** Instants at which an offset starts to apply, ascending; the first is -Infinity. */
  private readonly starts: Float64Array;
  private readonly offsets: Float64Array;

  private constructor(
    readonly timeZone: string,
    starts: readonly number[],
    offsets: readonly number[],
  ) {
    this.starts = Float64Array.from(starts);
    this.offsets = Float64Array.from(offsets);
  }

  /** A table from its transitions (`starts[0]` is -Infinity); `of` is the way to get one. */
  static fromTransitions(
    timeZone: string,
    starts: readonly number[],
    offsets: readonly number[],
  ): ZoneOffsets {
    return new ZoneOffsets(timeZone, starts, offsets);
  }

  /** The offset table of `timeZone`; an unknown zone is a CalendarError naming it. */
  static of(timeZone: string): ZoneOffsets {
    const cached = TABLES.get(timeZone);
    if (cached) return cached;
    const table = buildTable(timeZone);
    TABLES.set(timeZone, table);
    return table;
  }

  /** Offset from UTC at an instant, in ms (local = utc + offset). */
  offsetAt(time: number): number {
    const starts = this.starts;
    let low = 0;
    let high = starts.length - 1;
    while (low < high) {
      const middle = (low + high + 1) >> 1;
      if (starts[middle] <= time) low = middle;
      else high = middle - 1;
    }
    return this.offsets[low];
  }

  /** Local day number (days since 1970-01-01 in local time) of an instant. */
  dayNumberAt(time: number): number {
    return Math.floor((time + this.offsetAt(time)) / DAY_MS);
  }

  /**
   * Epoch ms of local wall time `minuteOfDay` (may be 1440 or more: the following days) on a local
   * day. A wall time inside a DST gap resolves to the instant the same number of minutes after the
   * gap's start; exchanges never open or close inside one.
   */
  instantOf(dayNumber: number, minuteOfDay: number): number {
    const wallAsUtc = dayNumber * DAY_MS + minuteOfDay * MINUTE_MS;
    const guess = wallAsUtc - this.offsetAt(wallAsUtc);
    return wallAsUtc - this.offsetAt(guess);
  }
}

/**
 * Built tables by zone. They are immutable and a pure function of the zone name (and the
 * process's tz data), so sharing them is caching, not shared state.
 */
const TABLES = new Map<string, ZoneOffsets>();

function buildTable(timeZone: string): ZoneOffsets {
  if (timeZone === "UTC" || timeZone === "Etc/UTC")
    return ZoneOffsets.fromTransitions(timeZone, [Number.NEGATIVE_INFINITY], [0]);
  let format: Intl.DateTimeFormat;
  try {
    format = new Intl.DateTimeFormat("en-US", {
      timeZone,
      hourCycle: "h23",
      year: "numeric",
      month: "numeric",
      day: "numeric",
      hour: "numeric",
      minute: "numeric",
      second: "numeric",
    });
  } catch (error) {
    throw new CalendarError(`"${timeZone}" is not a time zone this runtime knows (IANA name expected)`, {
      cause: error,
    });
  }
  // `format` and a regular expression are several times faster than `formatToParts`; en-US with
  // h23 always reads "M/D/YYYY, HH:MM:SS".
  const offsetAt = (time: number): number => {
    const match = WALL_TIME.exec(format.format(time));
    if (!match) throw new CalendarError(`cannot read the wall time of "${timeZone}" from Intl`);
    const wall = Date.UTC(+match[3], +match[1] - 1, +match[2], +match[4], +match[5], +match[6]);
    return wall - Math.floor(time / 1000) * 1000;
  };
  const starts = [Number.NEGATIVE_INFINITY];
  const offsets = [offsetAt(TABLE_FROM)];
  let previous = offsets[0];
  for (let time = TABLE_FROM + SAMPLE_STEP_MS; time <= TABLE_TO; time += SAMPLE_STEP_MS) {
    const offset = offsetAt(time);
    if (offset === previous) continue;
    // The change lies in (time - step, time]: bisect to the minute.
    let low = time - SAMPLE_STEP_MS;
    let high = time;
    while (high - low > MINUTE_MS) {
      const middle = low + Math.floor((high - low) / 2 / MINUTE_MS) * MINUTE_MS;
      if (offsetAt(middle) === previous) low = middle;
      else high = middle;
    }
    starts.push(high);
    offsets.push(offset);
    previous = offset;
  }
  return ZoneOffsets.fromTransitions(timeZone, starts, offsets);
}
