// Loads scanner plugins: `.js`/`.mjs` and `.ts`/`.mts` (compiled by tsx, no build step) alike
// through Node's import, under the plugin module hooks (plugin-module-hooks.ts): a plugin's
// `scanwright` is the engine's own module, and no tsconfig.json of the working directory applies
// (tsx is registered with the first TypeScript plugin, not for compiled ones). A compiled plugin
// for which Node's own resolution already gives the engine's modules (plugin-engine-resolution.ts:
// a plugin inside the package, or in a project that installed this very copy) loads without them.
// Checks the default export's shape and validates the scanner's `config:` block against the
// plugin's zod schema, so a wrong export, a missing `scan` or a bad config is a coded error naming
// the plugin file and the config entry.
// Loading has a time limit (a top-level `await` that never settles): a plugin past it is not an
// error of the whole run but a scanner that sits out (`loadFailure`, journaled as its setup's
// `timeout`), like any other hook past its limit.

import { existsSync } from "node:fs";
import { pathToFileURL } from "node:url";
import type { z } from "zod";
import { ConfigError, PluginError } from "../core/errors.js";
import { formatZodIssues } from "../core/zod-issues.js";
import type { Clock } from "../time/clock.js";
import { WallClock } from "../time/wall-clock.js";
import type { ScannerDefinition } from "./define-scanner.js";
import { type AbandonedHook, type HookWatch, isAbandoned } from "./hook-watch.js";
import { nodeResolvesToEngine } from "./plugin-engine-resolution.js";
import { type EngineModules, pluginLanguage, registerPluginModuleHooks } from "./plugin-module-hooks.js";
import type { ScannerSpec } from "./scanner-spec.js";

export interface LoadedScanner {
  readonly spec: ScannerSpec;
  readonly definition: ScannerDefinition;
  /** The `config:` block as the plugin's schema parsed it (or as written, without a schema). */
  readonly config: unknown;
  /** Why the module is not loaded (it ran past its load limit); its hooks are never called. */
  readonly loadFailure?: string;
}

/** Compiling a TypeScript plugin takes time of its own: loading gets at least this long. */
export const MIN_LOAD_LIMIT_MS = 10_000;

export interface LoadOptions {
  /** Real-time clock for the load limit (default: a WallClock of its own). */
  readonly watchdog?: Clock;
  /** Told of the import while it runs (a supervisor watches for a module that blocks its thread). */
  readonly watch?: HookWatch;
  /** Loads an earlier session's supervisor terminated: not tried again. */
  readonly abandoned?: readonly AbandonedHook[];
}

/** How long loading `spec`'s module may take: its hook limit, and at least MIN_LOAD_LIMIT_MS. */
export function loadLimitMs(spec: ScannerSpec): number {
  // Embedders may hand a spec of their own without a limit (only `plugin` is needed to load).
  return Number.isFinite(spec.timeout_ms) ? Math.max(spec.timeout_ms, MIN_LOAD_LIMIT_MS) : MIN_LOAD_LIMIT_MS;
}

/**
 * The package's entry points, as the engine runs them: the `index.js` files beside this module
 * (dist/ when built), or the `index.ts` ones when the engine itself runs from its TypeScript
 * sources (under tsx). URLs, not imports: the entry sits above this layer, and a plugin's import
 * of it re-exports the very modules the engine already runs.
 */
function engineModules(): EngineModules {
  const entry = (path: string): string => {
    const built = new URL(`${path}.js`, import.meta.url);
    const source = new URL(`${path}.ts`, import.meta.url);
    return (existsSync(built) || !existsSync(source) ? built : source).href;
  };
  return { scanwright: entry("../index"), "scanwright/testing": entry("../testing/index") };
}

/** Loads the plugin of `spec` (its module, its default export, its `config:`). */
export function loadScanner(spec: ScannerSpec): Promise<LoadedScanner> {
  return loadScannerWith(spec, {});
}

/** loadScanner with a watchdog, a supervisor's watch, and the loads a supervisor terminated. */
export async function loadScannerWith(spec: ScannerSpec, options: LoadOptions): Promise<LoadedScanner> {
  const where = `${spec.plugin} (${spec.source})`;
  if (!existsSync(spec.plugin)) throw new PluginError(`Plugin file ${where} does not exist`);
  const limitMs = loadLimitMs(spec);
  const identity = { scanner: spec.name, kind: "load", sessionDate: "", scheduledAt: 0 } as const;
  const cut = isAbandoned(options.abandoned ?? [], identity);
  if (cut) {
    return notLoaded(
      spec,
      `loading the plugin did not finish within ${limitMs} ms: it blocked its thread and was terminated`,
    );
  }
  let module: { default?: unknown } | undefined;
  const ownWatchdog = options.watchdog ? undefined : new WallClock();
  const watchdog = options.watchdog ?? (ownWatchdog as WallClock);
  options.watch?.begin({ ...identity, limitMs, universeSize: spec.universe?.length ?? 0 });
  try {
    const engine = engineModules();
    // The engine's entry is loaded on this thread before the first plugin's hooks exist: a plugin's
    // import of it is then one resolve through the hooks thread, not a round trip per module.
    await import(engine.scanwright);
    const language = pluginLanguage(spec.plugin);
    // A compiled plugin whose own `scanwright` already is the engine's needs no hooks (nor their thread).
    if (language === "typescript" || !nodeResolvesToEngine(spec.plugin, engine)) {
      await registerPluginModuleHooks(engine, language);
    }
    module = await withinLimit(import(pathToFileURL(spec.plugin).href), limitMs, watchdog);
  } catch (error) {
    throw new PluginError(
      `Plugin ${where} failed to load: ${error instanceof Error ? error.message : String(error)}`,
      {
        cause: error,
      },
    );
  } finally {
    options.watch?.end();
    ownWatchdog?.cancelAll();
  }
  if (module === undefined) {
    return notLoaded(spec, `loading the plugin did not finish within ${limitMs} ms`);
  }
  // A plugin compiled to CommonJS (tsc's output: a .js file in a CommonJS package) comes back as
  // `{ default: { __esModule: true, default: definition } }`.
  const exported =
    (module.default as { __esModule?: unknown } | undefined)?.__esModule === true
      ? (module.default as { default?: unknown }).default
      : module.default;
  const definition = checkDefinition(exported, where);
  return { spec, definition, config: parseConfig(definition, spec) };
}

/** The import, or `undefined` once `limitMs` has passed (the import is left to itself). */
function withinLimit<T>(work: Promise<T>, limitMs: number, watchdog: Clock): Promise<T | undefined> {
  return new Promise<T | undefined>((resolve, reject) => {
    const timer = watchdog.setTimer(watchdog.now() + limitMs, () => resolve(undefined), "plugin load limit");
    work.then(
      (value) => {
        watchdog.cancelTimer(timer);
        resolve(value);
      },
      (error: unknown) => {
        watchdog.cancelTimer(timer);
        reject(error);
      },
    );
  });
}

/** A scanner whose module is not loaded: the manager journals `failure` and never calls a hook. */
function notLoaded(spec: ScannerSpec, failure: string): LoadedScanner {
  const definition: ScannerDefinition = { name: spec.name, scan: () => ({ symbols: [] }) };
  return { spec, definition, config: spec.config, loadFailure: failure };
}

function checkDefinition(candidate: unknown, where: string): ScannerDefinition {
  if (typeof candidate !== "object" || candidate === null) {
    throw new PluginError(
      `Plugin ${where} must default-export defineScanner({...}), got ${describe(candidate)}`,
    );
  }
  const definition = candidate as Record<string, unknown>;
  if (typeof definition.name !== "string" || definition.name.trim() === "") {
    throw new PluginError(`Plugin ${where} has no name (defineScanner({ name: "…", … }))`);
  }
  if (typeof definition.scan !== "function") {
    throw new PluginError(`Plugin ${where} has no scan function`);
  }
  for (const hook of ["setup", "teardown"] as const) {
    if (definition[hook] !== undefined && typeof definition[hook] !== "function") {
      throw new PluginError(`Plugin ${where}: ${hook} must be a function, got ${describe(definition[hook])}`);
    }
  }
  const schema = definition.configSchema;
  if (
    schema !== undefined &&
    (typeof schema !== "object" || schema === null || typeof (schema as z.ZodType).safeParse !== "function")
  ) {
    throw new PluginError(`Plugin ${where}: configSchema must be a zod schema`);
  }
  return candidate as ScannerDefinition;
}

function parseConfig(definition: ScannerDefinition, spec: ScannerSpec): unknown {
  if (!definition.configSchema) return spec.config;
  const parsed = definition.configSchema.safeParse(spec.config);
  if (parsed.success) return parsed.data;
  throw new ConfigError(
    `${spec.source}.config does not fit plugin "${definition.name}" (${spec.plugin}): ${formatZodIssues(parsed.error.issues)}`,
    { cause: parsed.error, location: { path: `${spec.source}.config` } },
  );
}

function describe(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  return typeof value === "function" ? "a function" : typeof value;
}
