// The shapes of alerts as the scanner layer plans and journals them: the notify policy of a
// scanner (what the config's `notify:` block becomes), the payload a channel delivers, and an
// outbox row as read back. Times are epoch ms; texts are rendered when the alert is journaled, so
// a backtest shows exactly what a live day would have sent.

export const ALERT_RULES = ["new", "every", "changes"] as const;
export type AlertRule = (typeof ALERT_RULES)[number];

/**
 * `pending`: journaled, not yet acknowledged by its channel. `sent`: acknowledged (never sent
 * again). `failed`: given up after the configured attempts (or refused for good by the endpoint).
 * `recorded`: a backtest's alert, journaled and not sent.
 */
export const ALERT_STATUSES = ["pending", "sent", "failed", "recorded"] as const;
export type AlertStatus = (typeof ALERT_STATUSES)[number];

/** A daily period without alerts, in minutes since the exchange's local midnight; `end` may be below `start`. */
export interface QuietPeriod {
  readonly startMinute: number;
  readonly endMinute: number;
}

/** When and what a scanner alerts, and to which of its channels (by name). */
export interface NotifyPolicy {
  readonly rule: AlertRule;
  /** A symbol is alerted again by this scanner at the earliest this long after (same day). */
  readonly minIntervalMs: number;
  readonly quietHours: readonly QuietPeriod[];
  /** Text template (see alert-text.ts for the placeholders). */
  readonly template: string;
  readonly channels: readonly string[];
}

/** A symbol of an alert with the values the plugin put in its metadata for it (`null` if none). */
export interface AlertSymbol {
  readonly symbol: string;
  readonly values: unknown;
}

/** What a channel delivers: the webhook and command channels send it whole, as JSON. */
export interface AlertPayload {
  /** The idempotency key: the same alert always has the same key, on every attempt and restart. */
  readonly id: string;
  readonly session: string;
  readonly run: number;
  readonly scanner: string;
  readonly kind: string;
  readonly sessionDate: string;
  /** The slot, ISO 8601 with the exchange's offset. */
  readonly scheduledAt: string;
  readonly rule: AlertRule;
  readonly channel: string;
  /** The symbols alerted (new ones, every hit, or those that entered), with their metadata values. */
  readonly symbols: readonly AlertSymbol[];
  /** Symbols that left since the previous slot (`changes` only; else empty). */
  readonly left: readonly string[];
  /** Every result symbol of the slot. */
  readonly hits: readonly string[];
  /** The rendered template. */
  readonly text: string;
}

/** An outbox row as read back. */
export interface AlertRow {
  /** Row id: the outbox order. */
  readonly id: number;
  readonly run: number;
  readonly scanner: string;
  readonly kind: string;
  readonly sessionDate: string;
  readonly scheduledAt: number;
  readonly channel: string;
  readonly key: string;
  readonly status: AlertStatus;
  readonly attempts: number;
  readonly nextAttemptAt: number | null;
  readonly lastError: string | null;
  readonly sentAt: number | null;
  readonly payload: AlertPayload;
}

/** One scanner's alerts in a run, by status. */
export interface AlertCounts {
  readonly scanner: string;
  readonly pending: number;
  readonly sent: number;
  readonly failed: number;
  readonly recorded: number;
}
