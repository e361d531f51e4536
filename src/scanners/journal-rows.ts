// Turning a recorded row into the values of one `scans` insert (checked, JSON encoded) and a
// stored row back into a JournalRow. A row that breaks the journal's shape (unknown kind, a
// scheduled time that is not a whole ms, symbols that are not strings) is the caller's bug and
// a DataError; metadata that is not JSON is not: it is replaced by a placeholder and the row says
// so (status `ok` becomes `error`; the error text gains the reason), so a plugin returning a
// function, a bigint or a cycle can never break the journal.

import { DataError } from "../core/errors.js";
import { sessionDateUtc, windowEnd, windowStart } from "./journal-dates.js";
import { encodeJson, placeholderJson } from "./journal-json.js";
import {
  JOURNAL_KINDS,
  JOURNAL_STATUSES,
  type JournalKind,
  type JournalRecord,
  type JournalRow,
  type JournalStatus,
} from "./journal-types.js";

/** The `scans` columns in insert order. */
export const SCAN_COLUMNS =
  "run_id, scanner, kind, scheduled_at, session_date, started_at, duration_ms, status, error, universe_size, symbols, metadata, promoted";

/** Values for one insert, in SCAN_COLUMNS order. */
export type EncodedRow = readonly [
  runId: number,
  scanner: string,
  kind: JournalKind,
  scheduledAt: number,
  sessionDate: string,
  startedAt: number | null,
  durationMs: number,
  status: JournalStatus,
  error: string | null,
  universeSize: number,
  symbols: string,
  metadata: string,
  promoted: string,
];

/** A row as SELECTed with STORED_ROW_COLUMNS. */
export interface StoredRow {
  readonly run: number;
  readonly scanner: string;
  readonly kind: JournalKind;
  readonly sessionDate: string;
  readonly scheduledAt: number;
  readonly startedAt: number | null;
  readonly durationMs: number;
  readonly status: JournalStatus;
  readonly error: string | null;
  readonly universeSize: number;
  readonly symbols: string;
  readonly metadata: string;
  readonly promoted: string;
}

export const STORED_ROW_COLUMNS = `run_id AS run, scanner, kind, session_date AS "sessionDate",
  scheduled_at AS "scheduledAt", started_at AS "startedAt", duration_ms AS "durationMs", status, error,
  universe_size AS "universeSize", symbols, metadata, promoted`;

/** Prefix of metadata problems in a row's error text. */
export const METADATA_PROBLEM_PREFIX = "metadata not stored (not JSON): ";

/** Checks `row` and encodes it for run `runId`; `where` prefixes messages (the journal path). */
export function encodeRow(runId: number, row: JournalRecord, where: string): EncodedRow {
  const fail = (problem: string): never => {
    const slot = `${String(row?.scanner)} ${String(row?.kind)} at ${String(row?.scheduledAt)}`;
    throw new DataError(`${where}: cannot record ${slot}: ${problem}`);
  };
  if (typeof row !== "object" || row === null) return fail("the row is not an object");
  if (typeof row.scanner !== "string" || row.scanner === "") fail("scanner must be a non-empty string");
  if (!(JOURNAL_KINDS as readonly unknown[]).includes(row.kind))
    fail(`kind must be one of ${JOURNAL_KINDS.join(", ")}`);
  const dayUtc =
    sessionDateUtc(row.sessionDate) ??
    fail(`sessionDate must be a day YYYY-MM-DD, got ${JSON.stringify(row.sessionDate)}`);
  if (!Number.isSafeInteger(row.scheduledAt)) fail("scheduledAt must be a whole number of epoch ms");
  if (row.scheduledAt < windowStart(dayUtc) || row.scheduledAt >= windowEnd(dayUtc))
    fail(`scheduledAt is not on session date ${row.sessionDate} in any time zone`);
  if (row.startedAt !== null && !Number.isFinite(row.startedAt))
    fail(`startedAt must be epoch ms or null, got ${String(row.startedAt)}`);
  if (!Number.isFinite(row.durationMs) || row.durationMs < 0)
    fail(`durationMs must be a number >= 0, got ${String(row.durationMs)}`);
  if (!(JOURNAL_STATUSES as readonly unknown[]).includes(row.status))
    fail(`status must be one of ${JOURNAL_STATUSES.join(", ")}`);
  const error = row.error ?? null;
  if (error !== null && typeof error !== "string") fail("error must be a string or null");
  if (!Number.isSafeInteger(row.universeSize) || row.universeSize < 0)
    fail(`universeSize must be a whole number >= 0, got ${String(row.universeSize)}`);
  const symbols = stringArrayJson(row.symbols, "symbols", fail);
  const promoted = stringArrayJson(row.promoted, "promoted", fail);

  let status = row.status;
  let errorText = error;
  let metadata: string;
  const encoded = encodeJson(row.metadata === undefined ? null : row.metadata, "metadata");
  if (encoded.json !== undefined) {
    metadata = encoded.json;
  } else {
    metadata = placeholderJson(encoded.problem);
    if (status === "ok") status = "error";
    const note = `${METADATA_PROBLEM_PREFIX}${encoded.problem}`;
    errorText = errorText === null ? note : `${errorText}; ${note}`;
  }
  return [
    runId,
    row.scanner,
    row.kind,
    row.scheduledAt,
    row.sessionDate,
    row.startedAt,
    row.durationMs,
    status,
    errorText,
    row.universeSize,
    symbols,
    metadata,
    promoted,
  ];
}

/** The JournalRow of a stored row. */
export function decodeRow(stored: StoredRow): JournalRow {
  return {
    run: stored.run,
    scanner: stored.scanner,
    kind: stored.kind,
    sessionDate: stored.sessionDate,
    scheduledAt: stored.scheduledAt,
    startedAt: stored.startedAt,
    durationMs: stored.durationMs,
    status: stored.status,
    error: stored.error,
    universeSize: stored.universeSize,
    symbols: JSON.parse(stored.symbols) as string[],
    metadata: JSON.parse(stored.metadata) as unknown,
    promoted: JSON.parse(stored.promoted) as string[],
  };
}

function stringArrayJson(value: unknown, name: string, fail: (problem: string) => never): string {
  if (!Array.isArray(value)) return fail(`${name} must be an array of strings`);
  for (let i = 0; i < value.length; i++) {
    if (typeof value[i] !== "string") fail(`${name}[${i}] is not a string (${typeof value[i]})`);
  }
  return JSON.stringify(value);
}
