// Every channel against a real endpoint on loopback: the exact request a webhook, Slack, Discord
// and the Telegram Bot API receive (body byte for byte, headers, the HMAC signature verified the
// way a receiver does), an SMTP server (smtp-server) receiving the e-mail with its login, and a
// real child program receiving the alert JSON on stdin. Each alert ends `sent` after one attempt.

import { createHmac, timingSafeEqual } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { SMTPServer } from "smtp-server";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { AlertPayload } from "../../../src/scanners/alert-types.js";
import { WallClock } from "../../../src/time/wall-clock.js";
import { type AlertReceiver, startAlertReceiver, until } from "../../helpers/alert-receiver.js";
import { type AlertTestSession, configWithNotify, openAlertSession, scanRow } from "./alert-test-session.js";

const METADATA = { hits: { AAPL: { gap_percent: 2.5 }, MSFT: { gap_percent: -3.25 } } };
const TEXT = "gaps 2024-12-02 10:00: AAPL (gap_percent=2.5), MSFT (gap_percent=-3.25)";

describe("alert channels on loopback", () => {
  let receiver: AlertReceiver;
  let session: AlertTestSession | undefined;
  const clock = new WallClock({ unref: true });
  beforeAll(async () => {
    receiver = await startAlertReceiver();
  });
  afterEach(async () => {
    await session?.dispose();
    session = undefined;
    receiver.requests.length = 0;
  });
  afterAll(async () => {
    await receiver.close();
    clock.cancelAll();
  });

  async function deliverOne(notify: string[], env: Record<string, string> = {}): Promise<AlertPayload> {
    session = openAlertSession(configWithNotify(notify), env, clock);
    session.record(scanRow("10:00", ["AAPL", "MSFT"], METADATA));
    await session.delivery.drain(20_000);
    const [alert] = session.journal.outbox.list();
    expect([alert.status, alert.attempts, alert.lastError]).toEqual(["sent", 1, null]);
    return alert.payload;
  }

  it("webhook: the full alert JSON, its idempotency key, and an HMAC-SHA256 signature of the body", async () => {
    const payload = await deliverOne(
      [
        "when: every",
        "channels:",
        `  - { type: webhook, url: "${receiver.url}/hooks/scan", secret_env: HOOK_KEY }`,
      ],
      { HOOK_KEY: "s3cret-signing-key" },
    );
    expect(receiver.requests).toHaveLength(1);
    const [request] = receiver.requests;
    expect(request.method).toBe("POST");
    expect(request.path).toBe("/hooks/scan");
    expect(request.headers["content-type"]).toBe("application/json");
    expect(request.headers["idempotency-key"]).toBe(payload.id);
    expect(request.body).toBe(JSON.stringify(payload));
    expect(JSON.parse(request.body)).toMatchObject({
      session: "live",
      scanner: "gaps",
      scheduledAt: "2024-12-02T10:00:00-05:00",
      rule: "every",
      channel: "webhook",
      symbols: [
        { symbol: "AAPL", values: { gap_percent: 2.5 } },
        { symbol: "MSFT", values: { gap_percent: -3.25 } },
      ],
      hits: ["AAPL", "MSFT"],
      text: TEXT,
    });
    // The receiver's check: HMAC of the raw body under the shared key, compared in constant time.
    const expected = Buffer.from(
      `sha256=${createHmac("sha256", "s3cret-signing-key").update(request.body).digest("hex")}`,
    );
    const given = Buffer.from(String(request.headers["x-scanwright-signature"]));
    expect(given.length).toBe(expected.length);
    expect(timingSafeEqual(given, expected)).toBe(true);
  });

  it("webhook without a signing key: no signature header", async () => {
    await deliverOne(["when: every", "channels:", `  - { type: webhook, url: "${receiver.url}/plain" }`]);
    expect(receiver.requests[0].headers["x-scanwright-signature"]).toBeUndefined();
    expect(receiver.requests[0].headers["idempotency-key"]).toMatch(/^sw-[0-9a-f]{32}$/);
  });

  it("slack: the text in Slack's incoming-webhook format, the URL from the environment", async () => {
    await deliverOne(["when: every", "channels:", "  - { type: slack, url_env: SLACK_URL }"], {
      SLACK_URL: `${receiver.url}/services/T000/B000/XXXX`,
    });
    expect(receiver.requests.map((request) => [request.path, request.body])).toEqual([
      ["/services/T000/B000/XXXX", JSON.stringify({ text: TEXT })],
    ]);
    expect(receiver.requests[0].headers["content-type"]).toBe("application/json");
  });

  it("discord: the text as `content`", async () => {
    await deliverOne(
      [
        "when: every",
        "template: '{scanner}: {entered}'",
        "channels:",
        "  - { type: discord, url_env: DISCORD_URL }",
      ],
      { DISCORD_URL: `${receiver.url}/api/webhooks/1/abc` },
    );
    expect(receiver.requests.map((request) => [request.path, request.body])).toEqual([
      ["/api/webhooks/1/abc", JSON.stringify({ content: "gaps: AAPL, MSFT" })],
    ]);
  });

  it("telegram: Bot API sendMessage with the token in the path and the chat id", async () => {
    receiver.script({ status: 200, body: '{"ok":true,"result":{"message_id":7}}' });
    await deliverOne(
      [
        "when: every",
        "channels:",
        `  - { type: telegram, token_env: BOT_TOKEN, chat_id: -100123, api_url: "${receiver.url}" }`,
      ],
      { BOT_TOKEN: "123456:ABC-token" },
    );
    expect(receiver.requests.map((request) => [request.path, request.body])).toEqual([
      [
        "/bot123456:ABC-token/sendMessage",
        JSON.stringify({ chat_id: -100123, text: TEXT, disable_web_page_preview: true }),
      ],
    ]);
  });

  it("command: a real program gets the alert JSON on stdin, the key, the basics and its pass_env, no other variable", async () => {
    const dir = mkdtempSync(join(tmpdir(), "scanwright-command-"));
    try {
      const script = join(dir, "receive.mjs");
      const out = join(dir, "received.json");
      writeFileSync(
        script,
        [
          'import { writeFileSync } from "node:fs";',
          "let input = '';",
          "process.stdin.setEncoding('utf8');",
          "process.stdin.on('data', (chunk) => { input += chunk; });",
          "process.stdin.on('end', () => {",
          "  writeFileSync(process.argv[2], JSON.stringify({ env: process.env, input }));",
          "});",
        ].join("\n"),
      );
      const payload = await deliverOne(
        [
          "when: every",
          "channels:",
          `  - { type: command, command: [${JSON.stringify(process.execPath)}, ${JSON.stringify(script)}, ${JSON.stringify(out)}], pass_env: [DESK_URL] }`,
        ],
        // The engine's environment: a basic, a variable the channel names, and secrets it does not.
        {
          TZ: "America/New_York",
          DESK_URL: "http://127.0.0.1:9/desk",
          SLACK_URL: "http://127.0.0.1:9/slack-secret",
          SCANWRIGHT_JOURNAL: "postgres://scan:pw@127.0.0.1/journal",
        },
      );
      const received = JSON.parse(readFileSync(out, "utf8")) as {
        env: Record<string, string>;
        input: string;
      };
      expect(received.env).toEqual({
        TZ: "America/New_York",
        DESK_URL: "http://127.0.0.1:9/desk",
        SCANWRIGHT_IDEMPOTENCY_KEY: payload.id,
      });
      expect(received.input).toBe(JSON.stringify(payload));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("e-mail channel against a local SMTP server", () => {
  interface Received {
    readonly from: string | undefined;
    readonly to: string[];
    readonly user: string | undefined;
    readonly raw: string;
  }
  const received: Received[] = [];
  let server: SMTPServer;
  let port: number;
  const logins: Array<{ user: string; pass: string }> = [];
  const clock = new WallClock({ unref: true });

  beforeAll(async () => {
    server = new SMTPServer({
      secure: false,
      disabledCommands: ["STARTTLS"],
      allowInsecureAuth: true,
      authOptional: false,
      onAuth(auth, _session, callback) {
        logins.push({ user: auth.username ?? "", pass: auth.password ?? "" });
        if (auth.username === "alerts" && auth.password === "smtp-pass-1") callback(null, { user: "alerts" });
        else callback(new Error("Invalid username or password"));
      },
      onData(stream, session, callback) {
        let raw = "";
        stream.setEncoding("utf8");
        stream.on("data", (chunk: string) => {
          raw += chunk;
        });
        stream.on("end", () => {
          received.push({
            from: session.envelope.mailFrom ? session.envelope.mailFrom.address : undefined,
            to: session.envelope.rcptTo.map((rcpt) => rcpt.address),
            user: session.user as string | undefined,
            raw,
          });
          callback();
        });
      },
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    port = (server.server.address() as { port: number }).port;
  });
  afterAll(async () => {
    await new Promise<void>((resolve) => server.close(() => resolve()));
    clock.cancelAll();
  });

  it("sends the text with the subject template, logs in, and uses the idempotency key as Message-ID", async () => {
    const session = openAlertSession(
      configWithNotify([
        "when: every",
        "channels:",
        `  - type: email`,
        `    host: 127.0.0.1`,
        `    port: ${port}`,
        `    user_env: SMTP_USER`,
        `    password_env: SMTP_PASS`,
        `    from: scanner@example.com`,
        `    to: [trader@example.com, desk@example.com]`,
        `    subject: "{scanner}: {count} symbols at {time}"`,
      ]),
      { SMTP_USER: "alerts", SMTP_PASS: "smtp-pass-1" },
      clock,
    );
    try {
      session.record(scanRow("10:00", ["AAPL", "MSFT"], METADATA));
      await session.delivery.drain(20_000);
      const [alert] = session.journal.outbox.list();
      expect([alert.status, alert.attempts]).toEqual(["sent", 1]);
      expect(logins).toEqual([{ user: "alerts", pass: "smtp-pass-1" }]);
      expect(received).toHaveLength(1);
      const [mail] = received;
      expect([mail.from, mail.to, mail.user]).toEqual([
        "scanner@example.com",
        ["trader@example.com", "desk@example.com"],
        "alerts",
      ]);
      expect(mail.raw).toContain("Subject: gaps: 2 symbols at 10:00\r\n");
      expect(mail.raw).toContain(`Message-ID: <${alert.key}@scanwright>\r\n`);
      expect(mail.raw).toContain(`X-Scanwright-Idempotency-Key: ${alert.key}\r\n`);
      expect(mail.raw).toContain(`\r\n\r\n${TEXT}`);
    } finally {
      await session.dispose();
    }
  });

  it("a refused login is a failed alert whose error does not hold the password", async () => {
    const session = openAlertSession(
      configWithNotify([
        "when: every",
        "max_attempts: 1",
        "channels:",
        `  - { type: email, host: 127.0.0.1, port: ${port}, user_env: SMTP_USER, password_env: SMTP_PASS, from: a@example.com, to: [b@example.com] }`,
      ]),
      { SMTP_USER: "alerts", SMTP_PASS: "wrong-pass-9" },
      clock,
    );
    try {
      session.record(scanRow("10:00", ["AAPL"]));
      await until(() => session.journal.outbox.list()[0]?.status === "failed", 20_000, "the failed login");
      const [alert] = session.journal.outbox.list();
      expect(alert.attempts).toBe(1);
      expect(alert.lastError).toMatch(/^email email \(127\.0\.0\.1\): Invalid login: 535/);
      expect(alert.lastError).not.toContain("wrong-pass-9");
      expect(JSON.stringify(session.logger.records)).not.toContain("wrong-pass-9");
    } finally {
      await session.dispose();
    }
  });
});
