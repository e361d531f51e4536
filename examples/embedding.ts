// Embedding scanwright in your own program: what `scanwright run` does, from code. It loads a
// session config (validated, paths resolved), loads its scanner plugins (each `config:` block
// checked by the plugin's schema), builds the session with createSession, replays the backtest with
// runBacktest into a scan journal, and prints the hits as they happen and a summary at the end.
//
//   npm start                                   # once: builds dist/ and writes the demo market
//   npx tsx examples/embedding.ts               # backtests configs/demo.yaml
//   npx tsx examples/embedding.ts configs/real-week.yaml 2013-10-09 2013-10-10
//
// The optional dates replace the config's backtest window. The journal here is in memory; pass a
// file path to ScanJournal.open to keep it (`scanwright results` reads such a file).

import { dirname, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { createSession, loadScanner, loadSessionConfig, runBacktest, ScanJournal } from "scanwright";

export interface EmbeddingOptions {
  /** Replaces the config's backtest window. */
  readonly start?: string;
  readonly end?: string;
  /** Where the lines go (default: stdout). */
  readonly print?: (line: string) => void;
}

/** Backtests `configPath` and returns the per-scanner summary of the run. */
export async function backtest(configPath: string, options: EmbeddingOptions = {}) {
  const print = options.print ?? ((line: string) => console.log(line));
  const loaded = loadSessionConfig(configPath);
  const window = loaded.config.backtest;
  const config = {
    ...loaded.config,
    backtest: { start: options.start ?? window?.start ?? "", end: options.end ?? window?.end ?? "" },
  };
  // Every enabled scanner's plugin, compiled on the fly when it is TypeScript.
  const scanners = await Promise.all(loaded.scanners.filter((spec) => spec.enabled).map(loadScanner));
  const session = createSession(config, { baseDir: dirname(resolve(configPath)) });
  const journal = ScanJournal.open(":memory:");
  try {
    const report = await runBacktest(session, scanners, journal, {
      onEvent: (event) => {
        if (event.event === "scan" && event.symbols.length > 0) {
          const at = session.calendar.formatInstant(event.scheduledAt);
          print(`${at}  ${event.scanner.padEnd(14)} ${event.symbols.join(" ")}`);
        }
      },
    });
    print(
      `${report.days.length} trading days ${report.days[0]} → ${report.days[report.days.length - 1]}, ${report.slots} scan slots`,
    );
    const summary = journal.summary(report.run);
    for (const row of summary) {
      const top = row.topSymbols.map((entry) => `${entry.symbol}×${entry.count}`).join(" ");
      print(`${row.scanner.padEnd(14)} scans ${row.scans}, errors ${row.errors}, hits ${row.hits}  ${top}`);
    }
    return summary;
  } finally {
    journal.close();
    session.close();
  }
}

// Run as a script: `npx tsx examples/embedding.ts [config] [start] [end]`.
if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  const [configPath = "configs/demo.yaml", start, end] = process.argv.slice(2);
  await backtest(configPath, { start, end });
}
