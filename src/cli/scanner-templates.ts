// The files `scanwright new-scanner NAME` writes into a project: a working plugin, its vitest test
// (scan called with a hand-built context, no store needed) and a backtest config over the demo
// market. `__NAME__` stands for the scanner's name. The plugin flags symbols whose latest 1m close
// is some percent above their 20-day average close, on enough volume; the criteria are marked EDIT HERE.

/** Where each file goes, relative to the project folder. */
export function scaffoldPaths(name: string): { plugin: string; test: string; config: string } {
  return {
    plugin: `plugins/${name}.ts`,
    test: `plugins/${name}.test.ts`,
    config: `configs/${name}.yaml`,
  };
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
    minPrice: z.number().min(0).default(5),
    /** Fewest shares traded in the latest minute. */
    minVolume: z.number().min(0).default(1_000),
    /** How far above its 20-day average the price must be, in percent. */
    minPercentAbove: z.number().default(3),
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
        bar.close >= config.minPrice && // worth trading
        bar.volume >= config.minVolume && // liquid right now
        bar.close >= sma.value * (1 + config.minPercentAbove / 100); // well above its 20-day average
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

const PLUGIN_TEST = `// Tests of the __NAME__ scanner: \`scan\` called with a hand-built context (latest 1m bars and 20-day
// averages per symbol), so no store or session is needed. Run: npx vitest run plugins/__NAME__.test.ts

import { type Bar, type IndicatorValue, type SessionData, silentLogger, type TimeManager } from "scanwright";
import { describe, expect, it } from "vitest";
import scanner from "./__NAME__.js";

type Context = Parameters<typeof scanner.scan>[0];
type Config = Context["config"];

const AT = Date.parse("2024-12-31T10:00:00-05:00");

/** A 1m bar that ended just before AT. */
function minuteBar(close: number, volume: number): Bar {
  return { time: AT - 60_000, interval: "1m", open: close, high: close, low: close, close, volume };
}

/**
 * A context whose session holds, per symbol, a latest 1m bar (\`bar\`) and a 20-day average (\`sma\`,
 * undefined while it is warming up). The universe is the symbols listed, in order.
 */
function contextFor(
  symbols: Record<string, { bar?: Bar; sma?: number }>,
  config: Partial<Config> = {},
): Context {
  const sessionData = {
    getLatestBar: (symbol: string) => symbols[symbol]?.bar,
    getIndicator: (symbol: string, key: string): IndicatorValue | undefined => {
      if (key !== "sma_20_1d" || !(symbol in symbols)) return undefined;
      const value = symbols[symbol].sma;
      return {
        key,
        value: value ?? null,
        ready: value !== undefined,
        updatedAt: null,
        missingBars: value === undefined ? 20 : 0,
      };
    },
  } as unknown as SessionData;
  return {
    scanner: "__NAME__",
    sessionData,
    timeManager: {} as TimeManager,
    mode: "backtest",
    currentTime: AT,
    hook: "regular",
    config: scanner.configSchema!.parse(config),
    universe: Object.keys(symbols),
    log: silentLogger,
    state: { qualifiedToday: new Set<string>() },
  };
}

describe("__NAME__", () => {
  it("passes a symbol closing 3% above its 20-day average on enough volume, and only that one", async () => {
    const context = contextFor({
      UP: { bar: minuteBar(52, 5_000), sma: 50 },
      BARELY: { bar: minuteBar(51, 5_000), sma: 50 },
      BELOW: { bar: minuteBar(48, 5_000), sma: 50 },
      THIN: { bar: minuteBar(52, 200), sma: 50 },
      CHEAP: { bar: minuteBar(3, 5_000), sma: 2 },
      COLD: { bar: minuteBar(52, 5_000) },
      QUIET: { sma: 50 },
    });
    const result = await scanner.scan(context);
    expect(result).toEqual({ symbols: ["UP"], metadata: { UP: { close: 52, sma20: 50 } } });
    expect([...context.state.qualifiedToday]).toEqual(["UP"]);
  });

  it("takes its thresholds from the config", async () => {
    const context = contextFor(
      {
        THIN: { bar: minuteBar(52, 200), sma: 50 },
        CHEAP: { bar: minuteBar(3, 5_000), sma: 2 },
        BARELY: { bar: minuteBar(51, 5_000), sma: 50 },
      },
      { minVolume: 100, minPrice: 1, minPercentAbove: 1 },
    );
    expect((await scanner.scan(context)).symbols).toEqual(["THIN", "CHEAP", "BARELY"]);
  });

  it("rejects a config it does not know", () => {
    expect(scanner.configSchema!.safeParse({ minVolume: -1 }).success).toBe(false);
    expect(scanner.configSchema!.safeParse({ minVolum: 100 }).success).toBe(false);
  });
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
        minPrice: 5
        minVolume: 1000
        minPercentAbove: 3
`;
