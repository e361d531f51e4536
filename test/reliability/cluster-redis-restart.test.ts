// A distributed backtest whose Redis restarts in the middle of the run, with nothing kept (a
// private `redis-server` on its own loopback port, `--save "" --appendonly no`: the machine's
// Redis is never touched). The coordinator and the worker reconnect, the jobs Redis lost are
// queued again under their ids, and the run ends with the single-process run's rows.

import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ScanJournal } from "../../src/scanners/scan-journal.js";
import { runBuiltCli } from "../helpers/built-cli.js";
import { carryOverConfigText } from "../helpers/carry-over-config.js";
import { type CliProcess, startCli, stopAll } from "../helpers/cli-process.js";
import { buildDemoStore, type DemoStore } from "../helpers/demo-session.js";

const TIMEOUT_MS = 240_000;

let demo: DemoStore;
let dir: string;
let port: number;
let server: ChildProcess | undefined;
const processes: CliProcess[] = [];

/** A free loopback port (the OS picks it). */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const address = probe.address();
      probe.close(() =>
        typeof address === "object" && address ? resolve(address.port) : reject(new Error("no port")),
      );
    });
  });
}

/** Starts the private server and resolves once it answers PING. */
async function startRedis(): Promise<ChildProcess> {
  const child = spawn(
    "redis-server",
    ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
    { stdio: "ignore" },
  );
  const client = new Redis({ host: "127.0.0.1", port, lazyConnect: true, retryStrategy: () => 100 });
  client.on("error", () => undefined);
  try {
    // Waits on the condition (the server answering), polling.
    for (;;) {
      try {
        await client.connect();
        if ((await client.ping()) === "PONG") return child;
      } catch {
        client.disconnect();
        await sleep(100);
      }
    }
  } finally {
    client.disconnect();
  }
}

async function stopRedis(child: ChildProcess): Promise<void> {
  const closed = new Promise((resolve) => child.once("close", resolve));
  child.kill("SIGKILL");
  await closed;
}

function rowsOf(path: string): { statuses: string[]; rows: unknown[] } {
  const journal = ScanJournal.open(path);
  try {
    const runs = journal.runs();
    const last = runs.at(-1);
    const rows =
      last === undefined
        ? []
        : journal.query({ run: last.id, limit: 1_000_000 }).map(({ run: _r, durationMs: _d, ...row }) => row);
    return { statuses: runs.map((run) => run.status), rows };
  } finally {
    journal.close();
  }
}

describe("distributed backtest across a Redis restart", () => {
  beforeAll(async () => {
    demo = buildDemoStore({ symbols: 6, days: 12, historyDays: 30, seed: 11, lastDay: "2024-12-31" });
    dir = mkdtempSync(join(tmpdir(), "scanwright-cluster-redis-"));
    port = await freePort();
    server = await startRedis();
  }, 60_000);

  afterAll(async () => {
    await stopAll(processes, "SIGKILL");
    if (server) await stopRedis(server);
    demo?.dispose();
    if (dir) rmSync(dir, { recursive: true, force: true });
  }, 60_000);

  it(
    "resumes after the server restarts empty and journals the single-process rows",
    async () => {
      const config = join(dir, "carry.yaml");
      writeFileSync(
        config,
        carryOverConfigText({
          name: "carry",
          start: "2024-12-16",
          end: "2024-12-31",
          storePath: demo.path,
          symbols: demo.symbols,
          ema: false,
        }),
      );
      const single = await runBuiltCli(["run", config, "--journal", join(dir, "single.db")], dir);
      expect(single.exitCode).toBe(0);
      const expected = rowsOf(join(dir, "single.db")).rows;
      const url = `redis://127.0.0.1:${port}`;
      const worker = startCli(["worker", "--redis", url, "--lock-ms", "3000"], dir);
      processes.push(worker);
      await worker.waitForLine(/waiting for jobs/);
      const journal = join(dir, "distributed.db");
      const coordinator = startCli(
        ["run", config, "--journal", journal, "--workers", url, "--range-days", "3", "--warmup-days", "1"],
        dir,
      );
      processes.push(coordinator);
      await worker.waitForLine(/job \S+ completed/);
      // Redis dies with every job and result in it, and comes back empty on the same port.
      if (server) await stopRedis(server);
      const before = worker.output().length;
      server = await startRedis();
      expect(await coordinator.exited).toBe(0);
      // The worker went on taking jobs from the new server.
      expect(worker.output().slice(before)).toMatch(/job \S+ completed/);
      // Ranges were re-run after the restart: from a shipped state (`f`, the coordinator puts a
      // start state Redis lost back) or, with the predecessor's end state lost, from its start (`s`).
      expect(worker.output().slice(before)).toMatch(/job \S+-[fs][0-9a-f]{16} completed/);
      const result = rowsOf(journal);
      expect(result.statuses).toEqual(["completed"]);
      expect(result.rows).toEqual(expected);
    },
    TIMEOUT_MS,
  );
});
