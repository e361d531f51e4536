import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BarPresence, endOfNewYorkDate, startOfNewYorkDate } from "../../../src/data/bar-presence.js";
import { BarStore } from "../../../src/data/bar-store.js";
import { buildSmallStore, newYorkAt, type SmallStore } from "../../helpers/small-store.js";

describe("BarStore.hasBars and BarPresence", () => {
  let small: SmallStore;
  let store: BarStore;
  beforeAll(() => {
    small = buildSmallStore([
      ["AAA", "1m", "2024-11-25", "09:30"],
      ["AAA", "1m", "2024-11-25", "15:59"],
      ["AAA", "1m", "2024-11-27", "19:59"],
      ["DLY", "1d", "2024-11-26", "09:30"],
      ["WKL", "1w", "2024-11-25", "09:30"],
    ]);
    store = BarStore.open(small.path);
  });
  afterAll(() => {
    store?.close();
    small?.dispose();
  });

  it("finds a bar in [from, to) only: the end is excluded, a gap between bars holds none", () => {
    const at = newYorkAt("2024-11-25", "09:30");
    expect(store.hasBars("AAA", "1m", at, at + 1)).toBe(true);
    expect(store.hasBars("AAA", "1m", at + 1, newYorkAt("2024-11-25", "15:59"))).toBe(false);
    expect(store.hasBars("AAA", "1m", at + 1, newYorkAt("2024-11-25", "15:59") + 1)).toBe(true);
    // The 26th lies between two stored days (two chunks) and holds nothing.
    expect(store.hasBars("AAA", "1m", startOfNewYorkDate("2024-11-26"), endOfNewYorkDate("2024-11-26"))).toBe(
      false,
    );
    expect(store.hasBars("AAA", "5m", at, at + 1)).toBe(false);
    expect(store.hasBars("NONE", "1m", at, at + 1)).toBe(false);
    expect(store.hasBars("AAA", "1m", at, at)).toBe(false);
  });

  it("takes New York dates whole: a 19:59 bar is on its date, though it starts after midnight UTC", () => {
    const presence = new BarPresence(store);
    expect(presence.onDates("AAA", "2024-11-27", "2024-11-27")).toBe(true);
    expect(presence.onDates("AAA", "2024-11-28", "2024-11-29")).toBe(false);
    expect(endOfNewYorkDate("2024-11-27") - startOfNewYorkDate("2024-11-27")).toBe(86_400_000);
    // The day DST ends is 25 hours long.
    expect(endOfNewYorkDate("2024-11-03") - startOfNewYorkDate("2024-11-03")).toBe(90_000_000);
  });

  it("counts daily bars on their date, weekly bars never (they do not tell which days traded)", () => {
    const presence = new BarPresence(store);
    expect(presence.onDates("DLY", "2024-11-26", "2024-11-26")).toBe(true);
    expect(presence.onDates("DLY", "2024-11-25", "2024-11-25")).toBe(false);
    expect(presence.onDates("WKL", "2024-11-25", "2024-11-29")).toBe(false);
    expect(presence.onDates("AAA", "2024-11-20", "2024-11-29")).toBe(true);
  });
});
