// The one error hierarchy of scanwright: every failure a user can cause carries a stable `code`
// to branch on, a message that quotes the offending value, and where it came from.

export type ErrorCode =
  | "SCN_ERR_INTERVAL"
  | "SCN_ERR_SYMBOL"
  | "SCN_ERR_UNIVERSE"
  | "SCN_ERR_CALENDAR"
  | "SCN_ERR_CLOCK"
  | "SCN_ERR_DATA"
  | "SCN_ERR_IMPORT"
  | "SCN_ERR_STORE"
  | "SCN_ERR_INDICATOR"
  | "SCN_ERR_SESSION"
  | "SCN_ERR_CONFIG"
  | "SCN_ERR_PLUGIN"
  | "SCN_ERR_PLUGIN_HOOK"
  | "SCN_ERR_SCHEDULE"
  | "SCN_ERR_USAGE"
  | "SCN_ERR_REQUEST"
  | "SCN_ERR_ALERT"
  | "SCN_ERR_FEED"
  | "SCN_ERR_CLUSTER";

/** Where a problem sits: a file (and line/column), or a path inside a config or parameter object. */
export interface ErrorLocation {
  readonly file?: string;
  readonly line?: number;
  readonly column?: number;
  readonly path?: string;
}

export interface ScanwrightErrorOptions {
  readonly cause?: unknown;
  readonly location?: ErrorLocation;
}

/**
 * The brand every ScanwrightError carries, under a registry symbol: the same key in every copy of
 * the package a process may hold (an installed copy beside a linked one, a bundler's duplicate), so
 * `isScanwrightError` answers by the brand and not by which copy's class made the error.
 */
export const SCANWRIGHT_ERROR_BRAND: unique symbol = Symbol.for("scanwright.error");

export class ScanwrightError extends Error {
  readonly [SCANWRIGHT_ERROR_BRAND] = true;
  readonly code: ErrorCode;
  readonly location: ErrorLocation | undefined;

  constructor(code: ErrorCode, message: string, options: ScanwrightErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.code = code;
    this.location = options.location;
  }
}

/** A value that is not a valid interval (`5x`, `0m`, `1.5m`). */
export class IntervalError extends ScanwrightError {
  constructor(message: string, options?: ScanwrightErrorOptions) {
    super("SCN_ERR_INTERVAL", message, options);
  }
}

/** A symbol that is empty, too long or has characters outside `A-Z0-9.-`. */
export class SymbolError extends ScanwrightError {
  constructor(message: string, options?: ScanwrightErrorOptions) {
    super("SCN_ERR_SYMBOL", message, options);
  }
}

/** A universe file that is missing, empty or malformed. */
export class UniverseError extends ScanwrightError {
  constructor(message: string, options?: ScanwrightErrorOptions) {
    super("SCN_ERR_UNIVERSE", message, options);
  }
}

/** A date outside the calendar's range, a bad calendar override, a non-trading day where one is needed. */
export class CalendarError extends ScanwrightError {
  constructor(message: string, options?: ScanwrightErrorOptions) {
    super("SCN_ERR_CALENDAR", message, options);
  }
}

/** A clock used the wrong way (time moving backwards, a timer in the past). */
export class ClockError extends ScanwrightError {
  constructor(message: string, options?: ScanwrightErrorOptions) {
    super("SCN_ERR_CLOCK", message, options);
  }
}

/** Bars that break an invariant (high < low, non-finite price, out of order) or data that is missing. */
export class DataError extends ScanwrightError {
  constructor(message: string, options?: ScanwrightErrorOptions) {
    super("SCN_ERR_DATA", message, options);
  }
}

/** One problem with one line of an imported file. */
export interface ImportProblem {
  readonly line: number;
  readonly reason: string;
}

/** A CSV import that was refused; `problems` lists every bad line (1-based, header is line 1). */
export class ImportError extends ScanwrightError {
  readonly problems: readonly ImportProblem[];

  constructor(message: string, problems: readonly ImportProblem[] = [], options?: ScanwrightErrorOptions) {
    super("SCN_ERR_IMPORT", message, options);
    this.problems = problems;
  }
}

/** The bar store cannot be opened, read or written. */
export class StoreError extends ScanwrightError {
  constructor(message: string, options?: ScanwrightErrorOptions) {
    super("SCN_ERR_STORE", message, options);
  }
}

/** An unknown indicator, a bad indicator parameter, or a bar fed out of order. */
export class IndicatorError extends ScanwrightError {
  constructor(message: string, options?: ScanwrightErrorOptions) {
    super("SCN_ERR_INDICATOR", message, options);
  }
}

/** A session API used with bad arguments or in the wrong state. */
export class SessionError extends ScanwrightError {
  constructor(message: string, options?: ScanwrightErrorOptions) {
    super("SCN_ERR_SESSION", message, options);
  }
}

/** A session config that does not validate. */
export class ConfigError extends ScanwrightError {
  constructor(message: string, options?: ScanwrightErrorOptions) {
    super("SCN_ERR_CONFIG", message, options);
  }
}

/** A scanner schedule that cannot be evaluated (bad cron expression, non-minute window interval). */
export class ScheduleError extends ScanwrightError {
  constructor(message: string, options?: ScanwrightErrorOptions) {
    super("SCN_ERR_SCHEDULE", message, options);
  }
}

/** A scanner plugin that cannot be loaded: missing file, wrong export, missing `scan`, bad config. */
export class PluginError extends ScanwrightError {
  constructor(message: string, options?: ScanwrightErrorOptions) {
    super("SCN_ERR_PLUGIN", message, options);
  }
}

/** A plugin hook that threw, timed out or returned something that is not a valid result. */
export class PluginHookError extends ScanwrightError {
  constructor(message: string, options?: ScanwrightErrorOptions) {
    super("SCN_ERR_PLUGIN_HOOK", message, options);
  }
}

/** Bad command-line usage (missing argument, bad flag value). */
export class UsageError extends ScanwrightError {
  constructor(message: string, options?: ScanwrightErrorOptions) {
    super("SCN_ERR_USAGE", message, options);
  }
}

/** A bad request to the dashboard's HTTP API (`scanwright serve`), with the HTTP status it answers. */
export class RequestError extends ScanwrightError {
  readonly status: 400 | 401 | 403 | 404 | 405;

  constructor(status: 400 | 401 | 403 | 404 | 405, message: string, options?: ScanwrightErrorOptions) {
    super("SCN_ERR_REQUEST", message, options);
    this.status = status;
  }
}

/**
 * A failed alert delivery. `retryable`: worth another attempt (network error, timeout, 429, 5xx);
 * else the endpoint refused it for good. `retryAfter`: the endpoint's `Retry-After` (header value
 * or seconds). Messages never hold a secret (channels redact tokens and URLs that carry one).
 */
export class AlertError extends ScanwrightError {
  readonly retryable: boolean;
  readonly retryAfter: string | undefined;

  constructor(
    message: string,
    options: ScanwrightErrorOptions & { retryable: boolean; retryAfter?: string },
  ) {
    super("SCN_ERR_ALERT", message, options);
    this.retryable = options.retryable;
    this.retryAfter = options.retryAfter;
  }
}

/** A cluster failure: Redis unreachable or refused, a job that failed for good, a lost lease. */
export class ClusterError extends ScanwrightError {
  constructor(message: string, options?: ScanwrightErrorOptions) {
    super("SCN_ERR_CLUSTER", message, options);
  }
}

/**
 * A journal write refused by the journal's database: the run was claimed with a higher fencing
 * token (a newer HA leader) than the one this write carries. Nothing of the write was stored.
 */
export class FencedWriteError extends ClusterError {
  constructor(
    message: string,
    readonly runId: number,
    readonly token: number,
    readonly storedToken: number,
    options?: ScanwrightErrorOptions,
  ) {
    super(message, options);
  }
}

/** Why a vendor feed failed: what the caller branches on (with the code `SCN_ERR_FEED`). */
export type FeedFailure =
  | "auth"
  | "credentials_missing"
  | "unknown_symbol"
  | "rate_limit"
  | "connection_limit"
  | "symbol_limit"
  | "subscription"
  | "protocol"
  | "unavailable";

/**
 * A vendor feed (stream or REST) that failed. `reason` says which way; `vendorCode` is the vendor's
 * own code (Alpaca's 402, an HTTP status) when it gave one; `retryAfterMs` is a rate limit's wait.
 * Messages never hold a credential: they name the environment variable a secret came from.
 */
export class FeedError extends ScanwrightError {
  readonly reason: FeedFailure;
  readonly vendorCode: number | undefined;
  readonly retryAfterMs: number | undefined;

  constructor(
    reason: FeedFailure,
    message: string,
    options: ScanwrightErrorOptions & { vendorCode?: number; retryAfterMs?: number } = {},
  ) {
    super("SCN_ERR_FEED", message, options);
    this.reason = reason;
    this.vendorCode = options.vendorCode;
    this.retryAfterMs = options.retryAfterMs;
  }

  /** Worth trying again later (a rate limit, an unavailable server); the others need the user. */
  get isRetryable(): boolean {
    return this.reason === "rate_limit" || this.reason === "unavailable" || this.reason === "protocol";
  }
}

/** Formats a location as `file:line:column path` for messages. */
export function formatLocation(location: ErrorLocation | undefined): string {
  if (!location) return "";
  let text = location.file ?? "";
  if (location.file && location.line !== undefined) {
    text += `:${location.line}`;
    if (location.column !== undefined) text += `:${location.column}`;
  }
  if (location.path) text += text ? ` ${location.path}` : location.path;
  return text;
}

/**
 * True for an error of any copy of scanwright: it carries the brand and a `SCN_ERR_` code.
 * (`instanceof ScanwrightError` asks for this copy's class in particular.)
 */
export function isScanwrightError(error: unknown): error is ScanwrightError {
  return (
    error instanceof Error &&
    (error as unknown as Record<symbol, unknown>)[SCANWRIGHT_ERROR_BRAND] === true &&
    typeof (error as { code?: unknown }).code === "string" &&
    (error as unknown as { code: string }).code.startsWith("SCN_ERR_")
  );
}

/**
 * A value as an error message quotes it: JSON where JSON can say it, else a plain description.
 * Never throws (JSON.stringify does on a bigint or a cycle), so an error path cannot itself fail.
 */
export function quoteValue(value: unknown): string {
  if (typeof value === "bigint") return `${value}n`;
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return Object.prototype.toString.call(value);
  }
}
