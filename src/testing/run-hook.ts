// runHook: calls one hook of a scanner plugin the way a session run does. The config goes through
// the plugin's configSchema (as the YAML `config:` block does), declared indicators are provisioned
// for the universe before setup (as the ScannerManager does at the start of a day), the ScanContext
// is the one the manager builds (buildScanContext, over the plugin's view of the session), and a
// scan's result goes through the engine's own check (checkScanResult): a result the journal would
// refuse fails the test, and a scan returns what a run journals (symbols upper-cased, duplicates
// dropped, metadata `{}` when there was none). Setup returns the state the hook returned.

import { ConfigError, UsageError } from "../core/errors.js";
import { formatZodIssues } from "../core/zod-issues.js";
import type { Session } from "../runtime/create-session.js";
import type { HookKind, ScannerDefinition, ScanResult } from "../scanners/define-scanner.js";
import { buildScanContext } from "../scanners/scan-context.js";
import { checkScanResult } from "../scanners/scan-result-check.js";
import { UniverseCopies } from "../scanners/universe-copies.js";
import { pluginSessionData } from "../session/plugin-session-data.js";
import type { AddIndicatorOptions } from "../session/session-data.js";

/** An entry of the scanner's YAML `indicators:` list. */
export type DeclaredIndicator = { readonly type: string } & AddIndicatorOptions;

interface HookOptions {
  /** A session with its day started (a TestSession, or any Session whose coordinator started a day). */
  readonly session: Session;
  /** The scanner's universe for the day. */
  readonly universe: readonly string[];
  /** The YAML `config:` block, parsed through the plugin's configSchema (default `{}`: its defaults). */
  readonly config?: unknown;
  /** The configured scanner name (default: the plugin's name). */
  readonly scanner?: string;
  /** Default `backtest`. */
  readonly mode?: "backtest" | "live";
}

export interface SetupHookOptions extends HookOptions {
  readonly hook: "setup";
  /** The scanner's YAML `indicators:`: provisioned for every universe symbol before setup runs. */
  readonly indicators?: readonly DeclaredIndicator[];
}

export interface ScanHookOptions<State> extends HookOptions {
  readonly hook: "scan";
  /** What setup returned. */
  readonly state: State;
  /** The slot's kind (default: `pre_session` before the open, else `regular`). */
  readonly kind?: Exclude<HookKind, "setup" | "teardown">;
}

export interface TeardownHookOptions<State> extends HookOptions {
  readonly hook: "teardown";
  readonly state: State | undefined;
}

/** Runs setup now: returns its state, or `false` when it sits the day out. */
export function runHook<Config, State>(
  plugin: ScannerDefinition<Config, State>,
  options: SetupHookOptions,
): Promise<State | false | undefined>;
/** Runs a scan at the clock's instant; returns its result as a run journals it. */
export function runHook<Config, State>(
  plugin: ScannerDefinition<Config, State>,
  options: ScanHookOptions<State>,
): Promise<ScanResult>;
/** Runs teardown now. */
export function runHook<Config, State>(
  plugin: ScannerDefinition<Config, State>,
  options: TeardownHookOptions<State>,
): Promise<void>;
export async function runHook<Config, State>(
  plugin: ScannerDefinition<Config, State>,
  options: SetupHookOptions | ScanHookOptions<State> | TeardownHookOptions<State>,
): Promise<State | false | ScanResult | undefined> {
  const { session } = options;
  const trading = session.coordinator.currentSession;
  if (!trading) throw new UsageError("runHook needs a started trading day (coordinator.startDay)");
  const scanner = options.scanner ?? plugin.name;
  const config = parseConfig(plugin, options.config ?? {});
  const now = session.clock.now();
  const copies = new UniverseCopies();
  const parts = {
    scanner,
    sessionData: pluginSessionData(session.sessionData, copies),
    calendar: session.calendar,
    clock: session.clock,
    session: trading,
    mode: options.mode ?? "backtest",
    currentTime: now,
    config,
    universe: options.universe,
    copies,
    logger: session.logger,
  };
  switch (options.hook) {
    case "setup": {
      for (const symbol of options.universe) {
        for (const request of options.indicators ?? []) {
          await session.sessionData.addIndicator(symbol, request.type, request, scanner);
        }
      }
      if (!plugin.setup) return undefined;
      return plugin.setup(buildScanContext({ ...parts, hook: "setup", state: undefined }));
    }
    case "scan": {
      const hook = options.kind ?? (now < trading.openAt ? "pre_session" : "regular");
      return checkScanResult(await plugin.scan(buildScanContext({ ...parts, hook, state: options.state })));
    }
    case "teardown": {
      await plugin.teardown?.(buildScanContext({ ...parts, hook: "teardown", state: options.state }));
      return undefined;
    }
  }
}

function parseConfig<Config, State>(plugin: ScannerDefinition<Config, State>, raw: unknown): Config {
  if (!plugin.configSchema) return raw as Config;
  const parsed = plugin.configSchema.safeParse(raw);
  if (parsed.success) return parsed.data;
  throw new ConfigError(
    `config does not fit plugin "${plugin.name}": ${formatZodIssues(parsed.error.issues)}`,
  );
}
