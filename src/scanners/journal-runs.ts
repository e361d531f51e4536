// The `runs` table: starting, finding, finishing and listing runs. A run is written at once (not
// batched), so a run started just before a crash is still there for `resumeRun` to find.

import { DataError } from "../core/errors.js";
import { encodeJson } from "./journal-json.js";
import type { JournalSql } from "./journal-sql/journal-sql.js";
import {
  type FinishRunInput,
  RUN_MODES,
  RUN_STATUSES,
  type RunInfo,
  type RunMode,
  type RunRef,
  type RunStatus,
  type StartRunInput,
} from "./journal-types.js";

interface StoredRun {
  readonly id: number;
  readonly name: string;
  readonly mode: RunMode;
  readonly configHash: string;
  readonly startedAt: number;
  readonly finishedAt: number | null;
  readonly status: RunStatus;
  readonly params: string;
  readonly rows: number;
}

const FINISHED_STATUSES: readonly unknown[] = RUN_STATUSES.filter((status) => status !== "running");

const RUN_COLUMNS = `id, name, mode, config_hash AS "configHash", started_at AS "startedAt",
  finished_at AS "finishedAt", status, params,
  CAST((SELECT count(*) FROM scans WHERE scans.run_id = runs.id) AS INTEGER) AS rows`;

export class RunTable {
  constructor(
    private readonly sql: JournalSql,
    private readonly where: string,
  ) {}

  start(input: StartRunInput): RunRef {
    const fail = (problem: string): never => {
      throw new DataError(`${this.where}: cannot start a run: ${problem}`);
    };
    if (typeof input !== "object" || input === null) return fail("the run is not an object");
    if (typeof input.name !== "string" || input.name === "") fail("name must be a non-empty string");
    if (!(RUN_MODES as readonly unknown[]).includes(input.mode))
      fail(`mode must be ${RUN_MODES.join(" or ")}`);
    if (typeof input.configHash !== "string") fail("configHash must be a string");
    if (!Number.isFinite(input.startedAt)) fail(`startedAt must be epoch ms, got ${String(input.startedAt)}`);
    const params = encodeJson(input.params === undefined ? null : input.params, "params");
    if (params.json === undefined) return fail(params.problem);
    const inserted = this.sql.transaction(() =>
      this.sql.get<{ id: number }>(
        "INSERT INTO runs (name, mode, config_hash, started_at, status, params) VALUES (?, ?, ?, ?, 'running', ?) RETURNING id",
        [input.name, input.mode, input.configHash, input.startedAt, params.json],
      ),
    );
    return {
      id: Number(inserted?.id),
      name: input.name,
      mode: input.mode,
      configHash: input.configHash,
    };
  }

  /** `true` if the run was running and is now finished, `false` if it was finished already. */
  finishRun(runId: number, input: FinishRunInput): boolean {
    const fail = (problem: string): never => {
      throw new DataError(`${this.where}: cannot finish run ${runId}: ${problem}`);
    };
    if (typeof input !== "object" || input === null) return fail("the finish is not an object");
    if (!Number.isFinite(input.finishedAt))
      fail(`finishedAt must be epoch ms, got ${String(input.finishedAt)}`);
    if (!FINISHED_STATUSES.includes(input.status)) fail("status must be completed, failed or interrupted");
    const changed = this.sql.transaction(() =>
      this.sql.run("UPDATE runs SET finished_at = ?, status = ? WHERE id = ? AND status = 'running'", [
        input.finishedAt,
        input.status,
        runId,
      ]),
    );
    return changed === 1;
  }

  get(runId: number): RunInfo | undefined {
    const row = this.sql.get<StoredRun>(`SELECT ${RUN_COLUMNS} FROM runs WHERE id = ?`, [runId]);
    return row ? decodeRun(row) : undefined;
  }

  latestUnfinishedLive(name: string, configHash: string): RunInfo | undefined {
    const row = this.sql.get<StoredRun>(
      `SELECT ${RUN_COLUMNS} FROM runs
       WHERE name = ? AND mode = 'live' AND status = 'running' AND config_hash = ?
       ORDER BY id DESC LIMIT 1`,
      [name, configHash],
    );
    return row ? decodeRun(row) : undefined;
  }

  list(): RunInfo[] {
    return this.sql.all<StoredRun>(`SELECT ${RUN_COLUMNS} FROM runs ORDER BY id`).map(decodeRun);
  }
}

/** Just the reference fields of a run (what `startRun` and `resumeRun` hand out). */
export function runRefOf(run: RunInfo): RunRef {
  return { id: run.id, name: run.name, mode: run.mode, configHash: run.configHash };
}

function decodeRun(row: StoredRun): RunInfo {
  return {
    id: row.id,
    name: row.name,
    mode: row.mode,
    configHash: row.configHash,
    startedAt: row.startedAt,
    finishedAt: row.finishedAt,
    status: row.status,
    params: JSON.parse(row.params) as unknown,
    rows: row.rows,
  };
}
