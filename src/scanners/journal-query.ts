// The SQL of the journal's row queries (the `results` command): filters checked and turned into a
// WHERE clause with bound parameters, rows ordered by slot time, then scanner, then kind (setup
// first, teardown last), then run. The same WHERE clause picks the rows of a summary
// (journal-summary.ts) and of a follow (`rowsAfter`: the rows journaled after a given one).

import { DataError } from "../core/errors.js";
import { sessionDateUtc, windowEnd, windowStart } from "./journal-dates.js";
import { STORED_ROW_COLUMNS } from "./journal-rows.js";
import { JOURNAL_KINDS, JOURNAL_STATUSES, type JournalQuery, type RowFilter } from "./journal-types.js";

export interface QuerySql {
  readonly sql: string;
  readonly params: ReadonlyArray<string | number>;
}

const KIND_RANK = `CASE kind ${JOURNAL_KINDS.map((kind, rank) => `WHEN '${kind}' THEN ${rank}`).join(" ")} END`;
export const ROW_ORDER = `scheduled_at, scanner, ${KIND_RANK}, run_id`;

/** The SELECT for `filter`, whose run (if any) is already resolved to `runId`. */
/** How the backend lists a JSON string array's elements (JournalSql.jsonEach). */
export type JsonEach = (expr: string) => string;

export function buildRowQuery(
  filter: JournalQuery,
  runId: number | undefined,
  where: string,
  jsonEach: JsonEach,
): QuerySql {
  const { clauses, params } = filterClauses(filter, runId, where, jsonEach);
  let limit = "";
  if (filter.limit !== undefined) {
    if (!Number.isSafeInteger(filter.limit) || filter.limit < 1) {
      throw new DataError(
        `${where}: bad query: limit must be a whole number >= 1, got ${String(filter.limit)}`,
      );
    }
    limit = " LIMIT ?";
    params.push(filter.limit);
  }
  return {
    sql: `SELECT ${STORED_ROW_COLUMNS} FROM scans${whereOf(clauses)} ORDER BY ${ROW_ORDER}${limit}`,
    params,
  };
}

/** `WHERE …` (or nothing) and its parameters: the rows of run `runId` (any run if undefined) that `filter` keeps. */
export function buildRowWhere(
  filter: RowFilter,
  runId: number | undefined,
  where: string,
  jsonEach: JsonEach,
): QuerySql {
  const { clauses, params } = filterClauses(filter, runId, where, jsonEach);
  return { sql: whereOf(clauses), params };
}

/** The rows `filter` keeps (any run) with ids in (`afterId`, `upToId`]: in journaling order. */
export function buildFollowQuery(
  filter: RowFilter,
  afterId: number,
  upToId: number,
  where: string,
  jsonEach: JsonEach,
): QuerySql {
  const { clauses, params } = filterClauses(filter, undefined, where, jsonEach);
  return {
    sql: `SELECT ${STORED_ROW_COLUMNS} FROM scans${whereOf(["id > ?", "id <= ?", ...clauses])} ORDER BY id`,
    params: [afterId, upToId, ...params],
  };
}

function whereOf(clauses: readonly string[]): string {
  return clauses.length > 0 ? ` WHERE ${clauses.join(" AND ")}` : "";
}

function filterClauses(
  filter: RowFilter,
  runId: number | undefined,
  where: string,
  jsonEach: JsonEach,
): { clauses: string[]; params: Array<string | number> } {
  const fail = (problem: string): never => {
    throw new DataError(`${where}: bad query: ${problem}`);
  };
  const clauses: string[] = [];
  const params: Array<string | number> = [];
  if (runId !== undefined) {
    clauses.push("run_id = ?");
    params.push(runId);
  }
  if (filter.scanner !== undefined) {
    if (typeof filter.scanner !== "string") fail("scanner must be a string");
    clauses.push("scanner = ?");
    params.push(filter.scanner);
  }
  if (filter.kind !== undefined) {
    if (!(JOURNAL_KINDS as readonly unknown[]).includes(filter.kind))
      fail(`kind must be one of ${JOURNAL_KINDS.join(", ")}`);
    clauses.push("kind = ?");
    params.push(filter.kind);
  }
  // Each date bound narrows scheduled_at to its window first (an index range), then compares exactly.
  if (filter.from !== undefined) {
    const utc = dateBound("from", filter.from, fail);
    clauses.push("scheduled_at >= ?", "session_date >= ?");
    params.push(windowStart(utc), filter.from);
  }
  if (filter.to !== undefined) {
    const utc = dateBound("to", filter.to, fail);
    clauses.push("scheduled_at < ?", "session_date <= ?");
    params.push(windowEnd(utc), filter.to);
  }
  if (filter.symbol !== undefined) {
    if (typeof filter.symbol !== "string") fail("symbol must be a string");
    clauses.push(`EXISTS (SELECT 1 FROM ${jsonEach("scans.symbols")} WHERE json_each.value = ?)`);
    params.push(filter.symbol);
  }
  if (filter.status !== undefined) {
    if (!(JOURNAL_STATUSES as readonly unknown[]).includes(filter.status))
      fail(`status must be one of ${JOURNAL_STATUSES.join(", ")}`);
    clauses.push("status = ?");
    params.push(filter.status);
  }
  return { clauses, params };
}

function dateBound(name: string, date: unknown, fail: (problem: string) => never): number {
  const utc = sessionDateUtc(date);
  return utc === undefined
    ? fail(`${name} must be a session date YYYY-MM-DD, got ${JSON.stringify(date)}`)
    : utc;
}
