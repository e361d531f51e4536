// Slack and Discord incoming webhooks: the alert's text in the service's field (`text` for Slack,
// `content` for Discord, cut to the service's length limit). The webhook URL is the secret, read
// from the environment and kept out of every message.

import type { AlertPayload } from "../scanners/alert-types.js";
import type { AlertChannel } from "./alert-channel.js";
import { postJson } from "./http-post.js";
import type { RateLimiter } from "./rate-limiter.js";

export interface ChatWebhookFormat {
  /** The JSON field the text goes into. */
  readonly field: "text" | "content";
  /** Longest text the service takes. */
  readonly maxLength: number;
}

export const SLACK_FORMAT: ChatWebhookFormat = { field: "text", maxLength: 40_000 };
export const DISCORD_FORMAT: ChatWebhookFormat = { field: "content", maxLength: 2_000 };

export interface ChatWebhookSettings {
  readonly url: string;
  readonly format: ChatWebhookFormat;
  readonly label: string;
  readonly timeoutMs: number;
  readonly limiter: RateLimiter;
}

export class ChatWebhookChannel implements AlertChannel {
  readonly label: string;
  readonly timeoutMs: number;
  readonly limiter: RateLimiter;

  constructor(private readonly settings: ChatWebhookSettings) {
    this.label = settings.label;
    this.timeoutMs = settings.timeoutMs;
    this.limiter = settings.limiter;
  }

  async send(alert: AlertPayload, signal?: AbortSignal): Promise<void> {
    const { field, maxLength } = this.settings.format;
    await postJson({
      url: this.settings.url,
      body: JSON.stringify({ [field]: cut(alert.text, maxLength) }),
      timeoutMs: this.timeoutMs,
      signal,
      label: this.label,
      secrets: [this.settings.url],
    });
  }
}

/** `text` cut to `max` characters, ending in `…` when cut. */
export function cut(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}
