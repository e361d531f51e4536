// One POST of a JSON body with a time limit, and what its answer means for delivery: 2xx is an
// acknowledgement; 429 (with its Retry-After), 408, 425 and 5xx, a network error or the time limit
// are worth retrying; any other status is a refusal. Messages name the channel by its label, never
// by its URL (Slack, Discord and Telegram URLs carry their token).

import { AlertError } from "../core/errors.js";
import { redact } from "./alert-channel.js";

export interface PostRequest {
  readonly url: string;
  readonly body: string;
  readonly headers?: Readonly<Record<string, string>>;
  readonly timeoutMs: number;
  readonly label: string;
  /** Values that must not appear in an error message. */
  readonly secrets: readonly string[];
  /** Aborts the request (besides the time limit). */
  readonly signal?: AbortSignal;
}

/** `retry_after` (seconds) of a JSON error body: Discord's top level, Telegram's `parameters`. */
export function retryAfterOfBody(text: string): string | undefined {
  try {
    const body = JSON.parse(text) as { retry_after?: unknown; parameters?: { retry_after?: unknown } };
    const seconds = body?.retry_after ?? body?.parameters?.retry_after;
    return typeof seconds === "number" && Number.isFinite(seconds) && seconds >= 0
      ? String(seconds)
      : undefined;
  } catch {
    return undefined; // not JSON: no hint
  }
}

export interface PostAnswer {
  readonly status: number;
  readonly text: string;
}

const RETRYABLE_STATUSES = new Set([408, 425, 429]);
const BODY_EXCERPT = 200;

/** POSTs the body; resolves with a 2xx answer, throws an AlertError for anything else. */
export async function postJson(request: PostRequest): Promise<PostAnswer> {
  // One controller for the time limit and the stop, held here until the request settles: signals
  // composed with AbortSignal.any/timeout can be garbage-collected on Node 20 and then never fire.
  const controller = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort();
  }, request.timeoutMs);
  const onStop = (): void => controller.abort();
  request.signal?.addEventListener("abort", onStop, { once: true });
  try {
    return await exchange(request, controller.signal, () => timedOut);
  } finally {
    clearTimeout(timer);
    request.signal?.removeEventListener("abort", onStop);
  }
}

async function exchange(
  request: PostRequest,
  signal: AbortSignal,
  timedOut: () => boolean,
): Promise<PostAnswer> {
  let response: Response;
  try {
    response = await fetch(request.url, {
      method: "POST",
      headers: { "content-type": "application/json", "user-agent": "scanwright", ...request.headers },
      body: request.body,
      signal,
    });
  } catch (error) {
    const reason = request.signal?.aborted
      ? "stopped before an answer"
      : timedOut()
        ? `no answer within ${request.timeoutMs} ms`
        : describeNetworkError(error);
    throw new AlertError(redact(`${request.label}: ${reason}`, request.secrets), { retryable: true });
  }
  let text: string;
  try {
    text = await response.text();
  } catch (error) {
    const reason = timedOut() ? `no answer within ${request.timeoutMs} ms` : describeNetworkError(error);
    throw new AlertError(redact(`${request.label}: reading the answer failed: ${reason}`, request.secrets), {
      retryable: true,
    });
  }
  if (response.ok) return { status: response.status, text };
  const retryable = RETRYABLE_STATUSES.has(response.status) || response.status >= 500;
  const excerpt = text.length > BODY_EXCERPT ? `${text.slice(0, BODY_EXCERPT)}…` : text;
  throw new AlertError(
    redact(`${request.label}: HTTP ${response.status} ${excerpt}`.trimEnd(), request.secrets),
    {
      retryable,
      retryAfter: response.headers.get("retry-after") ?? retryAfterOfBody(text),
    },
  );
}

/** `fetch failed (ECONNREFUSED)`: undici's message with the system error code under it, if any. */
function describeNetworkError(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = (error as { cause?: { code?: string; errors?: Array<{ code?: string }> } }).cause;
  const code = cause?.code ?? cause?.errors?.find((inner) => inner.code !== undefined)?.code;
  return code ? `${error.message} (${code})` : error.message;
}
