// The processes of the cluster benchmarks (cluster-backtest, cluster-sweep): the built CLI as a
// child (`run`, `worker`), timed, workers started and stopped around a measured run, and the bench's
// keys deleted from the local Redis afterwards.

import { type ChildProcess, spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { Redis } from "ioredis";

const CLI = fileURLToPath(new URL("../../../dist/cli/main.js", import.meta.url));
export const CLUSTER_REDIS = "redis://127.0.0.1:6379";
const REDIS = CLUSTER_REDIS;

/** Wall seconds of `fn`. */
export async function timed(fn: () => Promise<void>): Promise<number> {
  const started = performance.now();
  await fn();
  return (performance.now() - started) / 1000;
}

export function cli(args: readonly string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], { stdio: ["ignore", "ignore", "pipe"] });
    let stderr = "";
    child.stderr.on("data", (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    child.on("error", reject);
    child.on("close", (code) =>
      code === 0 ? resolve() : reject(new Error(`scanwright ${args[0]} exit ${code}: ${stderr}`)),
    );
  });
}

/** Runs `fn` with `count` workers started and waiting; stops them afterwards. */
export async function withWorkers<T>(count: number, prefix: string, fn: () => Promise<T>): Promise<T> {
  const workers: ChildProcess[] = [];
  try {
    await Promise.all(
      Array.from({ length: count }, () => {
        const child = spawn(process.execPath, [CLI, "worker", "--redis", REDIS, "--queue-prefix", prefix], {
          stdio: ["ignore", "pipe", "inherit"],
        });
        workers.push(child);
        return new Promise<void>((resolve, reject) => {
          let out = "";
          child.stdout?.on("data", (chunk: Buffer) => {
            out += chunk.toString();
            if (out.includes("waiting for jobs")) resolve();
          });
          child.on("close", (code) => reject(new Error(`worker exited (${code}) before it was ready`)));
        });
      }),
    );
    return await fn();
  } finally {
    for (const worker of workers) {
      const closed = new Promise((resolve) => worker.on("close", resolve));
      worker.kill("SIGTERM");
      await closed;
    }
  }
}

export async function deleteKeys(prefix: string): Promise<void> {
  const client = new Redis({ host: "127.0.0.1", port: 6379, maxRetriesPerRequest: 1 });
  try {
    let cursor = "0";
    do {
      const [next, keys] = await client.scan(cursor, "MATCH", `${prefix}*`, "COUNT", 1000);
      cursor = next;
      if (keys.length > 0) await client.del(...keys);
    } while (cursor !== "0");
  } finally {
    client.disconnect();
  }
}
