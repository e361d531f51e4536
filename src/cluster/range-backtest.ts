// A worker's side of a distributed backtest: replays one range of days in a fresh session of its
// own, exactly as runBacktest replays them (the same TradingDayDriver and ScannerManager), and
// returns the rows instead of journaling them: the coordinator alone writes the run, and only the
// rows of attempts it accepts. Days before the range (from `warmFrom`) are replayed for their
// state; their rows are dropped. Or the attempt starts from a shipped state (`startState`: the
// bytes of the state its predecessor ended with, session-state.ts) imported into the fresh session
// before its first day. The fingerprints around the range let the coordinator decide, and the state
// after its last day goes back as bytes for the range after it.

import { dirname } from "node:path";
import { setImmediate as nextTurn } from "node:timers/promises";
import { type LoadedSessionConfig, loadSessionConfig } from "../config/load-session-config.js";
import type { SessionConfig } from "../config/session-config.js";
import { sweepVariants } from "../config/sweep-variants.js";
import { ClusterError, SessionError } from "../core/errors.js";
import type { Logger } from "../core/logger.js";
import { hashConfig } from "../runtime/backtest-runner.js";
import { type WiredSession, wireSession } from "../runtime/create-session.js";
import { TradingDayDriver } from "../runtime/trading-day-driver.js";
import type { JournalRecord } from "../scanners/journal-types.js";
import { type LoadedScanner, loadScannerWith } from "../scanners/plugin-loader.js";
import { ScannerManager } from "../scanners/scanner-manager.js";
import type { ScannerSpec } from "../scanners/scanner-spec.js";
import { decodeSessionState, encodeSessionState } from "../session/session-state.js";
import { calendarOf } from "../time/markets/index.js";
import { WallClock, wallStopwatch } from "../time/wall-clock.js";
import type { RangeJobData, RangeJobResult } from "./range-job.js";
import { sessionFingerprint } from "./session-fingerprint.js";

export interface RangeRunOptions {
  readonly logger?: Logger;
  /** Called after each day replayed (a worker extends its job lock here). */
  readonly onDay?: (date: string) => Promise<void> | void;
  /** Shown the session where the start fingerprint is taken (to see what differs between two attempts). */
  readonly onStartState?: (session: WiredSession) => void;
  /** With `data.startState`: the state's bytes (the worker reads them from Redis). */
  readonly startState?: Uint8Array;
}

/** What a range replay yields: the job's result but the state's key, and the end state's bytes. */
export type RangeRun = Omit<RangeJobResult, "endStateKey" | "endStateBytes"> & { readonly endState: Buffer };

export async function runBacktestRange(data: RangeJobData, options: RangeRunOptions = {}): Promise<RangeRun> {
  if (!(data.warmFrom <= data.from && data.from <= data.to && data.to < data.days.length)) {
    throw new ClusterError(
      `range job out of order: warm from ${data.warmFrom}, days ${data.from}..${data.to}`,
    );
  }
  const loaded = loadSessionConfig(data.configPath);
  const { config, scanners: specs } = rangeVariant(loaded, data);
  const session = wireSession(config, {
    calendar: calendarOf(config.exchange, loaded.calendarOverrides),
    storePath: data.storePath,
    baseDir: dirname(data.configPath),
    logger: options.logger,
  });
  if (hashConfig(session.config) !== data.configHash) {
    session.close();
    throw new ClusterError(
      `${data.configPath} is not the config the run was started with (its hash differs): every worker must see the same config file`,
    );
  }
  if (data.startState !== undefined) {
    try {
      importStartState(session, data, options.startState);
    } catch (error) {
      session.close();
      throw error;
    }
  }
  const control = session.clock.control;
  if (control?.kind !== "manual") throw new SessionError("A backtest range runs on a manual clock");
  const watchdog = new WallClock();
  try {
    const scanners: LoadedScanner[] = [];
    for (const spec of specs) {
      if (!spec.enabled) continue;
      const scanner = await loadScannerWith(spec, {});
      if (scanner.loadFailure !== undefined) {
        throw new ClusterError(
          `scanner "${spec.name}" (${spec.plugin}) did not load: ${scanner.loadFailure}`,
        );
      }
      scanners.push(scanner);
    }
    const firstDate = data.days[data.from];
    const rows: JournalRecord[] = [];
    const manager = new ScannerManager(scanners, {
      sessionData: session.sessionData,
      calendar: session.calendar,
      clock: session.clock,
      watchdog,
      stopwatch: wallStopwatch,
      mode: "backtest",
      journal: { record: (row) => (row.sessionDate >= firstDate ? rows.push(row) : undefined) },
      logger: session.logger,
    });
    const driver = new TradingDayDriver({
      calendar: session.calendar,
      clock: session.clock,
      coordinator: session.coordinator,
      manager,
      moveTo: async (time) => {
        if (time > session.clock.now()) control.advanceTo(time);
        return true;
      },
    });
    let startFingerprint: string | null = null;
    let slots = 0;
    const failedSymbols: Array<{ date: string; symbol: string; reason: string }> = [];
    try {
      for (let index = data.warmFrom; index <= data.to; index++) {
        if (index === data.from && (index > data.warmFrom || data.startState !== undefined)) {
          startFingerprint = sessionFingerprint(session);
          options.onStartState?.(session);
        }
        const date = data.days[index];
        const day = await driver.runDay(date);
        if (index >= data.from) {
          slots += day.slotsRun;
          for (const failure of day.failedSymbols) failedSymbols.push({ date, ...failure });
        }
        await options.onDay?.(date);
        // A turn of the event loop per day: the queue's lock renewal (a timer) must get to run.
        await nextTurn();
      }
    } catch (error) {
      await driver.abandonDay(session.logger);
      throw error;
    }
    return {
      rows,
      startFingerprint,
      endFingerprint: sessionFingerprint(session),
      slots,
      failedSymbols,
      endState: encodeSessionState(session.coordinator.exportState(), data.configHash),
    };
  } finally {
    watchdog.cancelAll();
    session.close();
  }
}

/**
 * Puts the shipped start state into the fresh session and checks it rebuilt the state it was
 * shipped as (its fingerprint): a state that does not is refused, never run from.
 */
function importStartState(session: WiredSession, data: RangeJobData, bytes: Uint8Array | undefined): void {
  const shipped = data.startState!;
  if (bytes === undefined)
    throw new ClusterError(`range job starting from ${shipped.key}: its bytes were not given`);
  session.coordinator.importState(decodeSessionState(bytes, data.configHash, shipped.key));
  const rebuilt = sessionFingerprint(session);
  if (rebuilt !== shipped.fingerprint) {
    throw new ClusterError(
      `${shipped.key}: the imported session state has fingerprint ${rebuilt.slice(0, 16)}, not ${shipped.fingerprint.slice(0, 16)} as shipped`,
    );
  }
}

/** The config a range runs: the file's, or with a sweep the variant of the job's combination. */
function rangeVariant(
  loaded: LoadedSessionConfig,
  data: RangeJobData,
): { config: SessionConfig; scanners: readonly ScannerSpec[] } {
  if (data.sweepIndex === undefined) return { config: loaded.config, scanners: loaded.scanners };
  const variant = sweepVariants(loaded).find((candidate) => candidate.combination.index === data.sweepIndex);
  if (variant === undefined) {
    throw new ClusterError(
      `${data.configPath} has no sweep combination ${data.sweepIndex}: every worker must see the same config file`,
    );
  }
  return variant;
}
