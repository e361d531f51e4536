// Runs a local program per alert: the alert JSON on its stdin, `SCANWRIGHT_IDEMPOTENCY_KEY` in its
// environment. Exit status 0 acknowledges; any other status, a signal or the time limit (the
// program is then killed) is retried; a program that cannot be started is a refusal. The tail of
// its stderr goes into the error.

import { spawn } from "node:child_process";
import { AlertError } from "../core/errors.js";
import type { AlertPayload } from "../scanners/alert-types.js";
import type { AlertChannel } from "./alert-channel.js";
import type { RateLimiter } from "./rate-limiter.js";

const STDERR_TAIL = 300;

export interface CommandSettings {
  readonly argv: readonly string[];
  /** The environment the program gets (the key is added). */
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly label: string;
  readonly timeoutMs: number;
  readonly limiter: RateLimiter;
}

export class CommandChannel implements AlertChannel {
  readonly label: string;
  readonly timeoutMs: number;
  readonly limiter: RateLimiter;

  constructor(private readonly settings: CommandSettings) {
    this.label = settings.label;
    this.timeoutMs = settings.timeoutMs;
    this.limiter = settings.limiter;
  }

  send(alert: AlertPayload, signal?: AbortSignal): Promise<void> {
    const [program, ...args] = this.settings.argv;
    return new Promise((resolve, reject) => {
      const child = spawn(program, args, {
        stdio: ["pipe", "ignore", "pipe"],
        env: { ...this.settings.env, SCANWRIGHT_IDEMPOTENCY_KEY: alert.id },
        timeout: this.timeoutMs,
        killSignal: "SIGKILL",
        signal,
      });
      let stderr = "";
      child.stderr.setEncoding("utf8");
      child.stderr.on("data", (chunk: string) => {
        stderr = (stderr + chunk).slice(-STDERR_TAIL);
      });
      let spawnFailed = false;
      child.on("error", (error: NodeJS.ErrnoException) => {
        if (error.name === "AbortError") return; // the close handler reports it
        if (error.code === "ENOENT" || error.code === "EACCES") {
          spawnFailed = true;
          reject(
            new AlertError(`${this.label}: cannot run ${program} (${error.code})`, { retryable: false }),
          );
        }
      });
      // A program that exits without reading its stdin closes the pipe: not an error of ours.
      child.stdin.on("error", () => {});
      child.stdin.end(JSON.stringify(alert));
      child.on("close", (code, signal) => {
        if (spawnFailed) return;
        if (code === 0) {
          resolve();
          return;
        }
        const how =
          signal === "SIGKILL" && code === null
            ? `killed after ${this.timeoutMs} ms`
            : signal
              ? `killed by ${signal}`
              : `exit status ${code}`;
        const tail = stderr.trim();
        reject(new AlertError(`${this.label}: ${how}${tail ? `: ${tail}` : ""}`, { retryable: true }));
      });
    });
  }
}
