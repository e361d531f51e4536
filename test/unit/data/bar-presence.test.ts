import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BarPresence } from "../../../src/data/bar-presence.js";
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
    expect(
      store.hasBars("AAA", "1m", newYorkAt("2024-11-26", "00:00"), newYorkAt("2024-11-27", "00:00")),
    ).toBe(false);
    expect(store.hasBars("AAA", "5m", at, at + 1)).toBe(false);
    expect(store.hasBars("NONE", "1m", at, at + 1)).toBe(false);
    expect(store.hasBars("AAA", "1m", at, at)).toBe(false);
  });

  it("finds a 19:59 New York bar, which starts after midnight UTC, in its New York day", () => {
    const presence = new BarPresence(store);
    expect(presence.between("AAA", newYorkAt("2024-11-27", "00:00"), newYorkAt("2024-11-28", "00:00"))).toBe(
      true,
    );
    expect(presence.between("AAA", newYorkAt("2024-11-28", "00:00"), newYorkAt("2024-11-30", "00:00"))).toBe(
      false,
    );
  });

  it("counts daily bars, weekly bars never (they do not tell which days traded)", () => {
    const presence = new BarPresence(store);
    expect(presence.between("DLY", newYorkAt("2024-11-26", "00:00"), newYorkAt("2024-11-27", "00:00"))).toBe(
      true,
    );
    expect(presence.between("DLY", newYorkAt("2024-11-25", "00:00"), newYorkAt("2024-11-26", "00:00"))).toBe(
      false,
    );
    expect(presence.between("WKL", newYorkAt("2024-11-25", "00:00"), newYorkAt("2024-11-30", "00:00"))).toBe(
      false,
    );
    expect(presence.between("AAA", newYorkAt("2024-11-20", "00:00"), newYorkAt("2024-11-30", "00:00"))).toBe(
      true,
    );
  });
});
