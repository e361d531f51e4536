// Loads a YAML session config: parses the text, validates it against the schema, checks the files
// and indicators it names, and reports every problem at once as one `ConfigErrors`, each problem
// with file, line, column and config path. On success it returns the config with absolute paths and
// the `ScannerSpec` of every scanner entry.

import { dirname, resolve } from "node:path";
import { formatLocation } from "../core/errors.js";
import { MAX_CONFIG_BYTES, readTextFile } from "../core/text-file.js";
import { type ParsedYaml, type PositionTarget, parseYaml, positionOf } from "../core/yaml-positions.js";
import { describeConfigIssue, formatIssuePath, issueProblems } from "../core/zod-issues.js";
import type { IndicatorRegistry } from "../indicators/indicator-registry.js";
import { defaultIndicatorRegistry } from "../indicators/registry.js";
import type { ScannerSpec } from "../scanners/scanner-spec.js";
import type { CalendarOverrides } from "../time/calendar-overrides.js";
import { checkConfigFiles, type FileCheckResults } from "./config-file-checks.js";
import { resolveConfigPath } from "./config-paths.js";
import { ConfigErrors, type ConfigProblem, sortConfigProblems } from "./config-problem.js";
import { type ResolvedNotify, resolveNotify } from "./notify-resolve.js";
import type { ScannerConfig } from "./scanner-config.js";
import { toScannerSpec } from "./scanner-spec-from-config.js";
import { type SessionConfig, sessionConfigSchema } from "./session-config.js";

export interface LoadedSessionConfig {
  /** The config file as the caller named it. */
  readonly file: string;
  /** The validated config, every path in it absolute. */
  readonly config: SessionConfig;
  /** One spec per scanner entry, in config order (disabled ones included, with `enabled: false`). */
  readonly scanners: readonly ScannerSpec[];
  /** The calendar overrides file's content (empty when the config names none). */
  readonly calendarOverrides: CalendarOverrides;
  /** Things worth knowing that do not stop the config (dropped duplicate symbols, disabled scanners). */
  readonly warnings: readonly string[];
  /** The effective alerts of each alerting scanner, by scanner name (enabled or not). */
  readonly notify: ReadonlyMap<string, ResolvedNotify>;
  /**
   * Where the value at a config path (`["store"]`, `["session_data", "scanners", 0]`) is written in
   * the file (its key, with target `"key"`), for problems found after loading (a store that does
   * not exist, a plugin's config).
   */
  locate(path: readonly PropertyKey[], target?: PositionTarget): ConfigProblemLocation;
}

/** A config problem without its message: file, line, column and key path. */
export type ConfigProblemLocation = Omit<ConfigProblem, "message">;

export interface LoadSessionConfigOptions {
  /** Folder a relative config path is taken from (default: the process's working directory). */
  readonly cwd?: string;
  /** Registry indicator requests are checked against (default: the built-in catalog). */
  readonly registry?: IndicatorRegistry;
}

/** Reads and validates a session config file; every problem is thrown at once as a `ConfigErrors`. */
export function loadSessionConfig(path: string, options: LoadSessionConfigOptions = {}): LoadedSessionConfig {
  const absolute = resolve(options.cwd ?? process.cwd(), path);
  const read = readTextFile(absolute, MAX_CONFIG_BYTES);
  if (read.text === undefined) {
    throw new ConfigErrors([{ file: path, message: `config file ${read.reason}` }], { cause: read.cause });
  }
  return parseSessionConfigText(read.text, path, dirname(absolute), options);
}

/**
 * Validates a session config given as YAML text. `file` names it in messages; relative paths in it
 * are taken from `baseDir`.
 */
export function parseSessionConfigText(
  text: string,
  file: string,
  baseDir: string,
  options: Pick<LoadSessionConfigOptions, "registry"> = {},
): LoadedSessionConfig {
  const yaml = parseYaml(text);
  const problems = new ProblemList(file, yaml);
  for (const problem of yaml.problems) problems.addAt(problem, problem.path, problem.message);
  if (yaml.isMalformed) throw problems.toError();

  let data: unknown;
  try {
    data = yaml.data();
  } catch (error) {
    // An alias without its anchor, or too many aliases: the document cannot be turned into data.
    problems.add([], error instanceof Error ? error.message : String(error), "value");
    throw problems.toError(error);
  }

  const parsed = sessionConfigSchema.safeParse(data, { error: describeConfigIssue });
  const issues = parsed.success ? [] : parsed.error.issues;
  for (const issue of issues) {
    for (const problem of issueProblems(issue)) problems.add(problem.path, problem.message, problem.target);
  }
  const files = checkConfigFiles(data, {
    baseDir,
    registry: options.registry ?? defaultIndicatorRegistry(),
    isClean: (path) => !issues.some((issue) => startsWith(issue.path, path)),
    report: (path, message) => problems.add(path, message, "value"),
  });
  if (!parsed.success || problems.count > 0) throw problems.toError();

  const warnings = yaml.warnings.map(
    (warning) =>
      `${formatLocation({ file, line: warning.line, column: warning.column })}: ${warning.message}`,
  );
  return assemble(parsed.data, files, { file, baseDir, yaml, warnings });
}

interface AssemblyContext {
  readonly file: string;
  readonly baseDir: string;
  readonly yaml: ParsedYaml;
  readonly warnings: string[];
}

function assemble(
  config: SessionConfig,
  files: FileCheckResults,
  context: AssemblyContext,
): LoadedSessionConfig {
  const { baseDir } = context;
  const entries = config.session_data.scanners;
  const scanners = entries.map((entry, index) => scannerSpec(entry, index, files, context));
  const absolute = (path: string | undefined) =>
    path === undefined ? undefined : resolveConfigPath(baseDir, path);
  const locate = (at: readonly PropertyKey[]) => ({
    file: context.file,
    ...positionOf(context.yaml, at, "value"),
    path: formatIssuePath(at),
  });
  const notify = new Map<string, ResolvedNotify>();
  entries.forEach((entry, index) => {
    const resolved = resolveNotify(config.notify, entry.notify, ["session_data", "scanners", index], locate);
    if (resolved) notify.set(entry.name, resolved);
  });
  return {
    file: context.file,
    config: {
      ...config,
      store: absolute(config.store),
      journal: absolute(config.journal),
      calendar_overrides: absolute(config.calendar_overrides),
      session_data: {
        ...config.session_data,
        scanners: entries.map((entry) => ({
          ...entry,
          plugin: resolveConfigPath(baseDir, entry.plugin),
          universe:
            typeof entry.universe === "string" ? resolveConfigPath(baseDir, entry.universe) : entry.universe,
        })),
      },
    },
    scanners,
    calendarOverrides: files.calendarOverrides,
    warnings: context.warnings,
    notify,
    locate: (path, target = "value") => ({
      file: context.file,
      ...positionOf(context.yaml, path, target),
      path: formatIssuePath(path),
    }),
  };
}

function scannerSpec(
  entry: ScannerConfig,
  index: number,
  files: FileCheckResults,
  context: AssemblyContext,
): ScannerSpec {
  const path = ["session_data", "scanners", index];
  const where = (at: readonly PropertyKey[]) =>
    formatLocation({
      file: context.file,
      ...positionOf(context.yaml, at, "value"),
      path: formatIssuePath(at),
    });
  let universe: readonly string[];
  if (typeof entry.universe === "string") {
    const read = files.universes.get(index);
    universe = read?.symbols ?? [];
    for (const warning of read?.warnings ?? [])
      context.warnings.push(`${where([...path, "universe"])}: ${warning}`);
  } else {
    const firstIndex = new Map<string, number>();
    entry.universe.forEach((symbol, position) => {
      const first = firstIndex.get(symbol);
      if (first === undefined) firstIndex.set(symbol, position);
      else {
        context.warnings.push(
          `${where([...path, "universe", position])}: duplicate symbol ${JSON.stringify(symbol)} (first at universe[${first}]) dropped`,
        );
      }
    });
    universe = [...firstIndex.keys()];
  }
  if (!entry.enabled) {
    context.warnings.push(
      `${where(path)}: scanner ${JSON.stringify(entry.name)} is disabled; its plugin and universe were not checked`,
    );
  }
  return toScannerSpec(entry, {
    plugin: resolveConfigPath(context.baseDir, entry.plugin),
    universe,
    source: where(path),
  });
}

/** Problems of one load, located in the YAML source and sorted by position. */
class ProblemList {
  private readonly problems: ConfigProblem[] = [];

  constructor(
    private readonly file: string,
    private readonly yaml: ParsedYaml,
  ) {}

  get count(): number {
    return this.problems.length;
  }

  add(path: readonly PropertyKey[], message: string, target: PositionTarget): void {
    this.addAt(positionOf(this.yaml, path, target), path, message);
  }

  addAt(
    position: { readonly line: number; readonly column: number },
    path: readonly PropertyKey[] | undefined,
    message: string,
  ): void {
    const pathText = path === undefined ? "" : formatIssuePath(path);
    this.problems.push({
      file: this.file,
      line: position.line,
      column: position.column,
      ...(pathText === "" ? {} : { path: pathText }),
      message,
    });
  }

  toError(cause?: unknown): ConfigErrors {
    return new ConfigErrors(sortConfigProblems(this.problems), { cause });
  }
}

function startsWith(path: readonly PropertyKey[], prefix: readonly PropertyKey[]): boolean {
  return prefix.length <= path.length && prefix.every((segment, index) => path[index] === segment);
}
