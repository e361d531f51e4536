// The CLI's Logger: the project's logging port (core/logger.ts) written as structured JSON lines by
// pino, one object per line, to a stream (stderr: stdout stays for command output). Timestamps come
// from a Clock the caller passes (the WallClock), so pino never reads the system time itself.

import pino from "pino";
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
  const logger = pino(
    {
      level: options.level,
      base: options.bindings ? { ...options.bindings } : null,
      timestamp: () => `,"time":"${new Date(clock.now()).toISOString()}"`,
      formatters: { level: (label) => ({ level: label }) },
    },
    { write: (line: string) => void destination.write(line) },
  );
  const fieldsOf = (fields: LogFields | undefined): Record<string, unknown> => ({ ...fields });
  return {
    debug: (message, fields) => logger.debug(fieldsOf(fields), message),
    info: (message, fields) => logger.info(fieldsOf(fields), message),
    warn: (message, fields) => logger.warn(fieldsOf(fields), message),
    error: (message, fields) => logger.error(fieldsOf(fields), message),
  };
}
