import { describe, expect, it } from "vitest";
import { UniverseResolutions } from "../../../src/core/universe-resolutions.js";

/** Resolutions over a map of symbol → target, counting every symbol resolved. */
function harness() {
  const targets = new Map<string, string>([
    ["AAA", "a"],
    ["BBB", "b"],
    ["CCC", "c"],
  ]);
  let version = 0;
  let resolved = 0;
  const resolutions = new UniverseResolutions<string>(
    () => version,
    (symbol, key) => {
      resolved++;
      const target = targets.get(symbol);
      return target === undefined ? undefined : `${target}:${key}`;
    },
  );
  return {
    resolutions,
    targets,
    bump: () => version++,
    resolved: () => resolved,
  };
}

describe("UniverseResolutions", () => {
  it("resolves a new array holding the same symbols from the latest resolution, without resolving again", () => {
    const h = harness();
    const universe = Object.freeze(["AAA", "BBB", "ZZZ"]);
    expect(h.resolutions.resolve(universe, "k")).toEqual(["a:k", "b:k", undefined]);
    expect(h.resolved()).toBe(3);
    // A fresh copy per hook (context.universe): same symbols, another array.
    const copy = Object.freeze([...universe]);
    expect(h.resolutions.resolve(copy, "k")).toEqual(["a:k", "b:k", undefined]);
    expect(h.resolutions.resolve(Object.freeze([...universe]), "k")).toEqual(["a:k", "b:k", undefined]);
    expect(h.resolved()).toBe(3);
    // Another key is resolved on its own.
    expect(h.resolutions.resolve(copy, "m")).toEqual(["a:m", "b:m", undefined]);
    expect(h.resolved()).toBe(6);
  });

  it("never answers an array with other symbols, or in another order, from a resolution of different symbols", () => {
    const h = harness();
    h.resolutions.resolve(["AAA", "BBB"], "k");
    expect(h.resolutions.resolve(["BBB", "AAA"], "k")).toEqual(["b:k", "a:k"]);
    expect(h.resolutions.resolve(["AAA", "CCC"], "k")).toEqual(["a:k", "c:k"]);
    expect(h.resolutions.resolve(["AAA"], "k")).toEqual(["a:k"]);
    expect(h.resolutions.resolve(["AAA", "BBB", "CCC"], "k")).toEqual(["a:k", "b:k", "c:k"]);
    // Two universes sharing a key, alternating (two scanners): each keeps its own resolution.
    const before = h.resolved();
    for (let slot = 0; slot < 3; slot++) {
      expect(h.resolutions.resolve(["AAA", "BBB"], "k")).toEqual(["a:k", "b:k"]);
      expect(h.resolutions.resolve(["CCC"], "k")).toEqual(["c:k"]);
    }
    expect(h.resolved()).toBe(before + 1);
  });

  it("resolves again after a structural change, for a new array and for one seen before", () => {
    const h = harness();
    const universe = ["AAA", "ZZZ"];
    expect(h.resolutions.resolve(universe, "k")).toEqual(["a:k", undefined]);
    h.targets.set("ZZZ", "z");
    h.bump();
    expect(h.resolutions.resolve([...universe], "k")).toEqual(["a:k", "z:k"]);
    h.targets.delete("AAA");
    h.bump();
    expect(h.resolutions.resolve(universe, "k")).toEqual([undefined, "z:k"]);
    expect(h.resolutions.resolve([...universe], "k")).toEqual([undefined, "z:k"]);
    expect(h.resolved()).toBe(6);
  });

  it("an array refilled in place is resolved afresh", () => {
    const h = harness();
    const universe = ["AAA", "BBB"];
    h.resolutions.resolve(universe, "k");
    universe[1] = "CCC";
    expect(h.resolutions.resolve(universe, "k")).toEqual(["a:k", "c:k"]);
  });

  it("an array refilled in place and then frozen is resolved afresh: only one frozen when seen is taken by identity", () => {
    const h = harness();
    const universe = ["AAA", "BBB"];
    h.resolutions.resolve(universe, "k");
    universe[1] = "CCC";
    Object.freeze(universe);
    expect(h.resolutions.resolve(universe, "k")).toEqual(["a:k", "c:k"]);
    expect(h.resolutions.resolve(universe, "k")).toEqual(["a:k", "c:k"]);
    expect(h.resolved()).toBe(4);
  });

  it("a frozen array keeps its own resolution: exact targets for it and for another frozen one, across changes", () => {
    const h = harness();
    const day1 = Object.freeze(["AAA", "BBB"]);
    const day2 = Object.freeze(["BBB", "CCC", "ZZZ"]);
    for (let slot = 0; slot < 3; slot++) {
      expect(h.resolutions.resolve(day1, "k")).toEqual(["a:k", "b:k"]);
      expect(h.resolutions.resolve(day2, "k")).toEqual(["b:k", "c:k", undefined]);
      // A frozen copy of day1 taken from day1's recent resolution, then held under the copy.
      expect(h.resolutions.resolve(Object.freeze([...day1]), "k")).toEqual(["a:k", "b:k"]);
    }
    expect(h.resolved()).toBe(5);
    h.targets.set("ZZZ", "z");
    h.targets.set("AAA", "a2");
    h.bump();
    expect(h.resolutions.resolve(day2, "k")).toEqual(["b:k", "c:k", "z:k"]);
    expect(h.resolutions.resolve(day1, "k")).toEqual(["a2:k", "b:k"]);
    expect(h.resolved()).toBe(10);
  });
});
