// When the next attempt of a failed alert is due: the endpoint's Retry-After when it gave one
// (seconds, or an HTTP date), else exponential backoff (the first wait, doubled per further
// failed attempt, capped).

import type { RetryPolicy } from "../config/notify-resolve.js";

/** Longest Retry-After honoured; a longer one (or a date far ahead) waits this long. */
export const MAX_RETRY_AFTER_MS = 6 * 60 * 60 * 1000;

/** The wait after failed attempt number `attempt` (1-based). */
export function backoffDelayMs(attempt: number, retry: RetryPolicy): number {
  return Math.min(retry.maxBackoffMs, retry.backoffMs * 2 ** (attempt - 1));
}

/** Milliseconds a Retry-After value asks to wait from `now`; `undefined` when it is not readable. */
export function retryAfterMs(value: string | undefined, now: number): number | undefined {
  if (value === undefined) return undefined;
  const text = value.trim();
  if (/^\d+(\.\d+)?$/.test(text)) return Math.min(MAX_RETRY_AFTER_MS, Math.round(Number(text) * 1000));
  const date = Date.parse(text);
  if (Number.isNaN(date)) return undefined;
  return Math.min(MAX_RETRY_AFTER_MS, Math.max(0, date - now));
}
