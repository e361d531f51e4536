// The logging port. Services log through it; the CLI plugs in a structured (pino) or console
// logger, tests plug in a recorder, and the default is silence.

export type LogFields = Readonly<Record<string, unknown>>;

export interface Logger {
  debug(message: string, fields?: LogFields): void;
  info(message: string, fields?: LogFields): void;
  warn(message: string, fields?: LogFields): void;
  error(message: string, fields?: LogFields): void;
}

export const silentLogger: Logger = Object.freeze({
  debug: () => {},
  info: () => {},
  warn: () => {},
  error: () => {},
});

export interface LogRecord {
  readonly level: "debug" | "info" | "warn" | "error";
  readonly message: string;
  readonly fields: LogFields | undefined;
}

/** A logger that keeps every record, for tests and for summaries. */
export class RecordingLogger implements Logger {
  readonly records: LogRecord[] = [];
  debug(message: string, fields?: LogFields): void {
    this.records.push({ level: "debug", message, fields });
  }
  info(message: string, fields?: LogFields): void {
    this.records.push({ level: "info", message, fields });
  }
  warn(message: string, fields?: LogFields): void {
    this.records.push({ level: "warn", message, fields });
  }
  error(message: string, fields?: LogFields): void {
    this.records.push({ level: "error", message, fields });
  }
  messages(level?: LogRecord["level"]): string[] {
    return this.records
      .filter((record) => level === undefined || record.level === level)
      .map((record) => record.message);
  }
}
