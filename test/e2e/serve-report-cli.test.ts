// `scanwright serve` and `scanwright report` as a user runs them (the built CLI in a child process)
// over a real backtest: serve prints its URL, makes up a token off loopback and enforces it, and
// stops on SIGTERM with exit 0; report writes the file and refuses bad input with exit 2.

import { spawn } from "node:child_process";
import { existsSync, statSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BUILT_CLI } from "../helpers/built-cli.js";
import { buildDashboardFixture, cliSync, type DashboardFixture } from "../helpers/dashboard-fixture.js";

/** Starts `scanwright serve ARGS…`, resolves with its first stdout line and a way to stop it. */
function startServe(cwd: string, args: string[]) {
  const child = spawn(process.execPath, [BUILT_CLI, "serve", ...args], {
    cwd,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  const exited = new Promise<number | null>((resolve) => child.on("close", resolve));
  const firstLine = new Promise<string>((resolve, reject) => {
    child.stdout.on("data", (chunk: Buffer) => {
      stdout += chunk.toString();
      if (stdout.includes("\n")) resolve(stdout.split("\n")[0]);
    });
    child.stderr.on("data", (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    exited.then((code) => reject(new Error(`serve exited (${code}) before printing its URL: ${stderr}`)));
  });
  return {
    firstLine,
    stop: async () => {
      child.kill("SIGTERM");
      return { code: await exited, stdout, stderr };
    },
  };
}

describe("scanwright serve and report", () => {
  let fixture: DashboardFixture;
  beforeAll(() => {
    fixture = buildDashboardFixture();
  }, 120_000);
  afterAll(() => fixture?.dispose());

  it("serve listens on loopback, answers the API, and stops on SIGTERM with exit 0", async () => {
    const serve = startServe(fixture.dir, ["--config", "dash.yaml", "--port", "0"]);
    const line = await serve.firstLine;
    const match = /^Serving (.+) \(read-only\) and the bars of (.+) at (http:\/\/127\.0\.0\.1:\d+\/)$/.exec(
      line,
    );
    expect(match, line).not.toBeNull();
    expect(match?.[1]).toBe(fixture.journalPath);
    expect(match?.[2]).toBe(fixture.storePath);
    const runs = await fetch(new URL("/api/runs", match?.[3]));
    expect(runs.status).toBe(200);
    expect((await runs.json()).runs.length).toBe(1);
    const stopped = await serve.stop();
    expect(stopped.code).toBe(0);
    expect(stopped.stdout.endsWith("Stopped.\n")).toBe(true);
    expect(stopped.stderr).toBe("");
  });

  it("serve off loopback makes up a token, prints it in the URL and requires it", async () => {
    const serve = startServe(fixture.dir, ["--journal", "journal.db", "--host", "127.0.0.2", "--port", "0"]);
    const line = await serve.firstLine;
    const match = /at (http:\/\/127\.0\.0\.2:\d+\/)\?token=([0-9a-f]{32})$/.exec(line);
    expect(match, line).not.toBeNull();
    const [, url, token] = match as RegExpExecArray;
    expect((await fetch(new URL("/api/runs", url))).status).toBe(401);
    const allowed = await fetch(new URL("/api/runs", url), { headers: { Authorization: `Bearer ${token}` } });
    expect(allowed.status).toBe(200);
    expect((await serve.stop()).code).toBe(0);
  });

  it("serve refuses a port in use with exit 2", async () => {
    const { createServer } = await import("node:net");
    const taken = createServer();
    await new Promise<void>((resolve) => taken.listen(0, "127.0.0.1", resolve));
    const port = (taken.address() as { port: number }).port;
    try {
      const result = cliSync(fixture.dir, "serve", "--journal", "journal.db", "--port", String(port));
      expect(result).toEqual({
        exitCode: 2,
        stdout: "",
        stderr: `error SCN_ERR_USAGE: Cannot listen on 127.0.0.1 port ${port} (EADDRINUSE)\n`,
      });
    } finally {
      await new Promise((resolve) => taken.close(resolve));
    }
  });

  it("serve refuses a short token and a missing journal with exit 2", () => {
    const short = cliSync(fixture.dir, "serve", "--journal", "journal.db", "--token", "abc", "--port", "0");
    expect(short).toEqual({
      exitCode: 2,
      stdout: "",
      stderr: "error SCN_ERR_USAGE: --token must be at least 16 characters long\n",
    });
    const missing = cliSync(fixture.dir, "serve", "--journal", "nope.db", "--port", "0");
    expect(missing.exitCode).toBe(2);
    expect(missing.stderr).toContain(`No scan journal at "${join(fixture.dir, "nope.db")}" (from --journal)`);
  });

  it("report writes one self-contained file of a few hundred kB", () => {
    const made = cliSync(fixture.dir, "report", "--config", "dash.yaml", "-o", "out/report.html");
    expect(made.exitCode, made.stderr).toBe(0);
    const path = join(fixture.dir, "out", "report.html");
    expect(made.stdout.startsWith(`Report of run 1 "dash" written to ${path} (`)).toBe(true);
    const size = statSync(path).size;
    expect(size).toBeGreaterThan(200_000); // the chart library alone is about 200 kB
    expect(size).toBeLessThan(2_000_000);
    expect(existsSync(`${path}.tmp`)).toBe(false);
  });

  it("report refuses an unknown run, a bad interval and a missing -o with exit 2", () => {
    expect(cliSync(fixture.dir, "report", "9", "--config", "dash.yaml", "-o", "r.html")).toEqual({
      exitCode: 2,
      stdout: "",
      stderr: `error SCN_ERR_USAGE: Run 9: the journal "${fixture.journalPath}" has no such run (runs 1 to 1)\n`,
    });
    expect(
      cliSync(fixture.dir, "report", "--config", "dash.yaml", "-o", "r.html", "--interval", "2h").stderr,
    ).toBe('error SCN_ERR_USAGE: --interval must be one of 1m, 5m, 1d, got "2h"\n');
    const noOutput = cliSync(fixture.dir, "report", "--config", "dash.yaml");
    expect(noOutput.exitCode).toBe(2);
    expect(noOutput.stderr).toContain("required option '-o, --output <file>' not specified");
    expect(existsSync(join(fixture.dir, "r.html"))).toBe(false);
  });
});
