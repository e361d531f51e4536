import { describe, expect, it } from "vitest";
import { type SessionConfigInput, sessionConfigSchema } from "../../../src/config/session-config.js";
import { formatZodIssues } from "../../../src/core/zod-issues.js";

function problems(input: unknown): string {
  const result = sessionConfigSchema.safeParse(input);
  return result.success ? "" : formatZodIssues(result.error.issues);
}

describe("sessionConfigSchema", () => {
  it("fills in every default of a minimal backtest config", () => {
    expect(
      sessionConfigSchema.parse({ name: "min", backtest: { start: "2024-11-25", end: "2024-11-25" } }),
    ).toEqual({
      name: "min",
      mode: "backtest",
      exchange: "XNYS",
      backtest: { start: "2024-11-25", end: "2024-11-25" },
      feed: {
        vendor: "replay",
        adjustment: "raw",
        stale_after_seconds: 120,
        bar_wait_seconds: 5,
        clock_skew_seconds: 0,
        reconnect_max_seconds: 60,
      },
      warmup_multiplier: 2,
      session_data: { symbols: [], streams: ["1m"], historical: [], indicators: [], scanners: [] },
    });
  });

  it("parses its own output to itself, scanners included (createSession may be given either)", () => {
    const input: SessionConfigInput = {
      name: "round-trip",
      mode: "live",
      journal: "journal.db",
      session_data: {
        symbols: ["aig"],
        scanners: [
          {
            name: "gap",
            plugin: "gap.ts",
            universe: "universe.txt",
            pre_session: true,
            regular_session: [{ start: "open+5m", end: "close-15m", interval: "1h" }],
          },
        ],
      },
    };
    const once = sessionConfigSchema.parse(input);
    expect(sessionConfigSchema.parse(once)).toEqual(once);
  });

  it("needs backtest dates in backtest mode only", () => {
    expect(problems({ name: "bt" })).toBe(
      "backtest: is required when mode is backtest (set backtest.start and backtest.end)",
    );
    expect(problems({ name: "live", mode: "live" })).toBe("");
  });

  it("refuses a backtest that ends before it starts, but not a one-day backtest", () => {
    expect(problems({ name: "bt", backtest: { start: "2024-11-29", end: "2024-11-25" } })).toBe(
      'backtest.end: "2024-11-25" is before backtest.start "2024-11-29"',
    );
    expect(problems({ name: "bt", backtest: { start: "2024-11-29", end: "2024-11-29" } })).toBe("");
  });

  it("does not compare dates that are not dates", () => {
    expect(problems({ name: "bt", backtest: { start: "2024-11-31", end: "2024-11-25" } })).toBe(
      'backtest.start: "2024-11-31" is not a date (expected YYYY-MM-DD)',
    );
  });
});
