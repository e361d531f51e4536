import { describe, expect, it } from "vitest";
import { parseYaml, positionOf } from "../../../src/core/yaml-positions.js";

const text = [
  "name: demo", // 1
  "session_data:", // 2
  "  scanners:", // 3
  "    - name: gap", // 4
  "      plugin:", // 5
  "      config:", // 6
  "        min: 2", // 7
  "",
].join("\n");

describe("positionOf", () => {
  const yaml = parseYaml(text);

  it("points a scalar value at the value and a collection value at its key", () => {
    expect(positionOf(yaml, ["name"], "value")).toEqual({ line: 1, column: 7 });
    expect(positionOf(yaml, ["session_data", "scanners", 0, "config"], "value")).toEqual({
      line: 6,
      column: 7,
    });
  });

  it("points an empty value at its key", () => {
    expect(positionOf(yaml, ["session_data", "scanners", 0, "plugin"], "value")).toEqual({
      line: 5,
      column: 7,
    });
  });

  it("points at the key itself when asked for the key", () => {
    expect(positionOf(yaml, ["session_data", "scanners", 0, "name"], "key")).toEqual({ line: 4, column: 7 });
  });

  it("points a missing key at the nearest entry that exists", () => {
    expect(positionOf(yaml, ["session_data", "scanners", 0, "universe"], "value")).toEqual({
      line: 4,
      column: 7,
    });
    expect(positionOf(yaml, ["session_data", "scanners", 3, "name"], "value")).toEqual({
      line: 3,
      column: 3,
    });
    expect(positionOf(yaml, ["store"], "value")).toEqual({ line: 1, column: 1 });
  });
});

describe("parseYaml", () => {
  it("reports duplicate keys with their path and keeps the document usable", () => {
    const yaml = parseYaml("a:\n  - b: 1\n    b: 2\n");
    expect(yaml.problems).toEqual([
      { line: 3, column: 5, path: ["a", 0, "b"], message: 'duplicate key "b"' },
    ]);
    expect(yaml.isMalformed).toBe(false);
  });

  it("marks syntax errors as malformed", () => {
    const yaml = parseYaml("a: 'open\n");
    expect(yaml.problems).toEqual([{ line: 2, column: 1, message: "Missing closing 'quote" }]);
    expect(yaml.isMalformed).toBe(true);
  });
});
