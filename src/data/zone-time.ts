// Local wall time in a named time zone → epoch ms, for CSV timestamps written without an offset
// (`2013-10-07 09:30:00`, read in the zone `import --tz` names, by default the exchange's). Zone
// offsets come from Intl (the IANA database Node ships), cached per quarter hour of UTC, so a file of
// minute bars asks Intl a few times a day of bars, not once a row.

import { ImportError } from "../core/errors.js";
import { newYorkOffsetMs } from "../core/new-york-time.js";
import { intlOffsetReader, type OffsetReader } from "../core/zone-offsets.js";

/** The exchange's zone: offsetless timestamps are read in it unless `--tz` says otherwise. */
export const EXCHANGE_TIME_ZONE = "America/New_York";

/**
 * Epoch ms of local wall time `localMs` (that wall time written as if it were UTC) in the zone;
 * NaN for a wall time that does not exist there (skipped by a daylight-saving change). A wall time
 * that exists twice (the repeated hour when clocks go back) is the earlier instant.
 */
export type LocalTimeToUtc = (localMs: number) => number;

const HOUR_MS = 3_600_000;
const CACHE_STEP_MS = 15 * 60_000;

/** The converter for an IANA zone name (`America/New_York`, `Europe/London`, `UTC`); ImportError if unknown. */
export function localTimeToUtcIn(zone: string): LocalTimeToUtc {
  const offsetAt = zone === EXCHANGE_TIME_ZONE ? newYorkOffsetMs : intlOffset(zone);
  return (localMs) => {
    // The instant is localMs − offset for an offset in force at that instant; the offsets around it
    // are those half a day either side (no zone changes its offset twice within a day).
    const early = localMs - offsetAt(localMs - 12 * HOUR_MS);
    const late = localMs - offsetAt(localMs + 12 * HOUR_MS);
    const earlyFits = localMs - offsetAt(early) === early;
    const lateFits = localMs - offsetAt(late) === late;
    if (earlyFits && lateFits) return Math.min(early, late);
    if (earlyFits) return early;
    if (lateFits) return late;
    return Number.NaN;
  };
}

function intlOffset(zone: string): (time: number) => number {
  let read: OffsetReader;
  try {
    read = intlOffsetReader(zone);
  } catch (error) {
    throw new ImportError(
      `--tz ${JSON.stringify(zone.slice(0, 60))} is not a time zone (expected an IANA name like America/New_York or UTC)`,
      [],
      { cause: error },
    );
  }
  const cache = new Map<number, number>();
  return (time) => {
    const step = Math.floor(time / CACHE_STEP_MS);
    const cached = cache.get(step);
    if (cached !== undefined) return cached;
    const offset = read(step * CACHE_STEP_MS);
    if (cache.size > 100_000) cache.clear();
    cache.set(step, offset);
    return offset;
  };
}
