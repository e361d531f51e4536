// Delays between reconnect attempts: exponential (1 s, 2 s, 4 s … up to a ceiling) with jitter, so
// many daemons cut off together do not all knock again at the same instant. The random source is
// injected (a seeded one in tests); the delay resets once a connection has held.

export interface ReconnectBackoffOptions {
  readonly initialMs?: number;
  readonly maxMs: number;
  /** A number in [0, 1) per call (default Math.random). */
  readonly random?: () => number;
}

export class ReconnectBackoff {
  private attempt = 0;
  private readonly initialMs: number;
  private readonly random: () => number;

  constructor(private readonly options: ReconnectBackoffOptions) {
    this.initialMs = options.initialMs ?? 1_000;
    this.random = options.random ?? Math.random;
  }

  /** The wait before the next attempt: the doubled delay, capped, then scaled by a factor in [0.5, 1). */
  nextDelayMs(): number {
    const ceiling = Math.min(this.options.maxMs, this.initialMs * 2 ** Math.min(this.attempt, 30));
    this.attempt += 1;
    return Math.round(ceiling * (0.5 + this.random() / 2));
  }

  /** At least `ms` (a vendor's Retry-After), else the next delay. */
  nextDelayAtLeastMs(ms: number): number {
    return Math.max(ms, this.nextDelayMs());
  }

  reset(): void {
    this.attempt = 0;
  }
}
