// The generic webhook: the whole alert as JSON, POSTed with `Idempotency-Key: <key>` and, when a
// signing key is configured, `X-Scanwright-Signature: sha256=<hex>`, the HMAC-SHA256 of the exact
// body bytes under that key (a receiver recomputes it over the raw body before parsing).

import { createHmac } from "node:crypto";
import type { AlertPayload } from "../scanners/alert-types.js";
import type { AlertChannel } from "./alert-channel.js";
import { postJson } from "./http-post.js";
import type { RateLimiter } from "./rate-limiter.js";

export const SIGNATURE_HEADER = "x-scanwright-signature";
export const IDEMPOTENCY_HEADER = "idempotency-key";

export interface WebhookSettings {
  readonly url: string;
  /** The HMAC key (from the environment), if any. */
  readonly secret: string | undefined;
  readonly label: string;
  readonly timeoutMs: number;
  readonly limiter: RateLimiter;
}

/** `sha256=<hex>` of `body` under `secret`. */
export function signBody(body: string, secret: string): string {
  return `sha256=${createHmac("sha256", secret).update(body, "utf8").digest("hex")}`;
}

export class WebhookChannel implements AlertChannel {
  readonly label: string;
  readonly timeoutMs: number;
  readonly limiter: RateLimiter;

  constructor(private readonly settings: WebhookSettings) {
    this.label = settings.label;
    this.timeoutMs = settings.timeoutMs;
    this.limiter = settings.limiter;
  }

  async send(alert: AlertPayload, signal?: AbortSignal): Promise<void> {
    const body = JSON.stringify(alert);
    const headers: Record<string, string> = { [IDEMPOTENCY_HEADER]: alert.id };
    if (this.settings.secret !== undefined) headers[SIGNATURE_HEADER] = signBody(body, this.settings.secret);
    await postJson({
      url: this.settings.url,
      body,
      headers,
      timeoutMs: this.timeoutMs,
      signal,
      label: this.label,
      secrets: this.settings.secret === undefined ? [] : [this.settings.secret],
    });
  }
}
