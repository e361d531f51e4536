import { describe, expect, it } from "vitest";
import { UniverseCopies } from "../../../src/scanners/universe-copies.js";

describe("UniverseCopies", () => {
  it("hands out a fresh frozen copy each time and maps it back to the frozen universe it copies", () => {
    const copies = new UniverseCopies();
    const universe = Object.freeze(["AAA", "BBB"]);
    const first = copies.copy(universe);
    const second = copies.copy(universe);
    expect(first).toEqual(["AAA", "BBB"]);
    expect(first).not.toBe(universe);
    expect(second).not.toBe(first);
    expect(Object.isFrozen(first)).toBe(true);
    expect(copies.originOf(first)).toBe(universe);
    expect(copies.originOf(second)).toBe(universe);
    expect(copies.originOf(universe)).toBe(universe);
  });

  it("maps nothing else: a copy of an array that may still change, or an array it did not make", () => {
    const copies = new UniverseCopies();
    const mutable = ["AAA", "BBB"];
    const copy = copies.copy(mutable);
    expect(Object.isFrozen(copy)).toBe(true);
    expect(copies.originOf(copy)).toBe(copy);
    mutable[0] = "CCC";
    expect(copy).toEqual(["AAA", "BBB"]);
    const other = Object.freeze(["AAA", "BBB"]);
    expect(copies.originOf(other)).toBe(other);
  });
});
