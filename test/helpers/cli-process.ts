// The built CLI as a long-lived child process (a cluster worker, a coordinator to kill midway):
// its output collected, a wait for a line matching a pattern, signals, and its exit.

import { type ChildProcess, spawn } from "node:child_process";
import { BUILT_CLI } from "./built-cli.js";

export interface CliProcess {
  readonly child: ChildProcess;
  readonly pid: number;
  /** stdout and stderr so far, as they came. */
  output(): string;
  /** Resolves with the first output line matching `pattern` (seen already or to come). */
  waitForLine(pattern: RegExp): Promise<string>;
  /** Resolves with the exit code (null when a signal ended it). */
  readonly exited: Promise<number | null>;
  kill(signal: NodeJS.Signals): void;
}

export function startCli(args: readonly string[], cwd: string): CliProcess {
  const child = spawn(process.execPath, [BUILT_CLI, ...args], { cwd, stdio: ["ignore", "pipe", "pipe"] });
  let text = "";
  const lines: string[] = [];
  let pending = "";
  const waiters: Array<{ pattern: RegExp; resolve: (line: string) => void }> = [];
  const onData = (chunk: Buffer): void => {
    text += chunk.toString();
    pending += chunk.toString();
    const complete = pending.split("\n");
    pending = complete.pop() ?? "";
    for (const line of complete) {
      lines.push(line);
      for (const waiter of [...waiters]) {
        if (waiter.pattern.test(line)) {
          waiters.splice(waiters.indexOf(waiter), 1);
          waiter.resolve(line);
        }
      }
    }
  };
  child.stdout?.on("data", onData);
  child.stderr?.on("data", onData);
  const exited = new Promise<number | null>((resolve) => child.on("close", (code) => resolve(code)));
  return {
    child,
    pid: child.pid ?? -1,
    output: () => text,
    waitForLine: (pattern) =>
      new Promise((resolve, reject) => {
        const seen = lines.find((line) => pattern.test(line));
        if (seen !== undefined) return resolve(seen);
        waiters.push({ pattern, resolve });
        void exited.then(() => reject(new Error(`exited before a line matching ${pattern}:\n${text}`)));
      }),
    exited,
    kill: (signal) => void child.kill(signal),
  };
}

/** Sends `signal` to every process of `processes` and waits for each to exit; empties the list. */
export async function stopAll(processes: CliProcess[], signal: NodeJS.Signals = "SIGTERM"): Promise<void> {
  for (const child of processes.splice(0)) {
    child.kill(signal);
    await child.exited;
  }
}
