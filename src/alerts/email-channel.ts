// E-mail over SMTP (nodemailer): the alert's text as a plain-text message, its subject from the
// `subject` template, its Message-ID made of the idempotency key (`<key@scanwright>`, also in
// `X-Scanwright-Idempotency-Key`), so a re-sent alert is the same message to mail clients. SMTP
// 4xx answers and connection problems are retried; 5xx answers are refusals.

import { AlertError } from "../core/errors.js";
import type { AlertPayload } from "../scanners/alert-types.js";
import { type AlertChannel, redact } from "./alert-channel.js";
import type { RateLimiter } from "./rate-limiter.js";

export interface EmailSettings {
  readonly host: string;
  readonly port: number;
  readonly secure: boolean;
  readonly auth: { readonly user: string; readonly pass: string } | undefined;
  readonly from: string;
  readonly to: readonly string[];
  /** Renders the subject of an alert. */
  readonly subject: (alert: AlertPayload) => string;
  readonly label: string;
  readonly timeoutMs: number;
  readonly limiter: RateLimiter;
}

export class EmailChannel implements AlertChannel {
  readonly label: string;
  readonly timeoutMs: number;
  readonly limiter: RateLimiter;

  constructor(private readonly settings: EmailSettings) {
    this.label = settings.label;
    this.timeoutMs = settings.timeoutMs;
    this.limiter = settings.limiter;
  }

  async send(alert: AlertPayload, signal?: AbortSignal): Promise<void> {
    const { settings } = this;
    // nodemailer (and Node's tls, net and dns with it) is loaded by the first e-mail, not by every
    // run that could send one.
    const { default: nodemailer } = await import("nodemailer");
    // One connection per message: alerts are rare, and a pooled connection would outlive a stop.
    const transport = nodemailer.createTransport({
      host: settings.host,
      port: settings.port,
      secure: settings.secure,
      auth: settings.auth ? { user: settings.auth.user, pass: settings.auth.pass } : undefined,
      connectionTimeout: settings.timeoutMs,
      greetingTimeout: settings.timeoutMs,
      socketTimeout: settings.timeoutMs,
    });
    // nodemailer takes no signal: closing the transport ends the attempt.
    const abort = (): void => transport.close();
    signal?.addEventListener("abort", abort, { once: true });
    try {
      await transport.sendMail({
        from: settings.from,
        to: [...settings.to],
        subject: settings.subject(alert),
        text: alert.text,
        messageId: `<${alert.id}@scanwright>`,
        headers: { "X-Scanwright-Idempotency-Key": alert.id },
      });
    } catch (error) {
      const code = (error as { responseCode?: unknown }).responseCode;
      const retryable = typeof code !== "number" || code < 500;
      const message = error instanceof Error ? error.message : String(error);
      const secrets = settings.auth ? [settings.auth.pass, settings.auth.user] : [];
      throw new AlertError(redact(`${this.label}: ${message}`, secrets), { retryable });
    } finally {
      signal?.removeEventListener("abort", abort);
      transport.close();
    }
  }
}
