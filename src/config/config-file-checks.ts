// The checks a schema cannot make: files a config names (plugins, universe files, calendar overrides)
// and indicator types and parameters (against the indicator registry). They run on the raw YAML data,
// value by value, wherever the schema found nothing wrong, so one load reports every problem.

import { statSync } from "node:fs";
import { CalendarError, IndicatorError, UniverseError } from "../core/errors.js";
import { MAX_UNIVERSE_BYTES, readTextFile } from "../core/text-file.js";
import { parseUniverse, type Universe } from "../core/universe.js";
import type { IndicatorRegistry } from "../indicators/indicator-registry.js";
import { resolveIndicatorSpec } from "../indicators/indicator-spec.js";
import { type CalendarOverrides, loadCalendarOverrides } from "../time/calendar-overrides.js";
import { isMarketCode, marketDefinition } from "../time/markets/index.js";
import { resolveConfigPath } from "./config-paths.js";

export interface FileCheckContext {
  /** The config file's folder. */
  readonly baseDir: string;
  readonly registry: IndicatorRegistry;
  /** Whether the schema reported nothing at or under `path` (only such values are checked further). */
  isClean(path: readonly PropertyKey[]): boolean;
  report(path: readonly PropertyKey[], message: string): void;
}

export interface FileCheckResults {
  /** Universe files read, by scanner index. */
  readonly universes: ReadonlyMap<number, Universe>;
  readonly calendarOverrides: CalendarOverrides;
}

export function checkConfigFiles(data: unknown, context: FileCheckContext): FileCheckResults {
  const calendarOverrides = checkCalendarOverrides(
    field(data, "calendar_overrides"),
    field(data, "exchange"),
    context,
  );
  const sessionData = field(data, "session_data");
  checkIndicators(field(sessionData, "indicators"), ["session_data", "indicators"], context);
  const universes = new Map<number, Universe>();
  // Scanners often share one universe file: each file (as written) is read and parsed once a load.
  const universeReads = new Map<string, UniverseRead>();
  const scanners = field(sessionData, "scanners");
  if (Array.isArray(scanners)) {
    scanners.forEach((entry: unknown, index) => {
      const path = ["session_data", "scanners", index];
      checkIndicators(field(entry, "indicators"), [...path, "indicators"], context);
      if (field(entry, "enabled") === false) return;
      checkPlugin(field(entry, "plugin"), [...path, "plugin"], context);
      const universe = readUniverse(field(entry, "universe"), [...path, "universe"], context, universeReads);
      if (universe) universes.set(index, universe);
    });
  }
  return { universes, calendarOverrides };
}

function checkPlugin(plugin: unknown, path: readonly PropertyKey[], context: FileCheckContext): void {
  if (typeof plugin !== "string" || !context.isClean(path)) return;
  const written = plugin.trim();
  try {
    if (!statSync(resolveConfigPath(context.baseDir, written)).isFile()) {
      context.report(path, `plugin ${written} is not a file`);
    }
  } catch (error) {
    context.report(path, `plugin file ${written} ${fileErrorReason(error)}`);
  }
}

/** What one universe file gave: its symbols and warnings, or the problems it was reported with. */
interface UniverseRead {
  readonly universe?: Universe;
  readonly problems: readonly string[];
}

/**
 * The universe file of one scanner entry. `reads` holds what each file written the same way gave
 * earlier in this load: the same symbols (a copy per entry) and warnings, or the same problems
 * reported again at this entry.
 */
function readUniverse(
  universe: unknown,
  path: readonly PropertyKey[],
  context: FileCheckContext,
  reads: Map<string, UniverseRead>,
): Universe | undefined {
  if (typeof universe !== "string" || !context.isClean(path)) return undefined;
  const written = universe.trim();
  const file = resolveConfigPath(context.baseDir, written);
  const key = `${file}\n${written}`;
  let read = reads.get(key);
  if (read === undefined) {
    read = readUniverseFile(file, written);
    reads.set(key, read);
  }
  for (const message of read.problems) context.report(path, message);
  return read.universe && { symbols: [...read.universe.symbols], warnings: [...read.universe.warnings] };
}

function readUniverseFile(file: string, written: string): UniverseRead {
  const read = readTextFile(file, MAX_UNIVERSE_BYTES);
  if (read.text === undefined) return { problems: [`Universe file ${written} ${read.reason}`] };
  try {
    return { universe: parseUniverse(read.text, written), problems: [] };
  } catch (error) {
    if (!(error instanceof UniverseError)) throw error;
    return { problems: [error.message] };
  }
}

/** The overrides file, checked against the session's exchange (the NYSE when the config names none). */
function checkCalendarOverrides(
  overrides: unknown,
  exchange: unknown,
  context: FileCheckContext,
): CalendarOverrides {
  const path = ["calendar_overrides"];
  if (typeof overrides !== "string" || !context.isClean(path)) return {};
  const code = exchange === undefined ? "XNYS" : exchange;
  if (typeof code !== "string" || !isMarketCode(code)) return {}; // the schema reports the exchange
  try {
    return loadCalendarOverrides(overrides.trim(), { cwd: context.baseDir, market: marketDefinition(code) });
  } catch (error) {
    if (!(error instanceof CalendarError)) throw error;
    for (const line of error.message.split("\n")) context.report(path, line);
    return {};
  }
}

function checkIndicators(requests: unknown, path: readonly PropertyKey[], context: FileCheckContext): void {
  if (!Array.isArray(requests)) return;
  requests.forEach((request: unknown, index) => {
    const requestPath = [...path, index];
    if (!context.isClean(requestPath)) return;
    const type = field(request, "type") as string;
    if (!context.registry.has(type)) {
      context.report(
        [...requestPath, "type"],
        `unknown indicator ${JSON.stringify(type)}; known indicators: ${context.registry.names().join(", ")}`,
      );
      return;
    }
    try {
      resolveIndicatorSpec(context.registry, type, {
        period: field(request, "period") as number | undefined,
        interval: field(request, "interval") as string,
        params: field(request, "params") as Readonly<Record<string, unknown>> | undefined,
      });
    } catch (error) {
      if (!(error instanceof IndicatorError)) throw error;
      const inner = error.location?.path?.split(".") ?? [];
      context.report([...requestPath, ...inner], error.message);
    }
  });
}

function field(value: unknown, key: string): unknown {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return undefined;
  return (value as Record<string, unknown>)[key];
}

function fileErrorReason(error: unknown): string {
  switch ((error as NodeJS.ErrnoException).code) {
    case "ENOENT":
      return "does not exist";
    case "EISDIR":
      return "is a folder, not a file";
    default:
      return `cannot be read (${error instanceof Error ? error.message : String(error)})`;
  }
}
