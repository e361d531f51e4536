// `scanwright demo`: writes the deterministic demo market into the store and summarizes the store.
// With --if-empty (what `npm start` uses) a store that already holds bars is left as it is and only
// summarized; without it the demo bars are added to it (bars already there are not counted again),
// and either way the output says "Store … already holds bars". The demo universe file goes beside
// the store; an in-memory store (`--store :memory:`) gets none, so nothing lands in the working
// directory.

import { dirname, join } from "node:path";
import type { Command } from "commander";
import { DEMO_MARKET_DEFAULTS, generateDemoMarket } from "../../data/demo-market.js";
import { writeDemoUniverse } from "../../data/demo-universe.js";
import { openBarStore } from "../../data/open-bar-store.js";
import { isPostgresUrl } from "../../data/pg/pg-url.js";
import { resolveStorePath } from "../../data/store-path.js";
import { calendarOf } from "../../time/markets/index.js";
import type { CliIO } from "../cli-io.js";
import { wholeNumberOption } from "../parse-options.js";
import { createProgress } from "../progress.js";
import { formatStoreSummary } from "../store-summary-text.js";
import { countOf } from "../text-table.js";

interface DemoOptions {
  symbols: number;
  days: number;
  seed: number;
  store?: string;
  ifEmpty?: boolean;
  exchange: string;
}

export function registerDemoCommand(program: Command, io: CliIO): void {
  program
    .command("demo")
    .description("generate the deterministic demo market (1m bars + daily history) into the store")
    .option(
      "--symbols <n>",
      "number of symbols",
      wholeNumberOption("--symbols", 1, 20_000),
      DEMO_MARKET_DEFAULTS.symbols,
    )
    .option(
      "--days <n>",
      "trading days of 1m bars",
      wholeNumberOption("--days", 1, 2_000),
      DEMO_MARKET_DEFAULTS.days,
    )
    .option(
      "--seed <n>",
      "random seed (same seed, same bars)",
      wholeNumberOption("--seed", 0, 2 ** 31 - 1),
      DEMO_MARKET_DEFAULTS.seed,
    )
    .option("--store <path>", "bar store file (default: $SCANWRIGHT_STORE or .scanwright/bars.db)")
    .option(
      "--exchange <mic>",
      "exchange whose calendar the bars follow (sessions, breaks, holidays)",
      "XNYS",
    )
    .option("--if-empty", "only generate when the store holds no bars; always print the summary")
    .addHelpText(
      "after",
      "\nExample:\n  scanwright demo --symbols 50 --days 20 --seed 3 --store /tmp/demo.db\n",
    )
    .action((options: DemoOptions) => runDemo(io, options));
}

function runDemo(io: CliIO, options: DemoOptions): void {
  const storePath = resolveStorePath({ flag: options.store, env: io.env, cwd: io.cwd });
  const inMemory = storePath === ":memory:";
  const store = openBarStore(storePath);
  try {
    const calendar = calendarOf(options.exchange);
    const hadBars = !store.isEmpty();
    if (hadBars && options.ifEmpty) {
      io.stdout.write(`Store ${store.path} already holds bars; not generating the demo market.\n`);
    } else {
      if (hadBars) {
        io.stdout.write(
          `Store ${store.path} already holds bars; adding the demo market to it (--if-empty leaves such a store as it is).\n`,
        );
      }
      const progress = createProgress(io, "demo market");
      const report = generateDemoMarket(
        store,
        calendar,
        { symbols: options.symbols, days: options.days, seed: options.seed },
        (done, total) => progress.update(done, total),
      );
      progress.stop();
      let universeNote: string;
      if (inMemory) {
        universeNote = "no universe file (the store is in memory)";
      } else {
        const universePath = isPostgresUrl(storePath)
          ? join(io.cwd, ".scanwright", "demo-universe.txt")
          : join(dirname(storePath), "demo-universe.txt");
        writeDemoUniverse(universePath, report.symbols, options.seed);
        universeNote = `universe file ${universePath}`;
      }
      const fresh = hadBars ? " new" : "";
      io.stdout.write(
        `Demo market (seed ${options.seed}): ${countOf(report.symbols.length, "symbol")}, 1m bars on ${countOf(options.days, "trading day")} ` +
          `${report.firstDay} → ${report.lastDay}` +
          (report.earlyCloses.length > 0 ? ` (early closes: ${report.earlyCloses.join(", ")})` : "") +
          `, daily history from ${report.historyFirstDay}.\n` +
          `Wrote ${report.minuteBars.toLocaleString("en-US")}${fresh} 1m and ${report.dailyBars.toLocaleString("en-US")}${fresh} 1d bars to ${store.path}; ${universeNote}.\n`,
      );
    }
    io.stdout.write(formatStoreSummary(store, calendar, store.path));
  } finally {
    store.close();
  }
}
