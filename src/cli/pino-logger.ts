// The CLI's Logger: the project's logging port (core/logger.ts) written as structured JSON lines by
// pino, one object per line, to a stream (stderr: stdout stays for command output). Timestamps come
// from a Clock the caller passes (the WallClock), so pino never reads the system time itself.
// pino (about 50 ms of start-up) is loaded by the first line at an enabled level, not by every
// command that could log: a run at the default level usually writes none. The package is CommonJS,
// so Node's require loads it synchronously then.

import { createRequire } from "node:module";
import type { Logger as Pino } from "pino";
import type { LogFields, Logger } from "../core/logger.js";
import type { Clock } from "../time/clock.js";

export const LOG_LEVELS = ["debug", "info", "warn", "error", "silent"] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export interface PinoLoggerOptions {
  /** Least severe level written; `silent` writes nothing. */
  readonly level: LogLevel;
  /** Where the lines go (`process.stderr` in the CLI). */
  readonly destination: { write(line: string): unknown };
  /** What the `time` field reads (ISO 8601, UTC): the WallClock, or a backtest's session clock. */
  readonly clock: Pick<Clock, "now">;
  /** Fields on every line (e.g. the command and the session name). */
  readonly bindings?: LogFields;
}

/** `{"level":"info","time":"2024-12-02T14:35:00.012Z","cmd":"daemon","scanner":"gap","msg":"scan",…}`. */
export function createPinoLogger(options: PinoLoggerOptions): Logger {
  const { clock, destination } = options;
  const bindings = options.bindings ? { ...options.bindings } : null;
  let logger: Pino | undefined;
  const pinoLogger = (): Pino =>
    (requireHere("pino") as typeof import("pino").pino)(
      {
        level: options.level,
        base: bindings,
        timestamp: () => `,"time":"${new Date(clock.now()).toISOString()}"`,
        formatters: { level: (label) => ({ level: label }) },
      },
      { write: (line: string) => void destination.write(line) },
    );
  const least = LEVEL_RANKS[options.level];
  const writer =
    (level: Exclude<LogLevel, "silent">) =>
    (message: string, fields?: LogFields): void => {
      // pino's own rule: a line is written from the logger's level up.
      if (LEVEL_RANKS[level] < least) return;
      logger ??= pinoLogger();
      logger[level]({ ...fields }, message);
    };
  return { debug: writer("debug"), info: writer("info"), warn: writer("warn"), error: writer("error") };
}

const requireHere = createRequire(import.meta.url);

/** pino's level values. */
const LEVEL_RANKS: Readonly<Record<LogLevel, number>> = {
  debug: 20,
  info: 30,
  warn: 40,
  error: 50,
  silent: Number.POSITIVE_INFINITY,
};
