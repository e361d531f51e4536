// Telegram Bot API `sendMessage`: POST {api}/bot<token>/sendMessage with `chat_id` and the text
// (cut to 4096 characters). The API answers `{"ok": true, …}`; a 429 carries
// `parameters.retry_after` (seconds) in its body (http-post.ts reads it when there is no header).
// The token is in the URL: it never appears in a message.

import type { AlertPayload } from "../scanners/alert-types.js";
import type { AlertChannel } from "./alert-channel.js";
import { cut } from "./chat-webhook-channel.js";
import { postJson } from "./http-post.js";
import type { RateLimiter } from "./rate-limiter.js";

export const TELEGRAM_API_URL = "https://api.telegram.org";
const TELEGRAM_MAX_LENGTH = 4_096;

export interface TelegramSettings {
  readonly apiUrl: string;
  readonly token: string;
  readonly chatId: string | number;
  readonly label: string;
  readonly timeoutMs: number;
  readonly limiter: RateLimiter;
}

export class TelegramChannel implements AlertChannel {
  readonly label: string;
  readonly timeoutMs: number;
  readonly limiter: RateLimiter;

  constructor(private readonly settings: TelegramSettings) {
    this.label = settings.label;
    this.timeoutMs = settings.timeoutMs;
    this.limiter = settings.limiter;
  }

  async send(alert: AlertPayload, signal?: AbortSignal): Promise<void> {
    const { apiUrl, token, chatId } = this.settings;
    const request = {
      url: `${apiUrl.replace(/\/+$/, "")}/bot${token}/sendMessage`,
      body: JSON.stringify({
        chat_id: chatId,
        text: cut(alert.text, TELEGRAM_MAX_LENGTH),
        disable_web_page_preview: true,
      }),
      timeoutMs: this.timeoutMs,
      signal,
      label: this.label,
      secrets: [token],
    };
    await postJson(request);
  }
}
