// The examples/ folder runs: the example plugin's own vitest tests are collected here (vitest only
// looks under test/), examples/writing-a-plugin/backtest.yaml validates and its plugin loads, and
// examples/embedding.ts backtests a config over a small demo store with the public API alone.

import { mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { backtest } from "../../../examples/embedding.js";
import { loadSessionConfig } from "../../../src/config/load-session-config.js";
import { BarStore } from "../../../src/data/bar-store.js";
import { generateDemoMarket } from "../../../src/data/demo-market.js";
import { writeDemoUniverse } from "../../../src/data/demo-universe.js";
import { loadScanner } from "../../../src/scanners/plugin-loader.js";
import { ExchangeCalendar } from "../../../src/time/exchange-calendar.js";
// Registers the example's describe/it blocks in this file.
import "../../../examples/writing-a-plugin/opening-range-breakout.test.js";

const REPO = fileURLToPath(new URL("../../../", import.meta.url));

/** A checkout with examples/ and plugins/ and a 12-symbol demo market in .scanwright/. */
function demoCheckout(): string {
  const root = mkdtempSync(join(tmpdir(), "scanwright-examples-"));
  symlinkSync(join(REPO, "examples"), join(root, "examples"), "dir");
  symlinkSync(join(REPO, "plugins"), join(root, "plugins"), "dir");
  const store = BarStore.open(join(root, ".scanwright", "bars.db"));
  try {
    const report = generateDemoMarket(store, new ExchangeCalendar(), { symbols: 12, days: 8 });
    writeDemoUniverse(join(root, ".scanwright", "demo-universe.txt"), report.symbols, 7);
  } finally {
    store.close();
  }
  return root;
}

describe("examples/", () => {
  let root: string;
  beforeAll(() => {
    root = demoCheckout();
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it("writing-a-plugin/backtest.yaml validates and its plugin loads with its config", async () => {
    const loaded = loadSessionConfig("examples/writing-a-plugin/backtest.yaml", { cwd: root });
    expect(loaded.warnings).toEqual([]);
    const [spec] = loaded.scanners;
    expect(spec.universe.length).toBe(12);
    const scanner = await loadScanner(spec);
    expect(scanner.definition.name).toBe("opening-range-breakout");
    expect(scanner.config).toEqual({ range_minutes: 30, min_breakout_percent: 1 });
  });

  it("embedding.ts backtests a config from code and prints hits and a summary", async () => {
    const config = join(root, "embedded.yaml");
    writeFileSync(
      config,
      [
        "name: embedded",
        "backtest: { start: 2024-12-23, end: 2024-12-31 }",
        "store: .scanwright/bars.db",
        "session_data:",
        "  scanners:",
        "    - name: orb",
        "      plugin: examples/writing-a-plugin/opening-range-breakout.ts",
        "      universe: .scanwright/demo-universe.txt",
        "      regular_session: [{ start: '10:00', end: '11:00', interval: 30m }]",
        "    - name: oversold",
        "      plugin: plugins/rsi-oversold.ts",
        "      universe: .scanwright/demo-universe.txt",
        "      indicators: [{ type: rsi, period: 14, interval: 1d }]",
        "      pre_session: true",
        "      config: { max_rsi: 50 }",
        "",
      ].join("\n"),
    );
    const lines: string[] = [];
    const summary = await backtest(config, { start: "2024-12-30", print: (line) => lines.push(line) });
    // Two sessions: orb at 10:00, 10:30 and 11:00, oversold at 09:00.
    expect(summary.map((row) => ({ scanner: row.scanner, scans: row.scans, errors: row.errors }))).toEqual([
      { scanner: "orb", scans: 6, errors: 0 },
      { scanner: "oversold", scans: 2, errors: 0 },
    ]);
    expect(lines).toContain("2 trading days 2024-12-30 → 2024-12-31, 8 scan slots");
    const hitLines = lines.filter((line) => /^2024-12-3\dT/.test(line));
    const hits = summary.reduce((sum, row) => sum + row.hits, 0);
    expect(hits).toBeGreaterThan(0);
    expect(hitLines.reduce((sum, line) => sum + line.split(/\s+/).length - 2, 0)).toBe(hits);
  });
});
