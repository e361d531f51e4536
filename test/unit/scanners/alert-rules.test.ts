// The `when` rules over a day of slots: new, every and changes, the minimum interval per symbol,
// quiet hours (including one across midnight), and which rows are observations at all.

import { describe, expect, it } from "vitest";
import {
  applyAlertRule,
  inQuietHours,
  newDayAlertState,
  type RuleInput,
} from "../../../src/scanners/alert-rules.js";
import type { NotifyPolicy } from "../../../src/scanners/alert-types.js";

// 2024-12-02 is a Monday; New York is at UTC-5 then.
const at = (time: string): number => Date.parse(`2024-12-02T${time}:00-05:00`);
const MINUTE = 60_000;

function policy(overrides: Partial<NotifyPolicy> = {}): NotifyPolicy {
  return {
    rule: "new",
    minIntervalMs: 0,
    quietHours: [],
    template: "{symbols}",
    channels: ["hook"],
    ...overrides,
  };
}

function slot(time: string, symbols: string[], status = "ok", kind = "regular"): RuleInput {
  return { kind, status, scheduledAt: at(time), symbols };
}

/** The rule's outcome per slot: alerted symbols, and `-left` entries. */
function runDay(rules: NotifyPolicy, slots: RuleInput[]): string[][] {
  const state = newDayAlertState();
  return slots.map((input) => {
    const outcome = applyAlertRule(rules, state, input);
    return outcome ? [...outcome.alerted, ...outcome.left.map((symbol) => `-${symbol}`)] : [];
  });
}

const DAY = [
  slot("10:00", ["AAA", "BBB"]),
  slot("10:30", ["BBB", "CCC"]),
  slot("11:00", ["CCC"]),
  slot("11:30", ["AAA", "CCC"]),
];

describe("alert rules", () => {
  it("new: only symbols not among the day's earlier hits", () => {
    expect(runDay(policy(), DAY)).toEqual([["AAA", "BBB"], ["CCC"], [], []]);
  });

  it("every: every hit of every slot", () => {
    expect(runDay(policy({ rule: "every" }), DAY)).toEqual([
      ["AAA", "BBB"],
      ["BBB", "CCC"],
      ["CCC"],
      ["AAA", "CCC"],
    ]);
  });

  it("changes: symbols that entered, and those that left since the previous slot", () => {
    expect(runDay(policy({ rule: "changes" }), DAY)).toEqual([
      ["AAA", "BBB"],
      ["CCC", "-AAA"],
      ["-BBB"],
      ["AAA"],
    ]);
  });

  it("holds a symbol back until the minimum interval since its last alert has passed", () => {
    const every45 = policy({ rule: "every", minIntervalMs: 45 * MINUTE });
    expect(runDay(every45, DAY)).toEqual([["AAA", "BBB"], ["CCC"], [], ["AAA", "CCC"]]);
    // Exactly the interval is enough.
    const every30 = policy({ rule: "every", minIntervalMs: 30 * MINUTE });
    expect(runDay(every30, DAY)).toEqual([["AAA", "BBB"], ["BBB", "CCC"], ["CCC"], ["AAA", "CCC"]]);
  });

  it("leaves slots in quiet hours out: a symbol first seen then is new afterwards", () => {
    const quiet = policy({ quietHours: [{ startMinute: 10 * 60 + 15, endMinute: 11 * 60 }] });
    expect(runDay(quiet, DAY)).toEqual([["AAA", "BBB"], [], ["CCC"], []]);
  });

  it("observes only scan rows whose hook succeeded", () => {
    const rows = [
      slot("09:30", ["AAA"], "ok", "setup"),
      slot("10:00", ["AAA"], "error"),
      slot("10:30", ["AAA"], "timeout"),
      slot("11:00", ["AAA"], "ok", "cron"),
      slot("11:30", ["AAA"], "ok", "pre_session"),
    ];
    expect(runDay(policy({ rule: "every" }), rows)).toEqual([[], [], [], ["AAA"], ["AAA"]]);
  });

  it("drops a symbol listed twice in one result", () => {
    expect(runDay(policy({ rule: "every" }), [slot("10:00", ["AAA", "AAA"])])).toEqual([["AAA"]]);
  });

  it("tells quiet hours apart, across midnight too (New York time, DST included)", () => {
    const evening = [{ startMinute: 22 * 60, endMinute: 6 * 60 }];
    expect(inQuietHours(evening, at("21:59"))).toBe(false);
    expect(inQuietHours(evening, at("22:00"))).toBe(true);
    expect(inQuietHours(evening, at("05:59"))).toBe(true);
    expect(inQuietHours(evening, at("06:00"))).toBe(false);
    const lunch = [{ startMinute: 12 * 60, endMinute: 13 * 60 }];
    // 2024-07-01 is in summer time (UTC-4): 12:30 New York is 16:30 UTC.
    expect(inQuietHours(lunch, Date.parse("2024-07-01T16:30:00Z"))).toBe(true);
    expect(inQuietHours(lunch, Date.parse("2024-07-01T17:00:00Z"))).toBe(false);
    expect(inQuietHours([], at("12:30"))).toBe(false);
  });
});
