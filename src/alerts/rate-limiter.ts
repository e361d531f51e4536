// A channel's sending limit: at most `count` sends in any `windowMs` (a sliding window), and a
// pause until an instant when the endpoint asked for one (a 429's Retry-After). Times come from the
// caller (the dispatcher's Clock), so the limiter itself is pure.

export class RateLimiter {
  private readonly sent: number[] = [];
  private pausedUntil = Number.NEGATIVE_INFINITY;

  constructor(
    readonly count: number,
    readonly windowMs: number,
  ) {}

  /** A limiter that only honours pauses. */
  static unlimited(): RateLimiter {
    return new RateLimiter(Number.POSITIVE_INFINITY, 0);
  }

  /** The earliest instant at or after `now` at which a send is allowed. */
  nextFreeAt(now: number): number {
    this.forget(now);
    const byCount = this.sent.length < this.count ? now : this.sent[0] + this.windowMs;
    return Math.max(byCount, this.pausedUntil);
  }

  /** Records a send at `now`. */
  take(now: number): void {
    this.forget(now);
    if (Number.isFinite(this.count)) this.sent.push(now);
  }

  /** No send before `at` (later pauses extend it, earlier ones do not shorten it). */
  pauseUntil(at: number): void {
    this.pausedUntil = Math.max(this.pausedUntil, at);
  }

  private forget(now: number): void {
    while (this.sent.length > 0 && this.sent[0] + this.windowMs <= now) this.sent.shift();
  }
}
