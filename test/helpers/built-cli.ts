// The built CLI (`node dist/cli/main.js`, built by `npm test` before vitest) run in a child
// process, as a user runs it.

import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";

export const BUILT_CLI = fileURLToPath(new URL("../../dist/cli/main.js", import.meta.url));

export interface CliOutput {
  readonly exitCode: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * Runs `scanwright ARGS…` to its end; `onStderrLine` sees each log line as it comes and may stop
 * the process with SIGTERM (`terminate`), as Ctrl-C would. `env` adds to this process's environment.
 */
export function runBuiltCli(
  args: readonly string[],
  cwd: string,
  onStderrLine: (line: string, terminate: () => void) => void = () => {},
  env: Readonly<Record<string, string>> = {},
): Promise<CliOutput> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BUILT_CLI, ...args], {
      cwd,
      env: { ...process.env, ...env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    let pending = "";
    child.stdout.on("data", (chunk: Buffer) => {
      stdout += chunk.toString();
    });
    child.stderr.on("data", (chunk: Buffer) => {
      stderr += chunk.toString();
      pending += chunk.toString();
      const lines = pending.split("\n");
      pending = lines.pop() ?? "";
      for (const line of lines) onStderrLine(line, () => child.kill("SIGTERM"));
    });
    child.on("error", reject);
    child.on("close", (exitCode) => resolve({ exitCode, stdout, stderr }));
  });
}
