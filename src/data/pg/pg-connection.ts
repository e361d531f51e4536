// One PostgreSQL connection with a synchronous face. The `pg` client lives in a worker thread
// (pg-worker-source.ts); each call posts a numbered request and blocks on a shared flag until it
// names that request, then takes the answer from the port (pg-reply-wait.ts: late answers to
// earlier requests are dropped). So the bar store keeps one synchronous
// contract over SQLite and PostgreSQL (docs/architecture.md, "The data layer's backends").
//
// Faults: a server that is down at open is a StoreError naming host:port; a connection lost
// outside a transaction is retried (`retrying`) within a bound, reconnecting first; inside a
// transaction the server has rolled it back, so the failure is reported whole; a statement
// timeout and a full disk have messages of their own. No message shows the password.

import { createRequire } from "node:module";
import { MessageChannel, Worker } from "node:worker_threads";
import { StoreError } from "../../core/errors.js";
import { pause } from "../../core/thread-pause.js";
import { nextSequence, waitForReply } from "./pg-reply-wait.js";
import { redactUrl, scrubPassword, serverOf } from "./pg-url.js";
import { PG_WORKER_SOURCE } from "./pg-worker-source.js";

export interface PgConnectionOptions {
  /** Server-side limit of one statement (`statement_timeout`, default 30000). */
  readonly statementTimeoutMs?: number;
  /** Limit of establishing a connection (default 10000). */
  readonly connectTimeoutMs?: number;
  /** Reconnect attempts after a lost connection before the call fails (default 3). */
  readonly reconnectAttempts?: number;
  /** Pause before the second attempt, growing linearly after it (default 500). */
  readonly reconnectDelayMs?: number;
  /** Every transaction read-only (`default_transaction_read_only`). */
  readonly readOnly?: boolean;
  /** Where PG* variables are read from for messages (default process.env). */
  readonly env?: Readonly<Record<string, string | undefined>>;
}

interface WorkerError {
  readonly message: string;
  readonly code?: string;
  readonly lost: boolean;
}

type Reply = (
  | {
      ok: true;
      rows?: unknown[];
      rowCount?: number;
      packed?: { bytes: Uint8Array; offsets: Int32Array; lengths: Int32Array };
    }
  | { ok: false; error: WorkerError }
) & { readonly sequence?: number };

/** A lost connection: the statement may be retried on a new one when no transaction was open. */
export class PgConnectionLostError extends StoreError {}

const require = createRequire(import.meta.url);

function integerLiteral(value: number | undefined): string {
  if (!Number.isSafeInteger(value)) throw new Error(`COPY parameter must be a whole number, got ${value}`);
  return String(value);
}

const DEFAULT_STATEMENT_TIMEOUT_MS = 30_000;
const DEFAULT_CONNECT_TIMEOUT_MS = 10_000;
const DEFAULT_RECONNECT_ATTEMPTS = 3;
const DEFAULT_RECONNECT_DELAY_MS = 500;
/** The id of the open transaction, null while it has written nothing (PostgreSQL 13+). */
const XID_SQL = "SELECT pg_current_xact_id_if_assigned()::text AS xid, pg_backend_pid() AS pid";
/** Ends the lost session if it still runs that transaction (its COMMIT never arrived): it then aborts. */
const END_LOST_SQL =
  "SELECT pg_terminate_backend(pid) AS ended FROM pg_stat_activity WHERE pid = $1 AND backend_xid = xid($2::xid8)";
const XACT_STATUS_SQL = "SELECT pg_xact_status($1::xid8) AS status";
/** How often a transaction found in progress after a lost COMMIT is looked up again. */
const XACT_STATUS_CHECKS = 20;
/** Beyond the limits the worker enforces itself: a worker that never answers is a failure, not a hang. */
const WORKER_SLACK_MS = 15_000;

export class PgConnection {
  /** The URL without its password: how messages name the database. */
  readonly location: string;
  /** host:port of the server. */
  readonly server: string;
  private readonly label: string;
  private readonly url: string;
  private readonly worker: Worker;
  private readonly port: MessageChannel["port1"];
  private readonly flag: Int32Array;
  private readonly statementTimeoutMs: number;
  private readonly connectTimeoutMs: number;
  private readonly reconnectAttempts: number;
  private readonly reconnectDelayMs: number;
  private depth = 0;
  private closed = false;
  /** The number of the last request posted to the thread (pg-reply-wait.ts). */
  private sequence = 0;

  private constructor(label: string, url: string, options: PgConnectionOptions) {
    this.label = label;
    this.url = url;
    this.location = redactUrl(url);
    this.server = serverOf(url, options.env ?? process.env);
    this.statementTimeoutMs = options.statementTimeoutMs ?? DEFAULT_STATEMENT_TIMEOUT_MS;
    this.connectTimeoutMs = options.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS;
    this.reconnectAttempts = options.reconnectAttempts ?? DEFAULT_RECONNECT_ATTEMPTS;
    this.reconnectDelayMs = options.reconnectDelayMs ?? DEFAULT_RECONNECT_DELAY_MS;
    const signal = new SharedArrayBuffer(4);
    this.flag = new Int32Array(signal);
    const channel = new MessageChannel();
    this.port = channel.port1;
    this.worker = new Worker(PG_WORKER_SOURCE, {
      eval: true,
      workerData: {
        pgPath: require.resolve("pg"),
        copyStreamsPath: require.resolve("pg-copy-streams"),
        port: channel.port2,
        signal,
        config: {
          url,
          statementTimeoutMs: this.statementTimeoutMs,
          connectTimeoutMs: this.connectTimeoutMs,
          readOnly: options.readOnly === true,
        },
      },
      transferList: [channel.port2],
    });
    // Neither keeps the process alive: a store left open must not hang the exit.
    this.worker.unref();
    this.port.unref();
  }

  /** Connects to the database at `url`; a server that cannot be reached is a StoreError naming host:port. */
  static open(label: string, url: string, options: PgConnectionOptions = {}): PgConnection {
    const connection = new PgConnection(label, url, options);
    const reply = connection.call({ op: "connect" }, connection.connectTimeoutMs);
    if (!reply.ok) {
      connection.terminate();
      throw connection.connectError(reply.error);
    }
    return connection;
  }

  get isOpen(): boolean {
    return !this.closed;
  }

  /** 0 outside a transaction, 1 in one, 2 and more in its savepoints. */
  get transactionDepth(): number {
    return this.depth;
  }

  /** The rows of one statement (`$1`… parameters). */
  query<T>(sql: string, params: readonly unknown[] = [], action = "cannot be read"): T[] {
    const reply = this.request({ op: "query", sql, params }, action);
    return (reply.rows ?? []) as T[];
  }

  /** Runs a statement for its effect; returns the rows it touched. */
  execute(sql: string, params: readonly unknown[] = [], action = "cannot be written"): number {
    return this.request({ op: "query", sql, params }, action).rowCount ?? 0;
  }

  /**
   * The one bytea column of every row `select` returns, fetched with COPY … TO STDOUT in binary
   * (raw bytes: the driver's query results would arrive as hex text) and handed over in one
   * transferred buffer; the blobs are views over it, in row order. `$n` in `select` stand for
   * `params`, which must be whole numbers (COPY takes no parameters: they are written in).
   */
  blobs(select: string, params: readonly number[] = []): Buffer[] {
    const sql = `COPY (${select.replace(/\$(\d+)/g, (_, n: string) => integerLiteral(params[Number(n) - 1]))}) TO STDOUT (FORMAT binary)`;
    const reply = this.request({ op: "copy-blobs", sql }, "cannot be read");
    const packed = reply.packed;
    if (!packed) return [];
    const blobs: Buffer[] = new Array(packed.lengths.length);
    for (let i = 0; i < packed.lengths.length; i++) {
      blobs[i] = Buffer.from(
        packed.bytes.buffer,
        packed.bytes.byteOffset + packed.offsets[i],
        packed.lengths[i],
      );
    }
    return blobs;
  }

  /**
   * Runs `fn` in one transaction (nested calls become savepoints): all of it commits or none does.
   * The outermost call is retried on a new connection when the connection is lost (see `retrying`).
   * A connection lost during COMMIT leaves the outcome unknown to the client: the transaction's id,
   * taken just before, is looked up on the new connection (`pg_xact_status`), so a committed
   * transaction is never replayed (no second run, no write counted twice) and an aborted one is.
   */
  transaction<T>(fn: () => T): T {
    if (this.depth > 0) return this.savepoint(fn);
    return this.retrying(() => {
      this.execute("BEGIN");
      this.depth = 1;
      let result: T;
      let xid: string | null;
      let pid: number;
      try {
        result = fn();
        const [id] = this.query<{ xid: string | null; pid: number }>(XID_SQL);
        xid = id?.xid ?? null;
        pid = Number(id?.pid);
      } catch (error) {
        this.depth = 0;
        if (!(error instanceof PgConnectionLostError)) this.rollbackQuietly(error);
        throw error;
      }
      try {
        this.execute("COMMIT");
        return result;
      } catch (error) {
        // No id: the transaction wrote nothing, so running it again is harmless.
        if (!(error instanceof PgConnectionLostError) || xid === null) throw error;
        if (this.committedDespiteLoss(xid, pid, error)) return result;
        throw error;
      } finally {
        this.depth = 0;
      }
    });
  }

  /**
   * Runs `fn`, and when the connection is lost while no transaction was open, reconnects (within
   * the configured attempts) and runs it again. `fn` must be safe to repeat: each of its writes is
   * one transaction, so a lost one left nothing behind. Inside a transaction it runs once.
   */
  retrying<T>(fn: () => T): T {
    if (this.depth > 0) return fn();
    for (let retry = 0; ; retry++) {
      try {
        return fn();
      } catch (error) {
        if (!(error instanceof PgConnectionLostError) || retry >= this.reconnectAttempts) throw error;
        this.reconnect(error);
      }
    }
  }

  close(): void {
    if (this.closed) return;
    try {
      this.call({ op: "close" }, this.connectTimeoutMs);
    } finally {
      this.terminate();
    }
  }

  /**
   * After a connection lost during COMMIT: reconnects and asks the server whether transaction
   * `xid` committed. `true` if it did, `false` if it aborted (the caller runs it again). Still in
   * progress, the old session (`pid`) is ended: a COMMIT it never received then aborts it, one it
   * is finishing completes first; either way the answer becomes final. A server
   * that cannot be reached again, or a transaction still in progress after the wait, is a
   * StoreError saying the outcome is unknown.
   */
  private committedDespiteLoss(xid: string, pid: number, lost: PgConnectionLostError): boolean {
    const unknown = (why: string): StoreError =>
      new StoreError(
        `${this.label} ${this.location}: lost the connection to ${this.server} while committing, and ${why}: ` +
          `whether transaction ${xid} was written is unknown; check the data before writing it again`,
        { cause: lost },
      );
    const reply = this.call(
      { op: "reconnect", attempts: this.reconnectAttempts, delayMs: this.reconnectDelayMs },
      this.reconnectBudgetMs(),
    );
    if (!reply.ok) {
      throw unknown(
        `could not reconnect (${this.reconnectAttempts} attempts: ${this.scrub(reply.error.message)})`,
      );
    }
    // The old session may still be finishing its COMMIT: wait for it within a bound.
    for (let check = 0; check < XACT_STATUS_CHECKS; check++) {
      if (check > 0) pause(this.reconnectDelayMs);
      let status: string | null | undefined;
      try {
        status = this.query<{ status: string | null }>(XACT_STATUS_SQL, [xid])[0]?.status;
      } catch (error) {
        if (error instanceof PgConnectionLostError) throw unknown("lost it again while checking");
        throw error;
      }
      if (status === "committed") return true;
      if (status === "aborted") return false;
      if (status !== "in progress") throw unknown(`the server no longer knows the transaction (${status})`);
      if (check === 0) this.query(END_LOST_SQL, [pid, xid]);
    }
    throw unknown(`it was still in progress after ${XACT_STATUS_CHECKS} checks`);
  }

  private reconnectBudgetMs(): number {
    return (
      (this.connectTimeoutMs + this.reconnectDelayMs) * (this.reconnectAttempts + 1) * 2 + WORKER_SLACK_MS
    );
  }

  private savepoint<T>(fn: () => T): T {
    const name = `sp_${this.depth}`;
    this.execute(`SAVEPOINT ${name}`);
    this.depth++;
    try {
      const result = fn();
      this.execute(`RELEASE SAVEPOINT ${name}`);
      return result;
    } catch (error) {
      if (!(error instanceof PgConnectionLostError)) this.execute(`ROLLBACK TO SAVEPOINT ${name}`);
      throw error;
    } finally {
      this.depth--;
    }
  }

  private rollbackQuietly(cause: unknown): void {
    try {
      this.execute("ROLLBACK");
    } catch (error) {
      // The first failure is the one to report; a failed rollback ends the transaction server-side anyway.
      if (!(error instanceof StoreError)) throw new AggregateError([cause, error], "rollback failed");
    }
  }

  private reconnect(lost: PgConnectionLostError): void {
    const reply = this.call(
      { op: "reconnect", attempts: this.reconnectAttempts, delayMs: this.reconnectDelayMs },
      this.reconnectBudgetMs(),
    );
    if (!reply.ok) {
      throw new StoreError(
        `${this.label} ${this.location}: lost the connection to ${this.server} and could not reconnect ` +
          `(${this.reconnectAttempts} attempts: ${this.scrub(reply.error.message)}); nothing of the interrupted call was written`,
        { cause: lost },
      );
    }
  }

  private request(request: Record<string, unknown>, action: string): Reply & { ok: true } {
    this.assertOpen();
    const reply = this.call(request, this.statementTimeoutMs + WORKER_SLACK_MS);
    if (reply.ok) return reply;
    throw this.queryError(reply.error, action);
  }

  private call(request: Record<string, unknown>, timeoutMs: number): Reply {
    this.sequence = nextSequence(this.sequence);
    this.port.postMessage({ ...request, sequence: this.sequence });
    const waited = waitForReply<Reply>(this.flag, this.port, this.sequence, timeoutMs);
    if (!waited.received) {
      const why = waited.timedOut ? `no answer within ${timeoutMs} ms` : "no answer";
      return { ok: false, error: { message: `the connection thread gave ${why}`, lost: true } };
    }
    return waited.message;
  }

  private connectError(error: WorkerError): StoreError {
    const where = `${this.label} ${this.location}`;
    const detail = this.scrub(error.message);
    let reason = `cannot connect to the PostgreSQL server at ${this.server} (${detail})`;
    if (error.code === "ECONNREFUSED") {
      reason = `cannot connect: the PostgreSQL server at ${this.server} refused the connection (is it running?)`;
    } else if (error.code === "ENOTFOUND" || error.code === "EAI_AGAIN") {
      reason = `cannot connect: the host of ${this.server} is not known`;
    } else if (error.code === "28P01" || error.code === "28000") {
      reason = `the PostgreSQL server at ${this.server} refused the login (${detail}); set the password in PGPASSWORD or in the URL of an environment variable`;
    } else if (error.code === "3D000") {
      reason = `the PostgreSQL server at ${this.server} has no such database (${detail}); create it first`;
    }
    return new StoreError(`${where}: ${reason}`);
  }

  private queryError(error: WorkerError, action: string): StoreError {
    const where = `${this.label} ${this.location}`;
    const detail = this.scrub(error.message);
    if (error.lost) {
      return new PgConnectionLostError(
        `${where} ${action}: the connection to ${this.server} was lost (${detail})`,
      );
    }
    const sqlState = error.code === undefined ? "" : ` [SQLSTATE ${error.code}]`;
    let reason = `${action}: ${detail}${sqlState}`;
    if (error.code === "57014") {
      reason = `${action}: a statement ran longer than ${this.statementTimeoutMs} ms (statement_timeout) and was cancelled; nothing of it was written`;
    } else if (error.code === "53100") {
      reason = `${action}: the database server's disk is full (${detail}); nothing of the failed write was stored`;
    } else if (error.code === "25006") {
      reason = `${action}: it was opened read-only`;
    }
    return new StoreError(`${where} ${reason}`);
  }

  private scrub(text: string): string {
    return scrubPassword(text, this.url);
  }

  private assertOpen(): void {
    if (this.closed) throw new StoreError(`${this.label} ${this.location} is closed`);
  }

  private terminate(): void {
    this.closed = true;
    this.port.close();
    void this.worker.terminate().catch(() => undefined);
  }
}
