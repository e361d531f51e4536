// The part of the engine child (backtest-child.ts) before its backtest, step by step: wall time
// since the process started (performance.now()) and the process's CPU time (every thread) at the
// end of each step, as the child runs them (the engine imported through "scanwright", the config,
// the calendar and session, each plugin, the journal). The backtest itself is not run. Used for
// the start-up breakdown in docs/performance.md; run it alternated with another tree's:
//   node --expose-gc --max-semi-space-size=4 .bench-build/bench/workloads/startup-phases.js CONFIG JOURNAL

import { dirname } from "node:path";

/** One step's end: wall ms since the process started, CPU ms of the process so far. */
export interface PhaseMark {
  readonly phase: string;
  readonly wallMs: number;
  readonly cpuMs: number;
}

function mark(phase: string): PhaseMark {
  const cpu = process.cpuUsage();
  return { phase, wallMs: performance.now(), cpuMs: (cpu.user + cpu.system) / 1000 };
}

/** The steps of the engine child up to the backtest's start, timed. */
export async function startupPhases(configPath: string, journalPath: string): Promise<PhaseMark[]> {
  const marks = [mark("node started")];
  const engine = await import("scanwright");
  marks.push(mark("engine imported"));
  const loaded = engine.loadSessionConfig(configPath);
  marks.push(mark("config loaded"));
  const calendar = new engine.ExchangeCalendar(loaded.calendarOverrides);
  const session = engine.createSession(loaded.config, { calendar, baseDir: dirname(configPath) });
  marks.push(mark("calendar and session"));
  try {
    for (const spec of loaded.scanners) {
      await engine.loadScanner(spec);
      marks.push(mark(`plugin ${spec.name}`));
    }
    engine.ScanJournal.open(journalPath).close();
    marks.push(mark("journal open"));
  } finally {
    session.close();
  }
  return marks;
}

const [configArg, journalArg] = process.argv.slice(2);
if (configArg !== undefined && journalArg !== undefined && process.argv[1]?.endsWith("startup-phases.js")) {
  const marks = await startupPhases(configArg, journalArg);
  process.stdout.write(`${JSON.stringify(marks)}\n`);
}
