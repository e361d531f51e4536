// The built CLI (`node dist/cli/main.js`, built by `npm test` before vitest) run in a child
// process, as a user runs it.

import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";

export const BUILT_CLI = fileURLToPath(new URL("../../dist/cli/main.js", import.meta.url));
/** The built package's entry, for threads and processes that cannot load the TypeScript sources. */
export const BUILT_INDEX_URL = new URL("../../dist/index.js", import.meta.url).href;

export interface CliOutput {
  readonly exitCode: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Stops the child with a signal (default SIGTERM, as `kill PID`; SIGINT is Ctrl-C). */
export type Terminate = (signal?: NodeJS.Signals) => void;

/**
 * Runs `scanwright ARGS…` to its end; `onStderrLine` (and `onStdoutLine`) see each line as it
 * comes and may stop the process with a signal (`terminate`: SIGTERM by default, as `kill PID`).
 * `env` adds to this process's environment.
 */
export function runBuiltCli(
  args: readonly string[],
  cwd: string,
  onStderrLine: (line: string, terminate: Terminate) => void = () => {},
  env: Readonly<Record<string, string>> = {},
  onStdoutLine: (line: string, terminate: Terminate) => void = () => {},
): Promise<CliOutput> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BUILT_CLI, ...args], {
      cwd,
      env: { ...process.env, ...env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    const terminate: Terminate = (signal = "SIGTERM") => void child.kill(signal);
    let stdout = "";
    let stderr = "";
    const splitter = (onLine: (line: string, terminate: Terminate) => void) => {
      let pending = "";
      return (chunk: string): void => {
        pending += chunk;
        const lines = pending.split("\n");
        pending = lines.pop() ?? "";
        for (const line of lines) onLine(line, terminate);
      };
    };
    const stdoutLines = splitter(onStdoutLine);
    const stderrLines = splitter(onStderrLine);
    child.stdout.on("data", (chunk: Buffer) => {
      stdout += chunk.toString();
      stdoutLines(chunk.toString());
    });
    child.stderr.on("data", (chunk: Buffer) => {
      stderr += chunk.toString();
      stderrLines(chunk.toString());
    });
    child.on("error", reject);
    child.on("close", (exitCode) => resolve({ exitCode, stdout, stderr }));
  });
}
