// The ScannerManager runs the scanners of a session through each trading day:
//   startDay: provision every enabled scanner's universe and declared indicators (through the
//             adhoc APIs), then run `setup` (always, whether or not there is a pre-session slot);
//   runSlot:  run one scheduled `scan` (the caller has applied every bar ending at or before it);
//             promote result symbols when configured; teardown right after the scanner's last slot;
//   endDay:   tear down whatever is left, exactly once.
// Every hook runs under a time limit and is isolated: a throw, a timeout or a bad result is recorded
// for that scanner alone, and after `max_consecutive_failures` failures in a row the scanner sits
// out the rest of the day. A scan still running at its next slot is not started twice (`skipped`).

import type { Logger } from "../core/logger.js";
import { type PluginSessionData, pluginSessionData } from "../session/plugin-session-data.js";
import type { SessionData } from "../session/session-data.js";
import type { Clock } from "../time/clock.js";
import type { ExchangeCalendar } from "../time/exchange-calendar.js";
import type { TradingSession } from "../time/trading-session.js";
import type { Stopwatch } from "../time/wall-clock.js";
import { AdhocIndicatorLog } from "./adhoc-indicator-log.js";
import type { HookKind, ScanContext } from "./define-scanner.js";
import { describeError, type HookOutcome, runHook } from "./hook-runner.js";
import { type AbandonedHook, abandonedError, type HookWatch, isAbandoned } from "./hook-watch.js";
import type { PluginAttribution } from "./plugin-attribution.js";
import type { LoadedScanner } from "./plugin-loader.js";
import { buildScanContext, scannerLogger } from "./scan-context.js";
import type { ScanRecord, ScanRecordSink, ScanStatus } from "./scan-record.js";
import { checkScanResult, resultUniverse } from "./scan-result-check.js";
import { ScannerLifecycle } from "./scanner-lifecycle.js";
import { type ScanSlot, scanSlots } from "./scheduler.js";
import { UniverseCopies } from "./universe-copies.js";

export type ScanEvent =
  | ({ readonly event: "setup" | "scan" | "teardown" } & ScanRecord)
  | { readonly event: "promoted"; readonly scanner: string; readonly at: number; readonly symbol: string };

export interface ScannerManagerDeps {
  readonly sessionData: SessionData;
  readonly calendar: ExchangeCalendar;
  /** The session clock (simulated in backtests). */
  readonly clock: Clock;
  /** A real-time clock for hook time limits. */
  readonly watchdog: Clock;
  readonly stopwatch: Stopwatch;
  readonly mode: "backtest" | "live";
  readonly journal: ScanRecordSink;
  readonly logger: Logger;
  readonly onEvent?: (event: ScanEvent) => void;
  /** Told of every hook waited on (a supervisor in another thread watches for stuck ones). */
  readonly watch?: HookWatch;
  /** Runs each hook as its scanner's code, so faults from its timers and promises are attributed. */
  readonly attribution?: PluginAttribution;
  /** Hooks an earlier session's supervisor terminated: recorded `timeout`, never called again. */
  readonly abandoned?: readonly AbandonedHook[];
}

/** One scanner's state for the day being traded. */
interface DayRuntime {
  readonly loaded: LoadedScanner;
  readonly lifecycle: ScannerLifecycle;
  /** Frozen: the hooks get this very array as `context.universe`. */
  universe: readonly string[];
  /** `universe` as scan results are checked against it (`resultUniverse`). */
  resultUniverse: readonly string[];
  state: unknown;
  consecutiveFailures: number;
  slotsLeft: number;
  /** A hook that outlived its time limit and is still running. */
  inFlight: Promise<void> | undefined;
  /** The indicators the scanner's hooks added themselves today (journaled with its setup row). */
  readonly adhoc: AdhocIndicatorLog;
  /** What every hook of this scanner sees of the session today: the plugin API, `adhoc` recording. */
  readonly sessionData: PluginSessionData;
}

interface Day {
  readonly session: TradingSession;
  readonly slots: readonly ScanSlot[];
  readonly runtimes: Map<string, DayRuntime>;
}

export class ScannerManager {
  private readonly scanners: readonly LoadedScanner[];
  /** The plugin API of the session, built once (pluginSessionData); each scanner's hooks see it through its day's AdhocIndicatorLog. */
  private readonly pluginData: PluginSessionData;
  /** The hooks' copies of their universes, mapped back by the bulk reads (universe-copies.ts). */
  private readonly copies = new UniverseCopies();
  private day: Day | undefined;

  constructor(
    scanners: readonly LoadedScanner[],
    private readonly deps: ScannerManagerDeps,
  ) {
    this.scanners = scanners.filter((scanner) => scanner.spec.enabled);
    this.pluginData = pluginSessionData(deps.sessionData, this.copies);
  }

  /** The slots of the current day, in the order they run. */
  get slots(): readonly ScanSlot[] {
    return this.day?.slots ?? [];
  }

  /** Provisions universes and runs every enabled scanner's setup; returns the day's slots. */
  async startDay(session: TradingSession): Promise<readonly ScanSlot[]> {
    if (this.day) await this.endDay();
    const slots = scanSlots(
      this.deps.calendar,
      this.scanners.map((scanner) => scanner.spec),
      session.date,
    );
    const runtimes = new Map<string, DayRuntime>();
    for (const loaded of this.scanners) {
      const adhoc = new AdhocIndicatorLog();
      runtimes.set(loaded.spec.name, {
        adhoc,
        sessionData: adhoc.watch(this.pluginData),
        loaded,
        lifecycle: new ScannerLifecycle(loaded.spec.name),
        universe: [],
        resultUniverse: [],
        state: undefined,
        consecutiveFailures: 0,
        slotsLeft: slots.filter((slot) => slot.scanner === loaded.spec.name).length,
        inFlight: undefined,
      });
    }
    this.day = { session, slots, runtimes };
    for (const runtime of runtimes.values()) {
      const dropped = await this.provisionUniverse(runtime);
      await this.setup(runtime, dropped);
      if (runtime.slotsLeft === 0) await this.teardown(runtime);
    }
    return slots;
  }

  /** Runs one slot of the day. Call it in slot order, after applying every bar ending at or before it. */
  async runSlot(slot: ScanSlot): Promise<ScanRecord> {
    const day = this.requireDay();
    const runtime = day.runtimes.get(slot.scanner);
    if (!runtime) throw new Error(`No scanner "${slot.scanner}" in today's session`);
    runtime.slotsLeft -= 1;
    const row = await this.scan(runtime, slot);
    if (runtime.slotsLeft === 0) await this.teardown(runtime);
    return row;
  }

  /** Tears down every scanner that has not been torn down yet; ends the day. */
  async endDay(): Promise<void> {
    const day = this.day;
    if (!day) return;
    for (const runtime of day.runtimes.values()) {
      if (runtime.lifecycle.state !== "done") await this.teardown(runtime);
    }
    this.day = undefined;
  }

  // ---- hooks ----------------------------------------------------------------------------------

  /** Provisions the declared indicators for every universe symbol; symbols that fail are left out today. */
  private async provisionUniverse(runtime: DayRuntime): Promise<Array<{ symbol: string; reason: string }>> {
    const { spec } = runtime.loaded;
    const dropped: Array<{ symbol: string; reason: string }> = [];
    const universe: string[] = [];
    for (const symbol of spec.universe) {
      try {
        for (const request of spec.indicators) {
          await this.deps.sessionData.addIndicator(symbol, request.type, request, spec.name);
        }
        universe.push(symbol);
      } catch (error) {
        dropped.push({ symbol, reason: describeError(error) });
      }
    }
    runtime.universe = Object.freeze(universe);
    runtime.resultUniverse = resultUniverse(runtime.universe);
    if (dropped.length > 0) {
      this.logFor(spec.name).warn(
        `${dropped.length} universe symbol(s) could not be provisioned and sit out today`,
        {
          dropped: dropped.slice(0, 20),
        },
      );
    }
    return dropped;
  }

  private async setup(
    runtime: DayRuntime,
    dropped: ReadonlyArray<{ symbol: string; reason: string }>,
  ): Promise<void> {
    const { definition } = runtime.loaded;
    const scheduledAt = this.deps.clock.now();
    runtime.lifecycle.apply("setup_start");
    const baseMetadata = { universe: runtime.universe.length, dropped };
    const cut = this.abandonedHook(runtime, "setup", scheduledAt) ?? this.notLoaded(runtime);
    if (cut) {
      runtime.lifecycle.apply("setup_failed");
      this.report("setup", runtime, { kind: "setup", scheduledAt, metadata: baseMetadata, ...cut });
      return;
    }
    if (!definition.setup) {
      runtime.lifecycle.apply("setup_ok");
      this.report("setup", runtime, {
        kind: "setup",
        scheduledAt,
        status: "ok",
        durationMs: 0,
        metadata: baseMetadata,
      });
      return;
    }
    const context = this.context(runtime, "setup", scheduledAt);
    const outcome = await this.limit(runtime, "setup", scheduledAt, () =>
      definition.setup!(context as ScanContext<unknown, undefined>),
    );
    // What the setup provisioned itself, even when it failed afterwards: those indicators exist.
    const adhocIndicators = runtime.adhoc.list();
    const metadata = adhocIndicators.length > 0 ? { ...baseMetadata, adhocIndicators } : baseMetadata;
    if (outcome.status !== "ok") {
      runtime.lifecycle.apply("setup_failed");
      runtime.consecutiveFailures += 1;
      this.report("setup", runtime, {
        kind: "setup",
        scheduledAt,
        status: outcome.status,
        durationMs: outcome.durationMs,
        error: outcome.error,
        metadata,
      });
      return;
    }
    if (outcome.value === false) {
      runtime.lifecycle.apply("setup_declined");
      this.report("setup", runtime, {
        kind: "setup",
        scheduledAt,
        status: "disabled",
        durationMs: outcome.durationMs,
        error: "setup returned false: the scanner sits out the day",
        metadata,
      });
      return;
    }
    runtime.state = outcome.value;
    runtime.lifecycle.apply("setup_ok");
    this.report("setup", runtime, {
      kind: "setup",
      scheduledAt,
      status: "ok",
      durationMs: outcome.durationMs,
      metadata,
    });
  }

  private async scan(runtime: DayRuntime, slot: ScanSlot): Promise<ScanRecord> {
    const base = { kind: slot.kind, scheduledAt: slot.at } as const;
    if (runtime.lifecycle.state !== "ready") {
      return this.report("scan", runtime, {
        ...base,
        status: "disabled",
        durationMs: 0,
        error: `scanner is ${runtime.lifecycle.state === "done" ? "torn down" : "disabled"} for the day`,
      });
    }
    if (runtime.inFlight && this.deps.mode === "backtest") {
      // A replay reaches the next slot in microseconds: give the late hook one more limit to finish
      // so that a backtest does not depend on how fast the machine is.
      await this.limit(runtime, slot.kind, slot.at, () => runtime.inFlight);
    }
    if (runtime.inFlight) {
      return this.report("scan", runtime, {
        ...base,
        status: "skipped",
        durationMs: 0,
        error: "the previous hook is still running",
      });
    }
    const cut = this.abandonedHook(runtime, slot.kind, slot.at);
    if (cut) {
      runtime.consecutiveFailures += 1;
      runtime.lifecycle.apply("disable");
      return this.report("scan", runtime, { ...base, ...cut });
    }
    runtime.lifecycle.apply("scan_start");
    const context = this.context(runtime, slot.kind, slot.at);
    const outcome = await this.limit(runtime, slot.kind, slot.at, () =>
      runtime.loaded.definition.scan(context),
    );
    runtime.lifecycle.apply("scan_done");
    let status: ScanStatus = outcome.status;
    let error = outcome.status === "ok" ? undefined : outcome.error;
    let symbols: string[] = [];
    let metadata: unknown = {};
    if (outcome.status === "ok") {
      try {
        const checked = checkScanResult(outcome.value, runtime.resultUniverse);
        symbols = checked.symbols;
        metadata = checked.metadata;
      } catch (problem) {
        status = "error";
        error = `invalid result: ${describeError(problem)}`;
      }
    }
    if (status === "ok") {
      runtime.consecutiveFailures = 0;
    } else {
      runtime.consecutiveFailures += 1;
      if (runtime.consecutiveFailures >= runtime.loaded.spec.max_consecutive_failures) {
        runtime.lifecycle.apply("disable");
        error = `${error}; disabled for the rest of the day after ${runtime.consecutiveFailures} consecutive failures`;
      }
    }
    const promoted =
      status === "ok" && runtime.loaded.spec.promote ? await this.promote(runtime, symbols, slot.at) : [];
    return this.report("scan", runtime, {
      ...base,
      status,
      durationMs: outcome.durationMs,
      error,
      symbols,
      metadata,
      promoted,
    });
  }

  private async promote(runtime: DayRuntime, symbols: readonly string[], at: number): Promise<string[]> {
    const promoted: string[] = [];
    for (const symbol of symbols) {
      try {
        if (await this.deps.sessionData.addSymbol(symbol, "scanner")) {
          promoted.push(symbol);
          this.deps.onEvent?.({ event: "promoted", scanner: runtime.loaded.spec.name, at, symbol });
        }
      } catch (error) {
        this.logFor(runtime.loaded.spec.name).warn(`Could not promote ${symbol}: ${describeError(error)}`, {
          symbol,
        });
      }
    }
    return promoted;
  }

  private async teardown(runtime: DayRuntime): Promise<void> {
    const scheduledAt = this.deps.clock.now();
    if (runtime.inFlight) {
      // Give a hook that outlived its limit one more limit to finish before teardown.
      await this.limit(runtime, "teardown", scheduledAt, () => runtime.inFlight);
    }
    runtime.lifecycle.apply("teardown_start");
    const { definition } = runtime.loaded;
    const cut =
      this.abandonedHook(runtime, "teardown", scheduledAt) ??
      (runtime.loaded.loadFailure === undefined
        ? undefined
        : { status: "disabled" as const, durationMs: 0, error: "the plugin did not load" });
    if (cut) {
      runtime.lifecycle.apply("teardown_done");
      this.report("teardown", runtime, { kind: "teardown", scheduledAt, ...cut });
      return;
    }
    if (!definition.teardown) {
      runtime.lifecycle.apply("teardown_done");
      this.report("teardown", runtime, { kind: "teardown", scheduledAt, status: "ok", durationMs: 0 });
      return;
    }
    const context = this.context(runtime, "teardown", scheduledAt);
    const outcome = await this.limit(runtime, "teardown", scheduledAt, () => definition.teardown!(context));
    runtime.lifecycle.apply("teardown_done");
    this.report("teardown", runtime, {
      kind: "teardown",
      scheduledAt,
      status: outcome.status,
      durationMs: outcome.durationMs,
      error: outcome.status === "ok" ? undefined : outcome.error,
    });
  }

  /**
   * Runs a hook under the scanner's time limit, as the scanner's code (attribution) and watched by
   * the supervisor if there is one; a hook still running afterwards is tracked.
   */
  private async limit<T>(
    runtime: DayRuntime,
    kind: HookKind,
    scheduledAt: number,
    hook: () => T | Promise<T>,
  ): Promise<HookOutcome<T>> {
    const { spec } = runtime.loaded;
    const { attribution, watch } = this.deps;
    const attributed = attribution ? () => attribution.run(spec.name, hook) : hook;
    watch?.begin({
      scanner: spec.name,
      kind,
      sessionDate: this.requireDay().session.date,
      scheduledAt,
      limitMs: spec.timeout_ms,
      universeSize: runtime.universe.length,
    });
    const run = runHook(attributed, spec.timeout_ms, this.deps.watchdog, this.deps.stopwatch);
    const outcome = await run.outcome;
    watch?.end();
    if (outcome.status === "timeout") {
      const inFlight = run.settled.then(() => {
        if (runtime.inFlight === inFlight) runtime.inFlight = undefined;
      });
      runtime.inFlight = inFlight;
    }
    return outcome;
  }

  /** The outcome of a hook an earlier session's supervisor terminated, if this is one. */
  private abandonedHook(
    runtime: DayRuntime,
    kind: HookKind,
    scheduledAt: number,
  ): { status: "timeout"; durationMs: number; error: string } | undefined {
    const hook = isAbandoned(this.deps.abandoned ?? [], {
      scanner: runtime.loaded.spec.name,
      kind,
      sessionDate: this.requireDay().session.date,
      scheduledAt,
    });
    return hook && { status: "timeout", durationMs: hook.durationMs, error: abandonedError(hook) };
  }

  /** A plugin whose module did not load within its limit: its setup is that `timeout`. */
  private notLoaded(
    runtime: DayRuntime,
  ): { status: "timeout"; durationMs: number; error: string } | undefined {
    const failure = runtime.loaded.loadFailure;
    return failure === undefined ? undefined : { status: "timeout", durationMs: 0, error: failure };
  }

  // ---- plumbing -------------------------------------------------------------------------------

  private context(runtime: DayRuntime, hook: HookKind, at: number): ScanContext {
    return buildScanContext({
      scanner: runtime.loaded.spec.name,
      sessionData: runtime.sessionData,
      calendar: this.deps.calendar,
      clock: this.deps.clock,
      session: this.requireDay().session,
      mode: this.deps.mode,
      currentTime: at,
      hook,
      config: runtime.loaded.config,
      universe: runtime.universe,
      copies: this.copies,
      logger: this.deps.logger,
      state: runtime.state,
    });
  }

  private report(
    event: "setup" | "scan" | "teardown",
    runtime: DayRuntime,
    row: Pick<ScanRecord, "kind" | "scheduledAt" | "status" | "durationMs"> & Partial<ScanRecord>,
  ): ScanRecord {
    const record: ScanRecord = {
      scanner: runtime.loaded.spec.name,
      sessionDate: this.requireDay().session.date,
      startedAt: this.deps.clock.now(),
      universeSize: runtime.universe.length,
      symbols: [],
      metadata: {},
      promoted: [],
      ...row,
    };
    this.deps.journal.record(record);
    this.deps.onEvent?.({ event, ...record });
    if (record.status === "error" || record.status === "timeout") {
      this.logFor(record.scanner).warn(`${record.kind} ${record.status}: ${record.error}`, {
        kind: record.kind,
      });
    }
    return record;
  }

  private logFor(scanner: string): Logger {
    return scannerLogger(this.deps.logger, scanner);
  }

  private requireDay(): Day {
    if (!this.day) throw new Error("No trading day started (call startDay first)");
    return this.day;
  }
}
