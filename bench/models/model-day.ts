// What the step models (step-layout.ts, decode-copy.ts) share: the replayed day's shape, a
// symbol's day as six views on a buffer of its own (as a landed day's BarColumns are), and the
// buffer read through between steps, standing for the rest of a step's work. Not run by
// `npm run bench`.

/** 1m bars of a regular session. */
export const BARS = 390;
/** Bars a replay step hands each symbol (a 5-minute scan cadence). */
export const STEP = 5;
export const STEPS = BARS / STEP;
export const FIELDS = 6;
/** Days replayed; the first WARM_DAYS (JIT warm-up) are not timed. */
export const DAYS = 10;
export const WARM_DAYS = 2;

/** A symbol's day: six columns of BARS values, one field after the other on one buffer. */
export function symbolDayColumns(): Float64Array[] {
  const buffer = new ArrayBuffer(BARS * FIELDS * 8);
  return Array.from({ length: FIELDS }, (_, f) => new Float64Array(buffer, f * BARS * 8, BARS));
}

/** A buffer of `mib` MiB to read through between steps (`readThrough`). */
export function pollution(mib: number): Float64Array {
  return new Float64Array(Math.max(1, (mib * 2 ** 20) / 8));
}

/** Reads one value per cache line of `junk`, evicting a step's data; returns their sum (keep it live). */
export function readThrough(junk: Float64Array): number {
  let sum = 0;
  for (let i = 0; i < junk.length; i += 8) sum += junk[i];
  return sum;
}
