// The dispatcher under faults, on a SimulatedClock so every wait is exact: an endpoint down then
// up, 5xx answers with exponential backoff, 429 with Retry-After (seconds, and Discord's body),
// an endpoint that never answers (the attempt's time limit), a refusal (4xx: failed at once), the
// last attempt (failed, visible in the outbox counts), a rate limit, and a slow channel that holds
// up neither another channel nor the recording of slots. Secrets stay out of errors and logs.

import { afterEach, describe, expect, it } from "vitest";
import type { AlertRow } from "../../../src/scanners/alert-types.js";
import { SimulatedClock } from "../../../src/time/simulated-clock.js";
import { WallClock } from "../../../src/time/wall-clock.js";
import { type AlertReceiver, startAlertReceiver, until } from "../../helpers/alert-receiver.js";
import {
  type AlertTestSession,
  at,
  configWithNotify,
  openAlertSession,
  scanRow,
} from "./alert-test-session.js";

const START = at("10:00");

describe("alert delivery faults", () => {
  const receivers: AlertReceiver[] = [];
  let session: AlertTestSession | undefined;
  afterEach(async () => {
    await session?.dispose();
    session = undefined;
    for (const receiver of receivers.splice(0)) await receiver.close();
  });

  async function receiver(...script: Parameters<AlertReceiver["script"]>): Promise<AlertReceiver> {
    const started = await startAlertReceiver();
    started.script(...script);
    receivers.push(started);
    return started;
  }

  function alerts(): AlertRow[] {
    return session?.journal.outbox.list() ?? [];
  }

  /** Waits until the first alert has had `attempts` attempts (its outcome recorded). */
  async function attempted(attempts: number, index = 0): Promise<AlertRow> {
    await until(() => (alerts()[index]?.attempts ?? 0) >= attempts, 20_000, `attempt ${attempts}`);
    return alerts()[index];
  }

  it("retries a 5xx with exponential backoff until the endpoint takes it", async () => {
    const endpoint = await receiver({ status: 503, body: "busy" }, { status: 500, body: "oops" });
    const clock = new SimulatedClock(START);
    session = openAlertSession(
      configWithNotify([
        "when: every",
        "backoff_seconds: 2",
        "channels:",
        `  - { type: webhook, url: "${endpoint.url}/h" }`,
      ]),
      {},
      clock,
    );
    session.record(scanRow("10:00", ["AAPL"]));
    let alert = await attempted(1);
    expect([alert.status, alert.nextAttemptAt, alert.lastError]).toEqual([
      "pending",
      START + 2_000,
      "webhook webhook: HTTP 503 busy",
    ]);
    clock.advanceTo(START + 1_999);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(endpoint.requests).toHaveLength(1);
    clock.advanceTo(START + 2_000);
    alert = await attempted(2);
    expect([alert.status, alert.nextAttemptAt, alert.lastError]).toEqual([
      "pending",
      START + 2_000 + 4_000,
      "webhook webhook: HTTP 500 oops",
    ]);
    clock.advanceTo(START + 6_000);
    alert = await attempted(3);
    expect([alert.status, alert.sentAt, alert.attempts]).toEqual(["sent", START + 6_000, 3]);
    // Every attempt carried the same idempotency key.
    expect(new Set(endpoint.requests.map((request) => request.headers["idempotency-key"]))).toEqual(
      new Set([alert.key]),
    );
  });

  it("waits out a 429's Retry-After, and Discord's retry_after in the body", async () => {
    const endpoint = await receiver(
      { status: 429, headers: { "retry-after": "7" }, body: "slow down" },
      { status: 429, body: '{"message":"You are being rate limited.","retry_after":1.5,"global":false}' },
    );
    const clock = new SimulatedClock(START);
    session = openAlertSession(
      configWithNotify(["when: every", "channels:", "  - { type: discord, url_env: DISCORD_URL }"]),
      { DISCORD_URL: `${endpoint.url}/api/webhooks/1/tok` },
      clock,
    );
    session.record(scanRow("10:00", ["AAPL"]));
    let alert = await attempted(1);
    expect(alert.nextAttemptAt).toBe(START + 7_000);
    clock.advanceTo(START + 7_000);
    alert = await attempted(2);
    expect(alert.nextAttemptAt).toBe(START + 7_000 + 1_500);
    clock.advanceTo(START + 8_500);
    alert = await attempted(3);
    expect(alert.status).toBe("sent");
    expect(alert.lastError).toContain("HTTP 429");
    expect(alert.lastError).not.toContain("/api/webhooks/1/tok");
  });

  it("sends what waited while the endpoint was down once it is up again", async () => {
    const probe = await startAlertReceiver();
    const url = probe.url;
    const port = Number(new URL(url).port);
    await probe.close();
    const clock = new SimulatedClock(START);
    session = openAlertSession(
      configWithNotify([
        "when: every",
        "backoff_seconds: 1",
        "channels:",
        `  - { type: webhook, url: "${url}/h" }`,
      ]),
      {},
      clock,
    );
    session.record(scanRow("10:00", ["AAPL"]));
    session.record(scanRow("10:05", ["MSFT"]));
    let first = await attempted(1);
    expect(first.lastError).toMatch(/^webhook webhook: fetch failed \(ECONNREFUSED\)$/);
    expect(alerts()[1].attempts).toBe(0); // the lane keeps the outbox order
    const endpoint = await startAlertReceiver(undefined, port);
    receivers.push(endpoint);
    clock.advanceTo(START + 1_000);
    await until(() => alerts().every((alert) => alert.status === "sent"), 20_000, "both sent");
    first = alerts()[0];
    expect([first.attempts, alerts()[1].attempts]).toEqual([2, 1]);
    expect(endpoint.requests.map((request) => JSON.parse(request.body).hits)).toEqual([["AAPL"], ["MSFT"]]);
  });

  it("gives up an attempt that gets no answer within the channel's time limit", async () => {
    const endpoint = await receiver("hang");
    const clock = new SimulatedClock(START);
    session = openAlertSession(
      configWithNotify([
        "when: every",
        "channels:",
        `  - { type: webhook, url: "${endpoint.url}/h", timeout_seconds: 0.3 }`,
      ]),
      {},
      clock,
    );
    session.record(scanRow("10:00", ["AAPL"]));
    const alert = await attempted(1);
    expect([alert.status, alert.lastError, alert.nextAttemptAt]).toEqual([
      "pending",
      "webhook webhook: no answer within 300 ms",
      START + 2_000,
    ]);
    clock.advanceTo(START + 2_000);
    expect((await attempted(2)).status).toBe("sent");
  });

  it("fails at once on a refusal, and after the last attempt otherwise; the counts show it", async () => {
    const endpoint = await receiver({ status: 400, body: "bad payload" }, { status: 502 }, { status: 502 });
    const clock = new SimulatedClock(START);
    session = openAlertSession(
      configWithNotify([
        "when: every",
        "max_attempts: 2",
        "backoff_seconds: 1",
        "channels:",
        `  - { type: webhook, url: "${endpoint.url}/h" }`,
      ]),
      {},
      clock,
    );
    session.record(scanRow("10:00", ["AAPL"]));
    session.record(scanRow("10:05", ["MSFT"]));
    const refused = await attempted(1, 0);
    expect([refused.status, refused.attempts, refused.lastError]).toEqual([
      "failed",
      1,
      "webhook webhook: HTTP 400 bad payload",
    ]);
    await attempted(1, 1);
    clock.advanceTo(START + 1_000);
    const exhausted = await attempted(2, 1);
    expect([exhausted.status, exhausted.attempts, exhausted.lastError]).toEqual([
      "failed",
      2,
      "webhook webhook: HTTP 502",
    ]);
    expect(session.journal.outbox.counts(session.run.id)).toEqual([
      { scanner: "gaps", pending: 0, sent: 0, failed: 2, recorded: 0 },
    ]);
    expect(await session.delivery.drain(0)).toBe(true);
    expect(session.logger.records.filter((record) => record.message === "alert failed")).toHaveLength(2);
  });

  it("keeps to the channel's rate limit", async () => {
    const endpoint = await receiver();
    const clock = new SimulatedClock(START);
    session = openAlertSession(
      configWithNotify([
        "when: every",
        "channels:",
        `  - { type: webhook, url: "${endpoint.url}/h", rate_limit: { count: 2, per_seconds: 10 } }`,
      ]),
      {},
      clock,
    );
    for (const time of ["10:00", "10:01", "10:02", "10:03", "10:04"]) session.record(scanRow(time, ["AAPL"]));
    // Wait on the outbox (marked sent, with the clock's time), not on the receiver: a request
    // reaches the receiver before the dispatcher records it, and moving the clock in between
    // would stamp the send with the later time.
    const sent = () => alerts().filter((alert) => alert.status === "sent").length;
    await until(() => sent() === 2, 20_000, "two sends");
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(endpoint.requests).toHaveLength(2);
    clock.advanceTo(START + 10_000);
    await until(() => sent() === 4, 20_000, "four sends");
    expect(endpoint.requests).toHaveLength(4);
    clock.advanceTo(START + 20_000);
    await until(() => alerts().every((alert) => alert.status === "sent"), 20_000, "all sent");
    expect(alerts().map((alert) => alert.sentAt)).toEqual([
      START,
      START,
      START + 10_000,
      START + 10_000,
      START + 20_000,
    ]);
  });

  it("a dead endpoint holds up neither another channel nor the recording of slots", async () => {
    const dead = await receiver("hang", "hang", "hang");
    const alive = await receiver();
    const clock = new WallClock({ unref: true });
    session = openAlertSession(
      configWithNotify([
        "when: every",
        "channels:",
        `  - { type: webhook, name: dead, url: "${dead.url}/h", timeout_seconds: 30 }`,
        `  - { type: webhook, name: alive, url: "${alive.url}/h" }`,
      ]),
      {},
      clock,
    );
    try {
      const recordStarted = performance.now();
      for (const time of ["10:00", "10:05", "10:10"]) session.record(scanRow(time, ["AAPL"]));
      // Recording (the scan's side) never waits on a delivery.
      expect(performance.now() - recordStarted).toBeLessThan(5_000);
      const byChannel = (channel: string) =>
        alerts()
          .filter((alert) => alert.channel === channel)
          .map((alert) => alert.status);
      // Received and recorded: the third answer may still be on its way when the request arrives.
      await until(
        () => byChannel("alive").filter((status) => status === "sent").length === 3,
        20_000,
        "the live channel's three alerts sent",
      );
      await dead.waitForRequests(1);
      expect(byChannel("alive")).toEqual(["sent", "sent", "sent"]);
      expect(byChannel("dead")).toEqual(["pending", "pending", "pending"]);
      expect(dead.requests).toHaveLength(1);
    } finally {
      for (const endpoint of receivers.splice(0)) await endpoint.close();
      clock.cancelAll();
    }
  });

  it("a stop cuts an attempt that outlasts its grace time and leaves the alert pending as it was", async () => {
    const endpoint = await receiver("hang");
    const clock = new WallClock({ unref: true });
    session = openAlertSession(
      configWithNotify([
        "when: every",
        "channels:",
        `  - { type: webhook, url: "${endpoint.url}/h", timeout_seconds: 60 }`,
      ]),
      {},
      clock,
    );
    try {
      session.record(scanRow("10:00", ["AAPL"]));
      await endpoint.waitForRequests(1);
      const stopStarted = performance.now();
      await session.delivery.dispatcher.stop(100);
      // Far sooner than the attempt's 60 s limit.
      expect(performance.now() - stopStarted).toBeLessThan(20_000);
      const [alert] = alerts();
      expect([alert.status, alert.attempts, alert.lastError, alert.nextAttemptAt]).toEqual([
        "pending",
        0,
        null,
        null,
      ]);
      expect(session.logger.records.map((record) => record.message)).toContain(
        "alert attempt cut by the stop: stays pending",
      );
    } finally {
      clock.cancelAll();
    }
  });

  it("names a Telegram failure without its token, in the outbox and in the logs", async () => {
    const endpoint = await receiver({
      status: 429,
      body: '{"ok":false,"error_code":429,"description":"Too Many Requests: retry after 3","parameters":{"retry_after":3}}',
    });
    const clock = new SimulatedClock(START);
    session = openAlertSession(
      configWithNotify([
        "when: every",
        "channels:",
        `  - { type: telegram, token_env: TG_TOKEN, chat_id: "@desk", api_url: "${endpoint.url}" }`,
      ]),
      { TG_TOKEN: "987654:SECRET-bot-token" },
      clock,
    );
    session.record(scanRow("10:00", ["AAPL"]));
    const alert = await attempted(1);
    expect(alert.nextAttemptAt).toBe(START + 3_000);
    expect(alert.lastError).toMatch(/^telegram telegram \(chat @desk\): HTTP 429 /);
    expect(endpoint.requests[0].path).toBe("/bot987654:SECRET-bot-token/sendMessage");
    expect(JSON.stringify(alerts())).not.toContain("SECRET-bot-token");
    expect(JSON.stringify(session.logger.records)).not.toContain("SECRET-bot-token");
  });
});
