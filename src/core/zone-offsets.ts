// UTC offsets of any IANA time zone as a table of transitions, read from Intl (New York's from the
// US rules, the same offsets) and then looked up without allocating: the calendar and bar
// alignment ask for offsets once per bar. Outside the table's years (1989–2037) the offset of the
// nearest edge applies; the calendar refuses those dates anyway. The table is read a year at a
// time, the years around the instants asked for (a whole table costs about 2,700 Intl calls,
// 30 ms at start-up; a backtest needs a year or two), on the same two-week grid as a whole table,
// so it finds the same transitions to the minute.

import { CalendarError } from "./errors.js";
import { newYorkOffsetMs } from "./new-york-time.js";

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
/** Samples per span read at once (52 weeks). */
const SPAN_SAMPLES = 26;
const SPAN_MS = SPAN_SAMPLES * SAMPLE_STEP_MS;
/** The last sample of the grid: no change after it is seen. */
const LAST_SAMPLE = TABLE_FROM + Math.floor((TABLE_TO - TABLE_FROM) / SAMPLE_STEP_MS) * SAMPLE_STEP_MS;
const SPANS = Math.ceil((LAST_SAMPLE - TABLE_FROM) / SPAN_MS);
const WALL_TIME = /^(\d+)\/(\d+)\/(\d+), (\d+):(\d+):(\d+)$/;

/** Reads the offset of a zone at an instant, from Intl. */
export type OffsetReader = (time: number) => number;

export class ZoneOffsets {
  /** Instants at which an offset starts to apply, ascending; the first is -Infinity. */
  private starts: Float64Array;
  private offsets: Float64Array;
  /** The spans read so far, [firstSpan, endSpan); both 0 before the first read. */
  private firstSpan = 0;
  private endSpan = 0;
  /**
   * Instants the spans read cover: [coveredFrom, coveredTo), open-ended at the table's edges
   * (-Infinity once the first span is read, +Infinity once the last is). Empty before the first read.
   */
  private coveredFrom = Number.POSITIVE_INFINITY;
  private coveredTo = Number.NEGATIVE_INFINITY;

  private constructor(
    readonly timeZone: string,
    /** `undefined`: the transitions were given whole. */
    private readonly read: OffsetReader | undefined,
    starts: readonly number[],
    offsets: readonly number[],
  ) {
    this.starts = Float64Array.from(starts);
    this.offsets = Float64Array.from(offsets);
    if (read === undefined) {
      this.coveredFrom = Number.NEGATIVE_INFINITY;
      this.coveredTo = Number.POSITIVE_INFINITY;
    }
  }

  /** A table from its transitions (`starts[0]` is -Infinity); `of` is the way to get one. */
  static fromTransitions(
    timeZone: string,
    starts: readonly number[],
    offsets: readonly number[],
  ): ZoneOffsets {
    return new ZoneOffsets(timeZone, undefined, starts, offsets);
  }

  /** The offset table of `timeZone`; an unknown zone is a CalendarError naming it. */
  static of(timeZone: string): ZoneOffsets {
    const cached = TABLES.get(timeZone);
    if (cached) return cached;
    const table =
      timeZone === "UTC" || timeZone === "Etc/UTC"
        ? ZoneOffsets.fromTransitions(timeZone, [Number.NEGATIVE_INFINITY], [0])
        : new ZoneOffsets(timeZone, offsetReaderOf(timeZone), [], []);
    TABLES.set(timeZone, table);
    return table;
  }

  /** Offset from UTC at an instant, in ms (local = utc + offset). */
  offsetAt(time: number): number {
    if (!(time >= this.coveredFrom && time < this.coveredTo)) this.cover(time);
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

  /**
   * Reads the spans from the one holding `time` (the first for an earlier instant or NaN, the last
   * for a later one) to those already read, and joins them to the table.
   */
  private cover(time: number): void {
    const read = this.read as OffsetReader;
    const span = time >= TABLE_FROM ? Math.min(Math.floor((time - TABLE_FROM) / SPAN_MS), SPANS - 1) : 0;
    // Read already (NaN asks for the first span, and finds it covered once it is read).
    if (span >= this.firstSpan && span < this.endSpan) return;
    let starts: number[];
    let offsets: number[];
    if (this.endSpan === 0) {
      starts = [Number.NEGATIVE_INFINITY];
      offsets = [read(spanStart(span))];
      readChanges(read, spanStart(span), spanStart(span + 1), offsets, starts);
      this.firstSpan = span;
      this.endSpan = span + 1;
    } else if (span < this.firstSpan) {
      // The spans below: their changes, then the table's own (its first offset is theirs at the join).
      starts = [Number.NEGATIVE_INFINITY];
      offsets = [read(spanStart(span))];
      readChanges(read, spanStart(span), spanStart(this.firstSpan), offsets, starts);
      starts.push(...this.starts.subarray(1));
      offsets.push(...this.offsets.subarray(1));
      this.firstSpan = span;
    } else {
      starts = Array.from(this.starts);
      offsets = Array.from(this.offsets);
      readChanges(read, spanStart(this.endSpan), spanStart(span + 1), offsets, starts);
      this.endSpan = span + 1;
    }
    this.starts = Float64Array.from(starts);
    this.offsets = Float64Array.from(offsets);
    this.coveredFrom = this.firstSpan === 0 ? Number.NEGATIVE_INFINITY : spanStart(this.firstSpan);
    this.coveredTo = this.endSpan === SPANS ? Number.POSITIVE_INFINITY : spanStart(this.endSpan);
  }
}

/**
 * Built tables by zone. A table is a pure function of the zone name (and the process's tz data),
 * read in spans as they are asked for, so sharing them is caching, not shared state.
 */
const TABLES = new Map<string, ZoneOffsets>();

/** Where span `span` starts on the sample grid; the last span ends at the grid's last sample. */
function spanStart(span: number): number {
  return Math.min(TABLE_FROM + span * SPAN_MS, LAST_SAMPLE);
}

/**
 * How a zone's offsets are read: New York's from the US rules (new-york-time.ts, exact for 1987–2099,
 * every year the table holds), so that a session on a US exchange does not pay for ICU's first
 * time-zone format (10–16 ms of the start-up, whatever its options); any other zone from Intl.
 */
function offsetReaderOf(timeZone: string): OffsetReader {
  return timeZone === "America/New_York" ? newYorkOffsetMs : intlOffsetReader(timeZone);
}

/**
 * The zone's UTC offset at an instant, asked of Intl at every call (callers cache: the span tables
 * here, the CSV import's per-quarter-hour cache). CalendarError for a zone the runtime does not know.
 */
export function intlOffsetReader(timeZone: string): OffsetReader {
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
  return (time: number): number => {
    const match = WALL_TIME.exec(format.format(time));
    if (!match) throw new CalendarError(`cannot read the wall time of "${timeZone}" from Intl`);
    const wall = Date.UTC(+match[3], +match[1] - 1, +match[2], +match[4], +match[5], +match[6]);
    return wall - Math.floor(time / 1000) * 1000;
  };
}

/**
 * Appends the changes in (from, to] to `starts`/`offsets`, sampling every two weeks from `from` (on
 * the grid), `offsets`' last entry being the offset at `from`.
 */
function readChanges(
  read: OffsetReader,
  from: number,
  to: number,
  offsets: number[],
  starts: number[],
): void {
  let previous = offsets[offsets.length - 1];
  for (let time = from + SAMPLE_STEP_MS; time <= to; time += SAMPLE_STEP_MS) {
    const offset = read(time);
    if (offset === previous) continue;
    // The change lies in (time - step, time]: bisect to the minute.
    let low = time - SAMPLE_STEP_MS;
    let high = time;
    while (high - low > MINUTE_MS) {
      const middle = low + Math.floor((high - low) / 2 / MINUTE_MS) * MINUTE_MS;
      if (read(middle) === previous) low = middle;
      else high = middle;
    }
    starts.push(high);
    offsets.push(offset);
    previous = offset;
  }
}
