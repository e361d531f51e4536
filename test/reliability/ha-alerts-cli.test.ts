// Alerts of an HA daemon group: three `scanwright daemon --ha` members (built CLI) on loopback Redis
// and one journal replay a real day alerting every hit to a loopback webhook; the leader is
// SIGKILLed while its first delivery is in flight (the endpoint holds it). A standby takes over:
// the endpoint receives exactly the idempotency keys an uninterrupted single daemon sends, the only
// repeat is the delivery the kill cut (only the leader dispatches: standbys never send), every
// alert ends `sent`, and one run holds the day.

import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ScanJournal } from "../../src/scanners/scan-journal.js";
import { type AlertReceiver, type ReceivedRequest, startAlertReceiver } from "../helpers/alert-receiver.js";
import { runBuiltCli } from "../helpers/built-cli.js";
import { firstLeader, haFlags, messages, startMember } from "../helpers/ha-member.js";
import { buildRealStore, type RealStore } from "../helpers/real-session.js";
import { createTestKeyPrefix, probeRedis, REDIS_URL } from "../helpers/redis.js";
import { ABOVE_VWAP_SESSION_LINES } from "../integration/alerts/alert-test-session.js";

const hasRedis = await probeRedis();
const ENV = { HOOK_KEY: "ha-test-signing-key" };
const keys = createTestKeyPrefix();
const keyOf = (request: ReceivedRequest) => String(request.headers["idempotency-key"]);

function writeConfig(dir: string, store: string, url: string, file: string): string {
  const path = join(dir, file);
  writeFileSync(
    path,
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
  return path;
}

const daemonArgs = (config: string, journal: string) => [
  "daemon",
  config,
  "--replay-from",
  "2013-10-07T09:50",
  "--speed",
  "2000",
  "--days",
  "1",
  "--journal",
  journal,
];

describe.runIf(hasRedis)("alerts of an HA daemon group", () => {
  let store: RealStore;
  let dir: string;
  let reference: AlertReceiver;
  let endpoint: AlertReceiver;
  beforeAll(async () => {
    store = buildRealStore();
    dir = mkdtempSync(join(tmpdir(), "scanwright-ha-alerts-"));
    reference = await startAlertReceiver();
    endpoint = await startAlertReceiver();
  });
  afterAll(async () => {
    await reference?.close();
    await endpoint?.close();
    store?.dispose();
    if (dir) rmSync(dir, { recursive: true, force: true });
    await keys.cleanup();
  });

  it("sends every alert once per key across a takeover: only the leader dispatches", async () => {
    const whole = await runBuiltCli(
      daemonArgs(writeConfig(dir, store.path, reference.url, "reference.yaml"), join(dir, "reference.db")),
      dir,
      () => {},
      ENV,
    );
    expect(whole.exitCode).toBe(0);
    const expectedKeys = reference.requests.map(keyOf);
    expect(expectedKeys.length).toBeGreaterThanOrEqual(3);

    const config = writeConfig(dir, store.path, endpoint.url, "group.yaml");
    const journal = join(dir, "group.db");
    const args = [...daemonArgs(config, journal), ...haFlags(REDIS_URL, `${keys.prefix}:alerts`, "2")];
    // The leader's first delivery is held by the endpoint, never answered: it dies with it in flight.
    endpoint.script("hang");
    const members = ["a", "b", "c"].map((name) => startMember(name, args, dir, ENV));
    const leader = await firstLeader(members);
    await endpoint.waitForRequests(1);
    leader.terminate("SIGKILL");
    expect((await leader.done).exitCode).toBe(null);
    const cutInFlight = keyOf(endpoint.requests[0]);
    const next = await firstLeader(members.filter((member) => member !== leader));
    const standby = members.find((member) => member !== leader && member !== next);
    const [last, other] = await Promise.all([next.done, standby?.done]);
    expect(last.exitCode).toBe(0);
    expect(last.stdout).toMatch(
      /^Daemon "vwap-live" completed: run 1, resumed, 1 session 2013-10-07, \d+ scan slots, 0 missed/,
    );
    expect(other?.exitCode).toBe(0);
    expect(messages(standby?.lines ?? [], "HA: leading")).toBe(0);

    const received = endpoint.requests.map(keyOf);
    expect([...new Set(received)].sort()).toEqual([...expectedKeys].sort());
    // The one repeat: the delivery the kill cut, sent again by the new leader with the same key.
    expect(received.length).toBe(expectedKeys.length + 1);
    expect(received.filter((key) => key === cutInFlight)).toEqual([cutInFlight, cutInFlight]);
    for (const request of endpoint.requests) {
      expect(request.body).toBe(reference.requests.find((other) => keyOf(other) === keyOf(request))?.body);
    }
    const written = ScanJournal.open(journal);
    try {
      const alerts = written.outbox.list();
      expect(alerts.map((alert) => alert.key).sort()).toEqual([...expectedKeys].sort());
      expect(alerts.every((alert) => alert.status === "sent")).toBe(true);
      expect(written.runs().map((run) => run.status)).toEqual(["completed"]);
    } finally {
      written.close();
    }
  }, 300_000);
});
