// The fencing token stored with a live run (`run_fences`, journal layout 2 / PostgreSQL migration 2):
// the database side of the HA fence. A leader claims the run with its lease's token (raising the
// stored one; a lower token than stored is refused); afterwards every write transaction of that
// journal for the run first compares its token with the stored one, so a deposed leader whose write
// reaches the database after a newer leader claimed the run is refused there, whatever the delay.
// Both statements run inside the caller's write transaction (SQLite takes it IMMEDIATE, PostgreSQL
// locks the fence row with FOR UPDATE), so a claim and a write never interleave.

import { FencedWriteError } from "../core/errors.js";
import type { JournalSql } from "./journal-sql/journal-sql.js";

const STORED_TOKEN_SQL = "SELECT token FROM run_fences WHERE run_id = ?";
const STORED_TOKEN_LOCKED_SQL = `${STORED_TOKEN_SQL} FOR UPDATE`;
/** Never lowers the stored token (two claims racing on a run without a row: the higher one stays). */
const RAISE_SQL = `INSERT INTO run_fences (run_id, token) VALUES (?, ?)
  ON CONFLICT (run_id) DO UPDATE SET token = excluded.token WHERE run_fences.token < excluded.token`;

export class RunFenceTable {
  constructor(
    private readonly sql: JournalSql,
    private readonly where: string,
  ) {}

  /** Stores `token` for the run (call inside a write transaction); a FencedWriteError when a higher one is stored. */
  claim(runId: number, token: number): void {
    this.sql.run(RAISE_SQL, [runId, token]);
    this.check(runId, token, "claim");
  }

  /** A FencedWriteError when the run holds a token above `token` (call inside a write transaction). */
  check(runId: number, token: number, write: string): void {
    const stored = this.storedToken(runId);
    if (stored === undefined || stored <= token) return;
    throw new FencedWriteError(
      `${this.where}: run ${runId} was claimed by a newer leader (fencing token ${stored}); ` +
        `this writer's token is ${token}: ${write} refused, nothing written`,
      runId,
      token,
      stored,
    );
  }

  /** The highest token stored for any run (0 when none is, or the journal predates the table). */
  highestToken(): number {
    if (!this.sql.hasTable("run_fences")) return 0;
    const row = this.sql.get<{ token: number | string | null }>("SELECT max(token) AS token FROM run_fences");
    return row?.token === null || row?.token === undefined ? 0 : Number(row.token);
  }

  /** The token stored for the run, `undefined` when it was never claimed. */
  storedToken(runId: number): number | undefined {
    const row = this.sql.get<{ token: number | string }>(
      this.sql.dialect === "postgres" ? STORED_TOKEN_LOCKED_SQL : STORED_TOKEN_SQL,
      [runId],
    );
    return row === undefined ? undefined : Number(row.token);
  }
}
