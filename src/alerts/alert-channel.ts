// The contract of a delivery channel: `send` resolves once the endpoint acknowledged the alert and
// throws an AlertError otherwise (retryable or not, with the endpoint's Retry-After). A channel
// instance is shared by every scanner configured with the same settings, so its rate limit holds
// for the endpoint, not per scanner.

import type { AlertPayload } from "../scanners/alert-types.js";
import type { RateLimiter } from "./rate-limiter.js";

export interface AlertChannel {
  /** What logs and errors call it: `slack (SLACK_WEBHOOK_URL)`, never a secret. */
  readonly label: string;
  readonly timeoutMs: number;
  readonly limiter: RateLimiter;
  /** Delivers `alert`; `signal` aborts the attempt (the dispatcher stopping). */
  send(alert: AlertPayload, signal?: AbortSignal): Promise<void>;
}

export const DEFAULT_TIMEOUT_MS = 10_000;

/** Replaces every secret value in `text` by `***` (error texts of libraries may quote them). */
export function redact(text: string, secrets: readonly string[]): string {
  let clean = text;
  for (const secret of secrets) {
    if (secret.length >= 4) clean = clean.split(secret).join("***");
  }
  return clean;
}
