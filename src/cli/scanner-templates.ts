// The files `scanwright new-scanner NAME` writes into a project: a working plugin, its vitest test
// (through scanwright/testing: a test session over bars the test writes, hooks called by runHook),
// the vitest config that runs it from any project, and a backtest config over the demo market. `__NAME__` stands for the scanner's name. The plugin flags symbols whose latest 1m close
// is some percent above their 20-day average close, on enough volume; the criteria are marked EDIT HERE.

/** Where each file goes, relative to the project folder. */
export function scaffoldPaths(name: string): { plugin: string; test: string; config: string } {
  return {
    plugin: `plugins/${name}.ts`,
    test: `plugins/${name}.test.ts`,
    config: `configs/${name}.yaml`,
  };
}

/** The vitest config the scanner tests of plugins/ run under, shared by every scaffolded scanner. */
export const TEST_CONFIG_PATH = "plugins/vitest.config.ts";

/** The command that runs the scanner's test from the project folder. */
export function testCommand(name: string): string {
  return `npx vitest run --config ${TEST_CONFIG_PATH} ${name}`;
}

export function testConfigSource(): string {
  return VITEST_CONFIG;
}

export function pluginSource(name: string): string {
  return PLUGIN.replaceAll("__NAME__", name);
}

export function pluginTestSource(name: string): string {
  return PLUGIN_TEST.replaceAll("__NAME__", name);
}

export function configSource(name: string): string {
  return CONFIG.replaceAll("__NAME__", name);
}

const PLUGIN = `// __NAME__: a scanwright scanner plugin (scaffolded by \`scanwright new-scanner __NAME__\`).
// At every slot of its schedule (configs/__NAME__.yaml) it returns the universe symbols whose latest
// 1m bar closes well above their 20-day average close, at a price and volume worth trading. Change the
// criteria in \`scan\` (marked EDIT HERE), the settings in \`configSchema\`, and the indicators the
// config asks for, to make it your own.

import { defineScanner } from "scanwright";
import { z } from "zod";

/** The 20-day simple moving average of the close; configs/__NAME__.yaml asks for it per symbol. */
const SMA_20_DAILY = "sma_20_1d";

export default defineScanner({
  name: "__NAME__",

  // The scanner's \`config:\` block in the YAML, checked (and defaulted) by this schema.
  configSchema: z.strictObject({
    /** Lowest last price a symbol may have. */
    min_price: z.number().min(0).default(5),
    /** Fewest shares traded in the latest minute. */
    min_volume: z.number().min(0).default(1_000),
    /** How far above its 20-day average the price must be, in percent. */
    min_percent_above: z.number().default(3),
  }),

  // Once a trading day, before the first scan: what it returns is \`context.state\` in the other
  // hooks (return false to sit the day out).
  setup() {
    return { qualifiedToday: new Set<string>() };
  },

  // At every slot: the symbols that qualify now, and details worth keeping in the journal.
  scan(context) {
    const { config, sessionData } = context;
    const symbols: string[] = [];
    const metadata: Record<string, { close: number; sma20: number }> = {};
    for (const symbol of context.universe) {
      const bar = sessionData.getLatestBar(symbol, "1m");
      const sma = sessionData.getIndicator(symbol, SMA_20_DAILY);
      // No minute bar yet today, or not enough daily history for the average.
      if (bar === undefined || sma?.ready !== true || typeof sma.value !== "number") continue;

      // ---- EDIT HERE: the criteria a symbol must meet --------------------------------------
      const qualifies =
        bar.close >= config.min_price && // worth trading
        bar.volume >= config.min_volume && // liquid right now
        bar.close >= sma.value * (1 + config.min_percent_above / 100); // well above its 20-day average
      // ------------------------------------------------------------------------------------------

      if (qualifies) {
        symbols.push(symbol);
        metadata[symbol] = { close: bar.close, sma20: sma.value };
        context.state.qualifiedToday.add(symbol);
      }
    }
    return { symbols, metadata };
  },

  // Once a trading day, after the last scan (\`state\` is undefined when setup returned false or failed).
  teardown(context) {
    const qualified = context.state?.qualifiedToday.size ?? 0;
    context.log.info(\`\${context.scanner}: \${qualified} symbols qualified today\`);
  },
});
`;

const PLUGIN_TEST = `// Tests of the __NAME__ scanner, with scanwright's test helpers: createTestSession puts the bars
// written here into an in-memory store and starts a session over them; runHook calls the plugin's
// hooks with the context a run gives them (its config parsed by the schema, the declared indicators
// provisioned before setup, the scan's result as the journal would record it).
// Run: npx vitest run --config plugins/vitest.config.ts __NAME__

import { ExchangeCalendar } from "scanwright";
import { createTestSession, runHook, type TestBar, type TestSession } from "scanwright/testing";
import { afterEach, describe, expect, it } from "vitest";
import scanner from "./__NAME__.js";

const DAY = "2024-12-31";
const calendar = new ExchangeCalendar();
/** What configs/__NAME__.yaml declares: the 20-day average close, "sma_20_1d" in the plugin. */
const INDICATORS = [{ type: "sma", period: 20, interval: "1d" }];

/** One daily bar at \`close\` for each of the \`count\` trading days before DAY. */
function dailyBars(count: number, close: number): TestBar[] {
  const first = calendar.previousTradingDay(DAY, count);
  return calendar.tradingDays(first, calendar.previousTradingDay(DAY)).map((date) => ({
    time: calendar.requireSession(date).openAt,
    open: close,
    high: close,
    low: close,
    close,
    volume: 1_000_000,
  }));
}

/** The 1m bar of 09:59 on DAY (it has ended by the 10:00 scan). */
function minuteBar(close: number, volume: number): TestBar {
  return { time: Date.parse(\`\${DAY}T09:59:00-05:00\`), open: close, high: close, low: close, close, volume };
}

// Twenty days at 50 make an average of exactly 50 (CHEAP: 2); COLD has too few days for one.
const BARS = {
  UP: { "1d": dailyBars(20, 50), "1m": [minuteBar(52, 5_000)] }, // 4% above, liquid: a hit
  BARELY: { "1d": dailyBars(20, 50), "1m": [minuteBar(51, 5_000)] }, // only 2% above
  BELOW: { "1d": dailyBars(20, 50), "1m": [minuteBar(48, 5_000)] },
  THIN: { "1d": dailyBars(20, 50), "1m": [minuteBar(52, 200)] }, // too few shares
  CHEAP: { "1d": dailyBars(20, 2), "1m": [minuteBar(3, 5_000)] }, // under the minimum price
  COLD: { "1d": dailyBars(5, 50), "1m": [minuteBar(52, 5_000)] }, // its average is still warming up
};
const UNIVERSE = Object.keys(BARS);

const sessions: TestSession[] = [];
afterEach(() => {
  for (const session of sessions.splice(0)) session.close();
});

/** Runs setup before the open, then the scan at 10:00, with \`config\` as the YAML \`config:\` block. */
async function scanAtTen(config: object = {}) {
  const session = createTestSession({ bars: BARS, at: \`\${DAY}T04:00:00-05:00\` });
  sessions.push(session);
  const state = await runHook(scanner, { session, hook: "setup", universe: UNIVERSE, config, indicators: INDICATORS });
  if (!state) throw new Error("setup sat the day out");
  session.advanceTo(\`\${DAY}T10:00:00-05:00\`);
  const result = await runHook(scanner, { session, hook: "scan", universe: UNIVERSE, config, state });
  return { result, state };
}

describe("__NAME__", () => {
  it("passes a symbol closing 3% above its 20-day average on enough volume, and only that one", async () => {
    const { result, state } = await scanAtTen();
    expect(result).toEqual({ symbols: ["UP"], metadata: { UP: { close: 52, sma20: 50 } } });
    expect([...state.qualifiedToday]).toEqual(["UP"]);
  });

  it("takes its thresholds from the config", async () => {
    const { result } = await scanAtTen({ min_volume: 100, min_price: 1, min_percent_above: 1 });
    expect(result.symbols).toEqual(["UP", "BARELY", "THIN", "CHEAP"]);
  });

  it("rejects a config it does not know", async () => {
    await expect(scanAtTen({ min_volume: -1 })).rejects.toThrow(/min_volume: Too small/);
    await expect(scanAtTen({ min_volum: 100 })).rejects.toThrow(/Unrecognized key: "min_volum"/);
  });
});
`;

/** Vitest settings for the scanner tests in plugins/, whatever the project's own vitest config includes. */
const VITEST_CONFIG = `// Vitest settings for the scanner tests in this folder (scaffolded by \`scanwright new-scanner\`), so
// they run from any project, whatever its own vitest config includes:
//   npx vitest run --config plugins/vitest.config.ts
import { defineConfig } from "vitest/config";

export default defineConfig({
  test: { root: import.meta.dirname, include: ["*.test.ts"], testTimeout: 30_000 },
});
`;

const CONFIG = `# __NAME__: a backtest of the __NAME__ scanner over the demo market (scaffolded by
# \`scanwright new-scanner __NAME__\`). Paths are relative to this file. From the project folder:
#   scanwright demo --if-empty               # the demo market in .scanwright/ (once)
#   scanwright validate configs/__NAME__.yaml
#   scanwright run configs/__NAME__.yaml
#   scanwright results --scanner __NAME__
name: __NAME__
mode: backtest
backtest:
  start: 2024-12-23
  end: 2024-12-31
store: ../.scanwright/bars.db # the journal goes beside it: ../.scanwright/journal.db
session_data:
  scanners:
    - name: __NAME__
      plugin: ../plugins/__NAME__.ts
      universe: ../.scanwright/demo-universe.txt
      indicators:
        - { type: sma, period: 20, interval: 1d } # read in the plugin as "sma_20_1d"
      regular_session:
        - { start: "10:00", end: "15:30", interval: 30m }
      config:
        min_price: 5
        min_volume: 1000
        min_percent_above: 3
`;
