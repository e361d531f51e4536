// The outbox's reads and state changes, on the journal's connection: the dispatcher asks for the
// next pending alert of a channel lane and records each attempt's outcome; `results` lists alerts
// and counts them per scanner. A `sent` row is final: no statement here moves it back.

import {
  ALERT_STATUSES,
  type AlertCounts,
  type AlertPayload,
  type AlertRow,
  type AlertStatus,
} from "./alert-types.js";
import type { JournalSql } from "./journal-sql/journal-sql.js";
import type { RunMode } from "./journal-types.js";

/** An outbox row as the database returns it: the payload still JSON text. */
type StoredAlert = Omit<AlertRow, "payload"> & { readonly payload: string };

const ALERT_ROW_COLUMNS = `id, run_id AS run, scanner, kind, session_date AS "sessionDate",
  scheduled_at AS "scheduledAt", channel, idempotency_key AS key, status, attempts,
  next_attempt_at AS "nextAttemptAt", last_error AS "lastError", sent_at AS "sentAt", payload`;

const LANES_SQL = `SELECT DISTINCT alerts.scanner AS scanner, alerts.channel AS channel FROM alerts
  JOIN runs ON runs.id = alerts.run_id
  WHERE alerts.status = 'pending' AND runs.name = ? AND runs.mode = ?
  ORDER BY alerts.scanner, alerts.channel`;
const NEXT_SQL = `SELECT ${ALERT_ROW_COLUMNS} FROM alerts
  WHERE status = 'pending' AND scanner = ? AND channel = ?
    AND run_id IN (SELECT id FROM runs WHERE name = ? AND mode = ?)
  ORDER BY id LIMIT 1`;
const SENT_SQL =
  "UPDATE alerts SET status = 'sent', attempts = ?, sent_at = ?, next_attempt_at = NULL WHERE id = ? AND status = 'pending'";
const RETRY_SQL =
  "UPDATE alerts SET attempts = ?, next_attempt_at = ?, last_error = ? WHERE id = ? AND status = 'pending'";
const FAILED_SQL =
  "UPDATE alerts SET status = 'failed', attempts = ?, last_error = ?, next_attempt_at = NULL WHERE id = ? AND status = 'pending'";
const COUNTS_SQL = `SELECT scanner, ${ALERT_STATUSES.map(
  (status) => `CAST(sum(CASE WHEN status = '${status}' THEN 1 ELSE 0 END) AS INTEGER) AS ${status}`,
).join(", ")}
  FROM alerts WHERE run_id = ? GROUP BY scanner ORDER BY scanner`;

/** A channel of a scanner: what the dispatcher delivers one alert at a time, in outbox order. */
export interface AlertLane {
  readonly scanner: string;
  readonly channel: string;
}

/** Which runs' alerts a dispatcher delivers: those of the session's runs of one mode. */
export interface OutboxScope {
  readonly session: string;
  readonly mode: RunMode;
}

export interface AlertQuery {
  readonly run?: number;
  readonly scanner?: string;
  readonly status?: AlertStatus;
  readonly from?: string;
  readonly to?: string;
}

export class AlertOutbox {
  constructor(private readonly sql: JournalSql) {}

  /** The lanes with pending alerts in the runs of `scope`. */
  pendingLanes(scope: OutboxScope): AlertLane[] {
    return this.sql.all<AlertLane>(LANES_SQL, [scope.session, scope.mode]);
  }

  /** The oldest pending alert of the lane in the runs of `scope`. */
  nextPending(scope: OutboxScope, lane: AlertLane): AlertRow | undefined {
    const row = this.sql.get<StoredAlert>(NEXT_SQL, [lane.scanner, lane.channel, scope.session, scope.mode]);
    return row === undefined ? undefined : decodeAlert(row);
  }

  markSent(id: number, attempts: number, at: number): void {
    this.sql.run(SENT_SQL, [attempts, at, id]);
  }

  markRetry(id: number, attempts: number, nextAttemptAt: number, error: string): void {
    this.sql.run(RETRY_SQL, [attempts, nextAttemptAt, error, id]);
  }

  markFailed(id: number, attempts: number, error: string): void {
    this.sql.run(FAILED_SQL, [attempts, error, id]);
  }

  /** Alerts matching every given filter, in outbox order. */
  list(query: AlertQuery = {}): AlertRow[] {
    const clauses: string[] = [];
    const params: Array<string | number> = [];
    const add = (clause: string, value: string | number | undefined): void => {
      if (value === undefined) return;
      clauses.push(clause);
      params.push(value);
    };
    add("run_id = ?", query.run);
    add("scanner = ?", query.scanner);
    add("status = ?", query.status);
    add("session_date >= ?", query.from);
    add("session_date <= ?", query.to);
    const where = clauses.length > 0 ? ` WHERE ${clauses.join(" AND ")}` : "";
    return this.sql
      .all<StoredAlert>(`SELECT ${ALERT_ROW_COLUMNS} FROM alerts${where} ORDER BY id`, params)
      .map(decodeAlert);
  }

  /** Per-scanner counts by status of run `runId`, by scanner name. */
  counts(runId: number): AlertCounts[] {
    return this.sql.all<AlertCounts>(COUNTS_SQL, [runId]);
  }
}

function decodeAlert(row: StoredAlert): AlertRow {
  return { ...row, payload: JSON.parse(row.payload) as AlertPayload };
}
