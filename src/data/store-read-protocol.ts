// What the main thread and the store's read thread (store-read-worker-source.ts) share: shared
// words through which each side learns what the other did (jobs posted, slots filled and freed,
// the thread's end), each job's state (taken once, by one side, with a compare-and-swap), and the
// slots: shared buffers the thread fills with a job's raw rows and the main thread decodes from,
// so that no row is copied between the threads twice and no buffer changes hands.

/** Shared word: replies (slots filled, jobs failed, the thread's end) so far; the main thread waits on it. */
export const REPLIES = 0;
/** Shared word: 1 once the thread has ended (closed, failed, stopped): its exit hook sets it. */
export const ENDED = 1;
/** Shared word: job messages posted so far; an idle thread waits on it. */
export const POSTED_MESSAGES = 2;
/** Shared word: slots freed so far; a thread with every slot full waits on it. */
export const FREED = 3;
/** Shared word: 1 once the main thread asked the thread to close. */
export const CLOSING = 4;
/** Shared word: 1 while the thread waits for a free slot (only then does freeing one notify it). */
export const THREAD_WAITING = 5;
/** Shared word: 1 while the main thread waits for a reply (only then does a reply notify it). */
export const CALLER_WAITING = 6;
/**
 * Shared word: 1 once the thread is about to open its connection (set before it looks at CLOSING,
 * as the main thread sets CLOSING before it looks here): a closing main thread waits for the end
 * of a thread that opened the file, and not for one that never will.
 */
export const OPENING = 7;
/** Where the slots' words start: per slot, the job id filling it (0: free), its part, 1 if its last. */
export const SLOT_WORDS = 8;
export const WORDS_PER_SLOT = 3;
/** Slots: shared buffers of SLOT_BYTES each, the first SLOT_COUNT for every read but those of the reserve. */
export const SLOT_COUNT = 4;
/**
 * The reserve: slots after the first SLOT_COUNT that only jobs posted a whole session ahead fill
 * (`ReadJob.reserve`: the replay's next day). A session's day of 1m bars is 1.2 MB a group of 64
 * symbols; while the main thread replays a day, the thread reads up to this many groups of the
 * next one (a quarter of the day of 2,000 symbols) instead of the four the shared slots hold. At
 * the next day's start the main thread decodes those while the thread reads on into the slots it
 * frees, and the main thread steps, from the far end, the groups the thread has not begun when it
 * would otherwise wait (at 2,000 symbols the thread still delivers 196 of a run's 222 groups). A
 * slot's pages are resident only once written: about 10 MB, and none in a run that never reads a
 * session ahead (a single day, a live session). Side by side (session 19, docs/performance.md
 * change 122): 16 slots against 32, peak RSS 0.96 in the same time; 8 against 16, 0.975 in the
 * same time at 2,000 symbols and at 4,000; 4 against 8, 0.983 and 1.4 % slower.
 */
export const RESERVE_SLOT_COUNT = 8;
/** Every slot: the shared ones, then the reserve. */
export const ALL_SLOT_COUNT = SLOT_COUNT + RESERVE_SLOT_COUNT;
/** A slot's size: a group of a day of 1m bars (64 series) takes 1.2 MB; larger groups take parts. */
export const SLOT_BYTES = 2 * 1024 * 1024;
/** Where the job states start: job `id` is at JOB_STATES + id % JOB_SLOTS. */
export const JOB_STATES = SLOT_WORDS + ALL_SLOT_COUNT * WORDS_PER_SLOT;
/** Jobs whose states are held at a time; far more than are ever outstanding (a few hundred). */
export const JOB_SLOTS = 4096;
/**
 * At most this many jobs wait posted ahead (`expect`), and one read posts at most
 * MAX_JOBS_PER_READ (it steps the rest itself): so the jobs outstanding stay fewer than JOB_SLOTS
 * and no two of them share a state word, whatever the universe's size.
 */
export const MAX_EXPECTED_JOBS = JOB_SLOTS / 2;
export const MAX_JOBS_PER_READ = JOB_SLOTS / 4;
export const SIGNAL_WORDS = JOB_STATES + JOB_SLOTS;

/** A job's state: posted, not taken yet. */
export const POSTED = 1;
/** Taken by the thread: its parts (or its failure) will come. */
export const TAKEN_BY_THREAD = 2;
/** Taken back by the main thread (it reads the group itself) or dropped: the thread skips it. */
export const TAKEN_BY_CALLER = 3;
/** The statement failed there, or a series' rows do not fit a slot: the main thread steps it. */
export const FAILED = 4;

/** One group of series read by one statement: `chunksOfSeries(ids, start, to)`. */
export interface ReadJob {
  readonly id: number;
  /** The series ids as the statement's JSON array argument. */
  readonly ids: string;
  readonly start: number;
  readonly to: number;
  /** Its rows go to the reserve's slots (RESERVE_SLOT_COUNT) only, not to the shared ones. */
  readonly reserve: boolean;
}

/** The slots a job's rows may take: [first, end). */
export function slotRangeOf(reserve: boolean): { readonly first: number; readonly end: number } {
  return reserve ? { first: SLOT_COUNT, end: ALL_SLOT_COUNT } : { first: 0, end: SLOT_COUNT };
}

/**
 * A slot's layout: a Float64 header — the row count n, then (series id, byte offset, byte length)
 * per row — and each row's blob at an 8-byte-aligned offset after it. A job's rows take one slot
 * or several parts, each of whole series (so that each part is decoded on its own).
 */
export const HEADER_VALUES_PER_ROW = 3;
