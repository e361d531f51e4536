// Long one-line word lists read apart from the YAML library (yaml-word-lists.ts): the document
// parseYaml hands back must be the library's own document of the same text, value for value and
// item position for item position, whether the fast path was taken or the text fell back to the
// library (a list in a quoted string, a comment, a block scalar; words YAML does not read as
// strings; a `%YAML 1.1` document). The library's parseDocument is the independent reference.

import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { isSeq, LineCounter, parseDocument } from "yaml";
import { parseYaml, positionOf } from "../../../src/core/yaml-positions.js";
import { blankWordLists, MIN_WORD_LIST_ITEMS } from "../../../src/core/yaml-word-lists.js";

/** What the library alone makes of `text`: the data, errors and the ranges of every sequence item. */
function reference(text: string) {
  const lineCounter = new LineCounter();
  const document = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  return {
    data: dataOf(document),
    asData: document.contents === null ? {} : dataOf(document),
    errors: document.errors.map((error) => error.code),
    ranges: itemRanges(document.contents),
  };
}

/** The document as data, or what stopped it from being data (an alias without its anchor). */
function dataOf(document: { toJS(): unknown }): unknown {
  try {
    return document.toJS();
  } catch (error) {
    return { threw: String(error) };
  }
}

/** The start offset of every item of every sequence under `node`, depth first. */
function itemRanges(node: unknown): number[] {
  const starts: number[] = [];
  const walk = (value: unknown): void => {
    if (isSeq(value)) {
      for (const item of value.items) {
        starts.push((item as { range?: [number, number, number] }).range?.[0] ?? -1);
        walk(item);
      }
    } else if (value !== null && typeof value === "object" && "items" in value) {
      for (const pair of (value as { items: Array<{ value: unknown }> }).items) walk(pair.value);
    }
  };
  walk(node);
  return starts;
}

function ours(text: string) {
  // data() first, from a parse whose document nobody has read (the lists' words go straight into
  // the data), then the document itself.
  const asData = dataOf({ toJS: () => parseYaml(text).data() });
  const parsed = parseYaml(text);
  return {
    data: dataOf(parsed.document),
    asData,
    errors: parsed.document.errors.map((error) => error.code),
    ranges: itemRanges(parsed.document.contents),
  };
}

const symbols = (count: number, prefix = "S") =>
  Array.from({ length: count }, (_, i) => `${prefix}${i.toString(36).toUpperCase()}`);

describe("long word lists", () => {
  it("are read apart and give the library's document, positions included", () => {
    const list = symbols(2_000);
    const text = `name: bt\nsession_data:\n  symbols: [${list.join(", ")}]  # the universe\n  streams: [1m, 5m]\n`;
    expect(blankWordLists(text)?.lists.map((found) => found.words.length)).toEqual([2_000]);
    expect(ours(text)).toEqual(reference(text));
    const parsed = parseYaml(text);
    expect(positionOf(parsed, ["session_data", "symbols", 0], "value")).toEqual({ line: 3, column: 13 });
    const last = `  symbols: [${list.slice(0, 1_999).join(", ")}, `.length + 1;
    expect(positionOf(parsed, ["session_data", "symbols", 1_999], "value")).toEqual({
      line: 3,
      column: last,
    });
  });

  it.each([
    ["an anchored list and its alias", (list: string) => `a: &w [${list}]\nb: *w\n`],
    ["a merge key", (list: string) => `base: &b { s: [${list}] }\nc: { <<: *b, n: 1 }\n`],
    ["a duplicate key", (list: string) => `s: [${list}]\ns: []\n`],
    ["a duplicate key after it", (list: string) => `s: []\ns: [${list}]\n`],
    ["a list as a key", (list: string) => `? [${list}]\n: 1\n`],
    ["lists in a list of mappings", (list: string) => `- { s: [${list}] }\n- t: [${list}]\n  u: [${list}]\n`],
    [
      "numeric, boolean and __proto__ keys",
      (list: string) => `1: [${list}]\ntrue: [${list}]\n__proto__: [${list}]\n`,
    ],
    ["an alias without its anchor", (list: string) => `s: [${list}]\nt: *nowhere\n`],
  ])("give the library's data and document with %s", (_what, make) => {
    const text = make(symbols(40).join(", "));
    expect(blankWordLists(text)).toBeDefined();
    expect(ours(text)).toEqual(reference(text));
  });

  it("give the same position for any path whether or not the document was read first", () => {
    const list = symbols(40).join(", ");
    const text = `a: 1\nsession_data:\n  symbols: [${list}]\n  scanners:\n    - name: x\n      universe: [${list}]\n  tail: [${list}]\nz: end\n`;
    const paths: PropertyKey[][] = [
      ["a"],
      ["session_data", "symbols"],
      ["session_data", "symbols", 0],
      ["session_data", "symbols", 39],
      ["session_data", "symbols", "7"],
      ["session_data", "scanners", 0],
      ["session_data", "scanners", 0, "name"],
      ["session_data", "scanners", 0, "universe", 12],
      ["session_data", "tail", 3],
      ["session_data", "missing", 2],
      ["z"],
    ];
    const read = parseYaml(text);
    expect(read.document.contents).toBeTruthy();
    for (const path of paths) {
      for (const target of ["key", "value"] as const) {
        expect(positionOf(parseYaml(text), path, target)).toEqual(positionOf(read, path, target));
      }
    }
    expect(positionOf(parseYaml(text), ["session_data", "scanners", 0, "universe", 12], "value")).toEqual({
      line: 6,
      column: `      universe: [${symbols(12).join(", ")}, `.length + 1,
    });
  });

  it("leave shorter lists to the library", () => {
    const text = `symbols: [${symbols(MIN_WORD_LIST_ITEMS - 1).join(", ")}]\n`;
    expect(blankWordLists(text)).toBeUndefined();
  });

  it.each([
    ["inside a quoted string", (list: string) => `name: "[${list}]"\nother: 1\n`],
    ["inside a comment", (list: string) => `name: x # [${list}]\nother: [a, b]\n`],
    ["inside a block scalar", (list: string) => `name: |\n  [${list}]\nother: 1\n`],
    ["inside a single-quoted string", (list: string) => `name: '[${list}]'\nother: 1\n`],
  ])("fall back to the library when the list is %s", (_what, make) => {
    const text = make(symbols(40).join(", "));
    expect(blankWordLists(text)).toBeDefined();
    expect(ours(text)).toEqual(reference(text));
  });

  it.each([
    ["null", "null"],
    ["a boolean", "TRUE"],
    ["a number", "12"],
    ["an empty item", ""],
  ])("are not taken when an item is %s", (_what, odd) => {
    const list = symbols(40);
    list[17] = odd;
    const text = `symbols: [${list.join(", ")}]\n`;
    expect(blankWordLists(text)).toBeUndefined();
    expect(ours(text)).toEqual(reference(text));
  });

  it("are not taken in a YAML 1.1 document (yes and no are booleans there)", () => {
    const text = `%YAML 1.1\n---\nsymbols: [${[...symbols(40), "yes"].join(", ")}]\n`;
    expect(blankWordLists(text)).toBeUndefined();
    expect(ours(text)).toEqual(reference(text));
  });

  it("give the library's document for any mix of lists, words, strings and comments", () => {
    // Lists of words only (the fast path, when long enough), and lists with anything in them.
    const word = fc.constantFrom("AIG", "spy", "BRK.B", "ETH-USD", "x1", "a-", " QQQ ");
    const odd = fc.constantFrom("null", "True", "12", '"Q, R"', "'S'", "", " # c", "*a", "[T]");
    const length = { minLength: MIN_WORD_LIST_ITEMS - 2, maxLength: MIN_WORD_LIST_ITEMS + 8 };
    const list = fc.oneof(fc.array(word, length), fc.array(fc.oneof(word, odd), length));
    const line = fc.oneof(
      list.map((items) => `k: [${items.join(", ")}]`),
      list.map((items) => `k: "[${items.join(",")}]"`),
      list.map((items) => `# [${items.join(", ")}]`),
      list.map((items) => `k: [${items.join(",\n  ")}]`),
      list.map((items) => `k: &a [${items.join(", ")}]\nm: *a`),
      list.map((items) => `k:\n  - n: [${items.join(", ")}]\n  - [${items.join(", ")}]`),
    );
    fc.assert(
      fc.property(fc.array(line, { minLength: 1, maxLength: 3 }), (lines) => {
        const text = `${lines.map((entry, i) => entry.replace(/^k:/, `k${i}:`)).join("\n")}\n`;
        expect(ours(text)).toEqual(reference(text));
      }),
      { numRuns: 300 },
    );
  });
});
