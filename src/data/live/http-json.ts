// GETs JSON from a vendor's REST API with the failures a data vendor answers mapped to coded
// FeedErrors: 401/403 auth, 429 rate limit and 418 (Binance's ban of an IP that ignored its 429s)
// waited out per `Retry-After`, or the vendor's reset header, on the injected clock, then retried; 5xx and network failures retried with backoff,
// any other status refused with the vendor's message. The URL is logged without its query's
// secrets: vendors that take the key in the query (Massive's `apiKey`) get it redacted.

import type { z } from "zod";
import { FeedError } from "../../core/errors.js";
import type { Logger } from "../../core/logger.js";
import type { Clock } from "../../time/clock.js";

export interface HttpJsonOptions {
  readonly headers?: Readonly<Record<string, string>>;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly vendor: string;
  /** Attempts in all for a 429/5xx/network failure (default 6). */
  readonly attempts?: number;
  /** Query parameters whose values never appear in a message or a log line. */
  readonly secretParams?: readonly string[];
}

const RETRY_BASE_MS = 1_000;

export async function getJson(url: URL, options: HttpJsonOptions): Promise<unknown> {
  const attempts = options.attempts ?? 6;
  const shown = redact(url, options.secretParams ?? []);
  for (let attempt = 1; ; attempt++) {
    let response: Response;
    try {
      response = await fetch(url, { headers: options.headers });
    } catch (error) {
      if (attempt >= attempts) {
        throw new FeedError("unavailable", `${options.vendor}: GET ${shown} failed: ${String(error)}`, {
          cause: error,
        });
      }
      await wait(options, RETRY_BASE_MS * 2 ** (attempt - 1), `network error on GET ${shown}`);
      continue;
    }
    if (response.ok) {
      try {
        return await response.json();
      } catch (error) {
        throw new FeedError("protocol", `${options.vendor}: GET ${shown} answered a body that is not JSON`, {
          cause: error,
          vendorCode: response.status,
        });
      }
    }
    const text = (await response.text()).slice(0, 300);
    const status = response.status;
    const limited = status === 429 || status === 418;
    if (limited || status >= 500) {
      const retryAfterMs = limited ? retryAfterOf(response, options.clock.now()) : undefined;
      if (attempt >= attempts) {
        throw new FeedError(
          limited ? "rate_limit" : "unavailable",
          `${options.vendor}: GET ${shown} answered ${status} ${attempt} times: ${text}`,
          { vendorCode: status, retryAfterMs },
        );
      }
      await wait(options, retryAfterMs ?? RETRY_BASE_MS * 2 ** (attempt - 1), `${status} on GET ${shown}`);
      continue;
    }
    const reason =
      status === 401 || status === 403 ? "auth" : /symbol/i.test(text) ? "unknown_symbol" : "protocol";
    throw new FeedError(reason, `${options.vendor}: GET ${shown} answered ${status}: ${text}`, {
      vendorCode: status,
    });
  }
}

/**
 * One page of a vendor's REST history: GET as `getJson` does, then checked against the documented
 * `schema`; a page in another format is a coded `protocol` error naming the endpoint.
 */
export async function getPage<Schema extends z.ZodType>(
  url: URL,
  schema: Schema,
  options: HttpJsonOptions,
): Promise<z.output<Schema>> {
  const page = schema.safeParse(await getJson(url, options));
  if (!page.success) {
    throw new FeedError(
      "protocol",
      `${options.vendor}: ${url.pathname} answered a page not in the documented format`,
    );
  }
  return page.data;
}

/** `Retry-After` (seconds or an HTTP date), else `X-RateLimit-Reset` (epoch seconds, Alpaca's). */
function retryAfterOf(response: Response, now: number): number | undefined {
  const header = response.headers.get("retry-after");
  if (header !== null) {
    const seconds = Number(header);
    if (header.trim() !== "" && Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
    const date = Date.parse(header);
    if (Number.isFinite(date)) return Math.max(0, date - now);
  }
  const reset = Number(response.headers.get("x-ratelimit-reset"));
  if (Number.isFinite(reset) && reset > 0) return Math.max(0, reset * 1000 - now);
  return undefined;
}

async function wait(options: HttpJsonOptions, ms: number, why: string): Promise<void> {
  options.logger.warn(`${options.vendor}: ${why}, retrying`, { inMs: Math.round(ms) });
  await options.clock.sleepUntil(options.clock.now() + ms);
}

function redact(url: URL, secretParams: readonly string[]): string {
  const copy = new URL(url);
  for (const name of secretParams) if (copy.searchParams.has(name)) copy.searchParams.set(name, "REDACTED");
  return copy.toString();
}
