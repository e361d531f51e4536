// Alerts and exports through the CLI (in-process, as `scanwright …`): a backtest over a real day
// records its alerts without sending them, `--send-alerts` delivers every one to a loopback
// webhook exactly once; `results` shows the alert counts, lists the alerts (`--alerts`, as a
// table, JSON or CSV) and exports the rows as CSV and as a TradingView watchlist; bad flags are
// usage errors.

import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { commandRegistrars } from "../../../src/cli/commands/index.js";
import { type JournalRow, ScanJournal } from "../../../src/scanners/scan-journal.js";
import { type AlertReceiver, startAlertReceiver } from "../../helpers/alert-receiver.js";
import { runCaptured } from "../../helpers/cli-capture.js";
import { buildRealStore, type RealStore } from "../../helpers/real-session.js";
import { ABOVE_VWAP_SESSION_LINES } from "./alert-test-session.js";

function writeConfig(dir: string, store: string, hookUrl: string): string {
  const path = join(dir, "alerts.yaml");
  writeFileSync(
    path,
    [
      "name: vwap-alerts",
      "backtest: { start: 2013-10-07, end: 2013-10-08 }",
      `store: ${store}`,
      "journal: journal.db",
      "notify:",
      "  when: changes",
      "  channels:",
      `    - { type: webhook, url: "${hookUrl}/hook", secret_env: HOOK_KEY }`,
      ...ABOVE_VWAP_SESSION_LINES,
      "",
    ].join("\n"),
  );
  return path;
}

describe("alerts through the CLI", () => {
  let store: RealStore;
  let dir: string;
  let receiver: AlertReceiver;
  beforeAll(async () => {
    store = buildRealStore();
    dir = mkdtempSync(join(tmpdir(), "scanwright-alerts-cli-"));
    receiver = await startAlertReceiver();
    writeConfig(dir, store.path, receiver.url);
  });
  afterAll(async () => {
    await receiver.close();
    store.dispose();
    rmSync(dir, { recursive: true, force: true });
  });

  const cli = (args: string[], env: Record<string, string> = {}) =>
    runCaptured(args, commandRegistrars, { cwd: dir, env });

  it("a backtest records its alerts without sending them (and needs no secret for it)", async () => {
    const result = await cli(["run", "alerts.yaml", "--journal", "recorded.db"]);
    expect(result.exitCode).toBe(0);
    expect(receiver.requests).toHaveLength(0);
    const journal = ScanJournal.open(join(dir, "recorded.db"));
    try {
      const alerts = journal.outbox.list();
      expect(alerts.length).toBeGreaterThan(0);
      expect(new Set(alerts.map((alert) => alert.status))).toEqual(new Set(["recorded"]));
      // The summary after the scan table counts them.
      expect(result.stdout).toContain(
        `\nalerts of   sent  pending  failed  recorded\nabove-vwap     0        0       0  ${String(alerts.length).padStart(8)}\n`,
      );
    } finally {
      journal.close();
    }
  });

  it("--send-alerts delivers every alert once, signed, and the summary says so", async () => {
    const missing = await cli(["run", "alerts.yaml", "--journal", "no-secret.db", "--send-alerts"]);
    expect(missing.exitCode).toBe(2);
    expect(missing.stderr).toBe(
      'error SCN_ERR_CONFIG: alerts.yaml:8:7 notify.channels[0].secret_env: secret_env: the environment variable HOOK_KEY is not set (channel "webhook")\n',
    );

    const result = await cli(["run", "alerts.yaml", "--journal", "sent.db", "--send-alerts"], {
      HOOK_KEY: "k3y-for-tests",
    });
    expect(result.exitCode).toBe(0);
    const journal = ScanJournal.open(join(dir, "sent.db"));
    try {
      const alerts = journal.outbox.list();
      expect(alerts.length).toBeGreaterThan(0);
      expect(alerts.every((alert) => alert.status === "sent" && alert.attempts === 1)).toBe(true);
      expect(receiver.requests.map((request) => request.headers["idempotency-key"])).toEqual(
        alerts.map((alert) => alert.key),
      );
      expect(receiver.requests.map((request) => request.body)).toEqual(
        alerts.map((alert) => JSON.stringify(alert.payload)),
      );
      // The changes rule: the first alert of a day lists what entered; later ones what entered or left.
      const first = alerts[0].payload;
      expect(first.left).toEqual([]);
      expect(first.symbols.map((entry) => entry.symbol)).toEqual(first.hits);
      expect(result.stdout).toContain(
        `\nalerts of   sent  pending  failed  recorded\nabove-vwap  ${String(alerts.length).padStart(4)}        0       0         0\n`,
      );

      // results --alerts: the same alerts, as JSON lines and as CSV.
      const json = await cli(["results", "--journal", "sent.db", "--alerts", "--json"]);
      expect(json.exitCode).toBe(0);
      const lines = json.stdout
        .trim()
        .split("\n")
        .map((line) => JSON.parse(line));
      expect(lines.map((line) => [line.key, line.status, line.attempts, line.channel])).toEqual(
        alerts.map((alert) => [alert.key, "sent", 1, "webhook"]),
      );
      expect(lines[0].payload).toEqual(alerts[0].payload);
      const csv = await cli([
        "results",
        "--journal",
        "sent.db",
        "--alerts",
        "--format",
        "csv",
        "--limit",
        "1",
      ]);
      const [header, row] = csv.stdout.trim().split("\n");
      expect(header).toBe(
        "id,run,session_date,scheduled_at,scanner,kind,channel,status,attempts,idempotency_key,sent_at,last_error,symbols,left,text",
      );
      expect(
        row.startsWith(
          `${alerts[0].id},1,2013-10-07,${first.scheduledAt},above-vwap,regular,webhook,sent,1,${alerts[0].key},`,
        ),
      ).toBe(true);
      const table = await cli(["results", "--journal", "sent.db", "--alerts", "--status", "failed"]);
      expect(table.stdout).toBe(
        `Run 1 "vwap-alerts" (backtest, completed) in ${join(dir, "sent.db")}: 0 alerts\n`,
      );
    } finally {
      journal.close();
    }
  });

  it("exports a scanner's hits as CSV and as a TradingView watchlist for a day or a range", async () => {
    const journal = ScanJournal.open(join(dir, "recorded.db"));
    let rows: JournalRow[];
    let twoDays: JournalRow[];
    try {
      rows = journal.query({ scanner: "above-vwap", from: "2013-10-08", to: "2013-10-08" });
      twoDays = journal.query({ scanner: "above-vwap", from: "2013-10-07", to: "2013-10-08" });
    } finally {
      journal.close();
    }
    const csv = await cli([
      "results",
      "--journal",
      "recorded.db",
      "--scanner",
      "above-vwap",
      "--from",
      "2013-10-08",
      "--to",
      "2013-10-08",
      "--format",
      "csv",
    ]);
    expect(csv.exitCode).toBe(0);
    const lines = csv.stdout.trim().split("\n");
    expect(lines[0]).toBe(
      "run,session_date,scheduled_at,scanner,kind,status,symbols,promoted,error,universe_size,metadata",
    );
    expect(lines).toHaveLength(rows.length + 1);
    // Setup at the pre-market, with the universe figures the scanner layer puts in its metadata.
    expect(lines[1]).toBe(
      '1,2013-10-08,2013-10-08T04:00:00-04:00,above-vwap,setup,ok,,,,2,"{""universe"":2,""dropped"":[]}"',
    );
    const scanLine = lines.find((line) => line.includes(",regular,"));
    const scanRow = rows.find((row) => row.kind === "regular");
    expect(scanLine).toBe(
      `1,2013-10-08,${"2013-10-08T10:00:00-04:00"},above-vwap,regular,ok,${scanRow?.symbols.join(" ")},,,2,"{""checked"":2}"`,
    );

    const watchlist = await cli([
      "results",
      "--journal",
      "recorded.db",
      "--scanner",
      "above-vwap",
      "--from",
      "2013-10-07",
      "--to",
      "2013-10-08",
      "--format",
      "watchlist",
      "--exchange",
      "AMEX",
    ]);
    expect(watchlist.exitCode).toBe(0);
    // The distinct hits of both days, in the order they first qualified.
    const symbols = [...new Set(twoDays.flatMap((row) => row.symbols))];
    expect(symbols.length).toBeGreaterThan(0);
    expect(watchlist.stdout).toBe(symbols.map((symbol) => `AMEX:${symbol}\n`).join(""));
    const defaultPrefix = await cli(["results", "--journal", "recorded.db", "--format", "watchlist"]);
    expect(
      defaultPrefix.stdout
        .split("\n")
        .filter(Boolean)
        .every((line) => /^NYSE:[A-Z]+$/.test(line)),
    ).toBe(true);
  });

  it.each([
    [
      ["--format", "xml"],
      "error: option '--format <format>' argument 'xml' is invalid. Allowed choices are table, json, csv, watchlist.",
    ],
    [
      ["--json", "--format", "csv"],
      "error SCN_ERR_USAGE: --json is --format json: it cannot go with --format csv",
    ],
    [
      ["--exchange", "NASDAQ"],
      "error SCN_ERR_USAGE: --exchange sets the prefix of --format watchlist; give that format or drop it",
    ],
    [
      ["--format", "watchlist", "--exchange", "nas daq"],
      'error SCN_ERR_USAGE: --exchange must be an exchange prefix like NASDAQ or NYSE, got "nas daq"',
    ],
    [["--alerts", "--kind", "regular"], "error SCN_ERR_USAGE: --alerts takes no --kind"],
    [
      ["--alerts", "--format", "watchlist"],
      "error SCN_ERR_USAGE: --format watchlist exports scan rows, not --alerts",
    ],
    [
      ["--alerts", "--status", "ok"],
      'error SCN_ERR_USAGE: --status with --alerts must be one of pending, sent, failed, recorded, got "ok"',
    ],
    [
      ["--alerts", "--runs"],
      "error SCN_ERR_USAGE: --alerts lists one run's alerts; it cannot go with --runs",
    ],
    [
      ["--runs", "--format", "csv"],
      "error SCN_ERR_USAGE: --runs lists runs as a table or JSON, not --format csv",
    ],
  ])("refuses results %j", async (flags, message) => {
    const result = await cli(["results", "--journal", "recorded.db", ...flags]);
    expect(result.exitCode).toBe(2);
    expect(result.stderr.split("\n")[0]).toBe(message);
  });
});
