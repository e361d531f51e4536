// Backoff doubling and its cap, Retry-After in seconds and as an HTTP date, and the rate limiter's
// sliding window and pauses.

import { describe, expect, it } from "vitest";
import { RateLimiter } from "../../../src/alerts/rate-limiter.js";
import { backoffDelayMs, MAX_RETRY_AFTER_MS, retryAfterMs } from "../../../src/alerts/retry-timing.js";

describe("retry timing", () => {
  const retry = { maxAttempts: 8, backoffMs: 2_000, maxBackoffMs: 30_000 };

  it("doubles the wait per failed attempt up to the cap", () => {
    expect([1, 2, 3, 4, 5, 6].map((attempt) => backoffDelayMs(attempt, retry))).toEqual([
      2_000, 4_000, 8_000, 16_000, 30_000, 30_000,
    ]);
  });

  it("reads Retry-After as seconds or as an HTTP date", () => {
    const now = Date.parse("2024-12-02T15:00:00Z");
    expect(retryAfterMs("3", now)).toBe(3_000);
    expect(retryAfterMs("0.5", now)).toBe(500);
    expect(retryAfterMs("Mon, 02 Dec 2024 15:00:42 GMT", now)).toBe(42_000);
    expect(retryAfterMs("Mon, 02 Dec 2024 14:00:00 GMT", now)).toBe(0);
    expect(retryAfterMs("999999", now)).toBe(MAX_RETRY_AFTER_MS);
    expect(retryAfterMs("soon", now)).toBeUndefined();
    expect(retryAfterMs(undefined, now)).toBeUndefined();
  });
});

describe("RateLimiter", () => {
  it("allows count sends per sliding window", () => {
    const limiter = new RateLimiter(2, 1_000);
    expect(limiter.nextFreeAt(0)).toBe(0);
    limiter.take(0);
    limiter.take(100);
    expect(limiter.nextFreeAt(200)).toBe(1_000);
    expect(limiter.nextFreeAt(1_000)).toBe(1_000);
    limiter.take(1_000);
    expect(limiter.nextFreeAt(1_050)).toBe(1_100);
  });

  it("holds every send until a pause ends, and never shortens a pause", () => {
    const limiter = RateLimiter.unlimited();
    limiter.take(0);
    limiter.take(0);
    expect(limiter.nextFreeAt(0)).toBe(0);
    limiter.pauseUntil(5_000);
    limiter.pauseUntil(3_000);
    expect(limiter.nextFreeAt(10)).toBe(5_000);
    expect(limiter.nextFreeAt(6_000)).toBe(6_000);
  });
});
