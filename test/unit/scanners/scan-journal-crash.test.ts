// ScanJournal under SIGKILL: a child process records rows and is killed; the journal opens cleanly
// afterwards, holds every flushed row and none of the unflushed batch, never part of a batch, and
// the unfinished live run is there to resume. The child is a script written to a temp folder and
// run with tsx (the project's TypeScript loader), importing the journal from the source tree.

import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import Database from "better-sqlite3";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ScanJournal } from "../../../src/scanners/scan-journal.js";
import type { ScanRecordSink } from "../../../src/scanners/scan-record.js";

const REPO = fileURLToPath(new URL("../../../", import.meta.url));
const JOURNAL_MODULE = new URL("../../../src/scanners/scan-journal.ts", import.meta.url).href;
const FIRST_SLOT = Date.parse("2024-11-29T09:35:00-05:00");
/** One second apart, so even 50,010 slots fall on the session date. */
const STEP_MS = 1_000;

/** The child: records `flushed` rows and flushes, records `pending` more, says `message`, waits. */
function childScript(path: string, flushed: number, pending: number, mode: "wait" | "flush"): string {
  return `
import { ScanJournal } from ${JSON.stringify(JOURNAL_MODULE)};
const journal = ScanJournal.open(${JSON.stringify(path)}, { batchSize: 1_000_000 });
const run = journal.startRun({ name: "daemon", mode: "live", configHash: "h", startedAt: 0 });
const row = (i) => ({
  scanner: "momentum", kind: "regular", sessionDate: "2024-11-29",
  scheduledAt: ${FIRST_SLOT} + i * ${STEP_MS}, startedAt: ${FIRST_SLOT} + i * ${STEP_MS},
  durationMs: 1, status: "ok", universeSize: 3, symbols: ["AIG", "SPY"],
  metadata: { i, text: "x".repeat(200) }, promoted: [],
});
for (let i = 0; i < ${flushed}; i++) journal.record(run, row(i));
journal.flush();
for (let i = ${flushed}; i < ${flushed + pending}; i++) journal.record(run, row(i));
process.stdout.write("ready\\n");
${mode === "flush" ? "journal.flush();\nprocess.stdout.write('flushed\\n');" : ""}
setInterval(() => {}, 1_000);
`;
}

/** Runs the child, SIGKILLs it as soon as it prints `ready`, and resolves with its exit signal. */
function runAndKill(scriptPath: string): Promise<NodeJS.Signals | null> {
  return new Promise((resolve, reject) => {
    const child: ChildProcess = spawn(process.execPath, ["--import", "tsx", scriptPath], {
      cwd: REPO,
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stderr = "";
    child.stderr?.on("data", (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    child.stdout?.on("data", (chunk: Buffer) => {
      if (chunk.toString().includes("ready")) child.kill("SIGKILL");
    });
    child.on("error", reject);
    child.on("exit", (code, signal) => {
      if (signal === null) reject(new Error(`child exited with ${code} before the kill: ${stderr}`));
      else resolve(signal);
    });
  });
}

describe("ScanJournal after SIGKILL", () => {
  let folder: string;
  beforeEach(() => {
    folder = mkdtempSync(join(tmpdir(), "scanwright-journal-crash-"));
  });
  afterEach(() => rmSync(folder, { recursive: true, force: true }));

  it("keeps every flushed row, loses only the unflushed batch, and the run can be resumed", async () => {
    const path = join(folder, "journal.db");
    const script = join(folder, "child.mjs");
    writeFileSync(script, childScript(path, 40, 7, "wait"));
    expect(await runAndKill(script)).toBe("SIGKILL");

    const raw = new Database(path, { readonly: true });
    expect(raw.pragma("integrity_check", { simple: true })).toBe("ok");
    raw.close();

    const journal = ScanJournal.open(path);
    const run = journal.resumeRun("daemon", "live", "h");
    expect(run).toEqual({ id: 1, name: "daemon", mode: "live", configHash: "h" });
    const rows = journal.query({ run });
    expect(rows.length).toBe(40);
    expect(rows[39]).toEqual({
      run: 1,
      scanner: "momentum",
      kind: "regular",
      sessionDate: "2024-11-29",
      scheduledAt: FIRST_SLOT + 39 * STEP_MS,
      startedAt: FIRST_SLOT + 39 * STEP_MS,
      durationMs: 1,
      status: "ok",
      error: null,
      universeSize: 3,
      symbols: ["AIG", "SPY"],
      metadata: { i: 39, text: "x".repeat(200) },
      promoted: [],
    });
    // The restarted daemon: slots 0..39 are done; 40..46 were lost with the batch and are recorded now.
    const sink: ScanRecordSink = journal.sinkFor(run!);
    for (let i = 0; i < 47; i++) {
      const scheduledAt = FIRST_SLOT + i * STEP_MS;
      if (journal.hasRecorded(run!, "momentum", "regular", scheduledAt)) continue;
      sink.record({
        scanner: "momentum",
        kind: "regular",
        sessionDate: "2024-11-29",
        scheduledAt,
        startedAt: scheduledAt,
        durationMs: 0,
        status: "missed",
        universeSize: 3,
        symbols: [],
        metadata: null,
        promoted: [],
      });
    }
    const statuses = journal.recordedSlots(run!, "2024-11-29").map((slot) => slot.status);
    expect(statuses).toEqual([...Array(40).fill("ok"), ...Array(7).fill("missed")]);
    journal.close();
  });

  it("never leaves part of a batch: a kill during a large flush keeps all of it or none", async () => {
    const path = join(folder, "journal.db");
    const script = join(folder, "child.mjs");
    writeFileSync(script, childScript(path, 10, 50_000, "flush"));
    expect(await runAndKill(script)).toBe("SIGKILL");

    const raw = new Database(path, { readonly: true });
    expect(raw.pragma("integrity_check", { simple: true })).toBe("ok");
    raw.close();
    const journal = ScanJournal.open(path);
    const count = journal.query().length;
    expect([10, 50_010]).toContain(count);
    journal.close();
  });
});
