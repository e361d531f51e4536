// Alerts across crashes, through the built CLI in a child process: a paced replay of a real day
// alerting every hit to a loopback webhook is SIGKILLed three times — while its first delivery is
// in flight (the endpoint holds it), just after the endpoint acknowledged one (before the daemon
// could record it), and right after a slot was journaled (its alert committed, not yet sent) —
// and started again each time, then once more to the end of the day. Every alert of the day
// reaches the endpoint, exactly the alerts (and keys) an uninterrupted daemon sends; a receiver
// that drops repeated idempotency keys sees each once; repeats happen only for deliveries cut by
// a kill; every alert ends `sent`.

import { spawn } from "node:child_process";
import { createHmac } from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ScanJournal } from "../../src/scanners/scan-journal.js";
import { type AlertReceiver, type ReceivedRequest, startAlertReceiver } from "../helpers/alert-receiver.js";
import { BUILT_CLI } from "../helpers/built-cli.js";
import { buildRealStore, type RealStore } from "../helpers/real-session.js";
import { ABOVE_VWAP_SESSION_LINES } from "../integration/alerts/alert-test-session.js";

const KEY = "crash-test-signing-key";
const ENV = { ...process.env, HOOK_KEY: KEY };

function writeConfig(dir: string, store: string, url: string, file: string): void {
  writeFileSync(
    join(dir, file),
    [
      "name: vwap-live",
      "backtest: { start: 2013-10-07, end: 2013-10-07 }",
      `store: ${store}`,
      "notify:",
      "  when: every",
      "  backoff_seconds: 0.2",
      "  max_backoff_seconds: 1",
      "  channels:",
      `    - { type: webhook, url: "${url}/hook", secret_env: HOOK_KEY, timeout_seconds: 5 }`,
      ...ABOVE_VWAP_SESSION_LINES,
      "",
    ].join("\n"),
  );
}

interface DaemonRun {
  readonly exit: Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string }>;
  kill(): void;
  /** Resolves once a stderr line matches (counting from the start of this process). */
  lineCount(pattern: string): number;
  waitForLines(pattern: string, count: number): Promise<void>;
}

function startDaemon(dir: string, config: string, journal: string): DaemonRun {
  const child = spawn(
    process.execPath,
    [
      BUILT_CLI,
      "daemon",
      config,
      "--replay-from",
      "2013-10-07T09:50",
      "--speed",
      "6000",
      "--days",
      "1",
      "--journal",
      journal,
    ],
    { cwd: dir, env: ENV, stdio: ["ignore", "pipe", "pipe"] },
  );
  let stdout = "";
  let pending = "";
  const lines: string[] = [];
  const waiters: Array<() => void> = [];
  child.stdout.on("data", (chunk: Buffer) => {
    stdout += chunk.toString();
  });
  child.stderr.on("data", (chunk: Buffer) => {
    pending += chunk.toString();
    const complete = pending.split("\n");
    pending = complete.pop() ?? "";
    lines.push(...complete);
    for (const waiter of waiters.splice(0)) waiter();
  });
  const count = (pattern: string) => lines.filter((line) => line.includes(pattern)).length;
  return {
    exit: new Promise((resolve, reject) => {
      child.on("error", reject);
      child.on("close", (code, signal) => resolve({ code, signal, stdout }));
    }),
    kill: () => child.kill("SIGKILL"),
    lineCount: count,
    waitForLines: async (pattern, wanted) => {
      while (count(pattern) < wanted) {
        if (child.exitCode !== null || child.signalCode !== null)
          throw new Error(`daemon ended before ${wanted}× ${pattern}:\n${lines.join("\n")}`);
        await new Promise<void>((resolve) => {
          waiters.push(resolve);
          setTimeout(resolve, 200);
        });
      }
    },
  };
}

const keyOf = (request: ReceivedRequest) => String(request.headers["idempotency-key"]);

describe("alerts across SIGKILLs of the daemon (built CLI)", () => {
  let store: RealStore;
  let dir: string;
  let reference: AlertReceiver;
  let endpoint: AlertReceiver;
  beforeAll(async () => {
    store = buildRealStore();
    dir = mkdtempSync(join(tmpdir(), "scanwright-alerts-crash-"));
    reference = await startAlertReceiver();
    endpoint = await startAlertReceiver();
    writeConfig(dir, store.path, reference.url, "reference.yaml");
    writeConfig(dir, store.path, endpoint.url, "crash.yaml");
  });
  afterAll(async () => {
    await reference.close();
    await endpoint.close();
    store.dispose();
    rmSync(dir, { recursive: true, force: true });
  });

  it("delivers every alert, none lost, each key once to a deduplicating receiver", async () => {
    // The uninterrupted day, for comparison.
    const whole = startDaemon(dir, "reference.yaml", "reference.db");
    const wholeExit = await whole.exit;
    expect(wholeExit.code).toBe(0);
    const expectedKeys = reference.requests.map(keyOf);
    expect(expectedKeys.length).toBeGreaterThanOrEqual(3);
    expect(new Set(expectedKeys).size).toBe(expectedKeys.length);

    // 1. Killed while the first delivery is in flight (the endpoint holds it, never answering).
    endpoint.script("hang");
    const first = startDaemon(dir, "crash.yaml", "crash.db");
    await endpoint.waitForRequests(1);
    first.kill();
    expect((await first.exit).signal).toBe("SIGKILL");
    const cutInFlight = keyOf(endpoint.requests[0]);

    // 2. Killed the moment the endpoint has acknowledged a delivery.
    const second = startDaemon(dir, "crash.yaml", "crash.db");
    const before = endpoint.requests.length;
    await endpoint.waitForRequests(before + 1);
    second.kill();
    expect((await second.exit).signal).toBe("SIGKILL");

    // 3. Killed right after a slot was journaled (its alert committed, its delivery not done).
    const third = startDaemon(dir, "crash.yaml", "crash.db");
    await third.waitForLines('"msg":"scan"', 1);
    third.kill();
    expect((await third.exit).signal).toBe("SIGKILL");

    // 4. To the end of the day.
    const last = startDaemon(dir, "crash.yaml", "crash.db");
    const lastExit = await last.exit;
    expect(lastExit.code).toBe(0);
    expect(lastExit.stdout).toMatch(
      /^Daemon "vwap-live" completed: run 1, resumed, 1 session 2013-10-07, \d+ scan slots, 0 missed/,
    );

    // What a receiver that drops repeated keys keeps: exactly the uninterrupted day's alerts.
    const received = endpoint.requests.map(keyOf);
    const distinct = [...new Set(received)];
    expect(distinct.sort()).toEqual([...expectedKeys].sort());
    // Repeats only for deliveries a kill cut (at most one per kill), the held one among them.
    const repeats = received.length - distinct.length;
    expect(repeats).toBeLessThanOrEqual(3);
    // The held one was sent again (and, acknowledged when the second kill came, maybe once more).
    expect(received.filter((key) => key === cutInFlight).length).toBeGreaterThanOrEqual(2);
    // A repeat is the same alert, byte for byte, validly signed.
    for (const request of endpoint.requests) {
      const signature = `sha256=${createHmac("sha256", KEY).update(request.body).digest("hex")}`;
      expect(request.headers["x-scanwright-signature"]).toBe(signature);
      const same = reference.requests.find((other) => keyOf(other) === keyOf(request));
      expect(request.body).toBe(same?.body);
    }

    const journal = ScanJournal.open(join(dir, "crash.db"));
    try {
      const alerts = journal.outbox.list();
      expect(alerts.map((alert) => alert.key).sort()).toEqual([...expectedKeys].sort());
      expect(alerts.every((alert) => alert.status === "sent")).toBe(true);
      expect(journal.runs().map((run) => run.status)).toEqual(["completed"]);
    } finally {
      journal.close();
    }
  }, 180_000);
});
