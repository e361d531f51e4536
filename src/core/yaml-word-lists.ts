// Long one-line flow lists of plain words (`symbols: [AAPL, MSFT, …]`, thousands of them in a
// config) read without YAML's lexer. The YAML library tokenizes such a list character by
// character, cold at start-up: about 50 µs a symbol, most of a config's load time. Here a list whose
// every item is a plain word is blanked out of the text handed to the library (the same length, so
// every offset, line and column stays where it was), parsed as an empty flow sequence, and its
// items are put back as the string scalars YAML would have made, with their source ranges, when
// the document is first read; the data (`toJS`) takes the words straight into its arrays, so a
// config that is only loaded never builds, walks and converts thousands of scalar nodes.
// The result is checked, not assumed: a blanked list the library does not read as an empty flow
// sequence at the same offset (it was inside a quoted string, a comment or a block scalar) makes
// the caller parse the original text instead.

import { type Document, isMap, isScalar, isSeq, Scalar, type YAMLSeq } from "yaml";

/** Shorter lists go through the library: they cost little, and the fewer paths the better. */
export const MIN_WORD_LIST_ITEMS = 32;

/** A one-line flow sequence holding nothing but words, commas and blanks. */
const CANDIDATE = /\[([A-Za-z0-9.\-, \t]*)\]/g;
/**
 * An item YAML's core schema reads as the string it spells: starts with a letter (no number, no
 * `.inf`), and none of the core schema's null and boolean words.
 */
const WORD = /^[A-Za-z][A-Za-z0-9.-]*$/;
const NOT_STRINGS = new Set(["null", "Null", "NULL", "true", "True", "TRUE", "false", "False", "FALSE"]);

/** A list taken out of the text: where its `[` and `]` are, and its words with their offsets. */
export interface WordList {
  readonly open: number;
  /** Offset just past the `]`. */
  readonly end: number;
  readonly words: readonly string[];
  readonly offsets: readonly number[];
}

export interface BlankedText {
  /** The text with each list's items replaced by blanks (same length). */
  readonly text: string;
  readonly lists: readonly WordList[];
}

/** The text with its long word lists blanked out, or `undefined` when it has none. */
export function blankWordLists(text: string): BlankedText | undefined {
  // A `%YAML 1.1` document reads `yes`, `no`, `on`… as booleans: leave such a text to the library.
  if (text.includes("%YAML")) return undefined;
  const lists: WordList[] = [];
  for (const match of text.matchAll(CANDIDATE)) {
    const list = wordListAt(match.index, match[1]);
    if (list !== undefined) lists.push(list);
  }
  if (lists.length === 0) return undefined;
  const parts: string[] = [];
  let from = 0;
  for (const list of lists) {
    parts.push(text.slice(from, list.open + 1), " ".repeat(list.end - list.open - 2));
    from = list.end - 1;
  }
  parts.push(text.slice(from));
  return { text: parts.join(""), lists };
}

/** A blanked list as the library read it: its (empty) flow sequence and where its value sits in the data. */
export interface FoundWordList {
  readonly list: WordList;
  readonly node: YAMLSeq;
  /**
   * The keys and indexes leading to the list's array in `document.toJS()`, or `undefined` when the
   * list is not reached through plain scalar keys (a list used as a key, under a complex key).
   */
  readonly dataPath: readonly (string | number)[] | undefined;
}

/**
 * The lists' empty flow sequences in `document` (parsed from the blanked text), or `undefined` when a
 * list is not an empty flow sequence there: the document is then not the original's, parse that
 * instead.
 */
export function findWordLists(
  document: Document.Parsed,
  lists: readonly WordList[],
): FoundWordList[] | undefined {
  const byOpen = new Map(lists.map((list) => [list.open, list]));
  const found: FoundWordList[] = [];
  const walk = (node: unknown, dataPath: readonly (string | number)[] | undefined): void => {
    if (isSeq(node)) {
      const list = node.flow && node.range ? byOpen.get(node.range[0]) : undefined;
      if (list !== undefined && node.items.length === 0) {
        found.push({ list, node, dataPath });
        byOpen.delete(list.open);
        return;
      }
      node.items.forEach((item, index) => {
        walk(item, dataPath && [...dataPath, index]);
      });
    } else if (isMap(node)) {
      for (const pair of node.items) {
        walk(pair.key, undefined);
        const key = isScalar(pair.key) ? pair.key.value : undefined;
        const plainKey = typeof key === "string" || typeof key === "number" || typeof key === "boolean";
        walk(pair.value, dataPath && plainKey ? [...dataPath, String(key)] : undefined);
      }
    }
  };
  walk(document.contents, []);
  return found.length === lists.length ? found : undefined;
}

/** Puts each found list's items into its sequence, as the string scalars YAML would have made. */
export function restoreFoundWordLists(found: readonly FoundWordList[]): void {
  for (const { list, node } of found) {
    for (let i = 0; i < list.words.length; i++) node.items.push(wordScalar(list.words[i], list.offsets[i]));
    const range = node.range as [number, number, number];
    node.range = [range[0], list.end, Math.max(range[2], list.end)];
  }
}

/**
 * Puts each found list's words into its array in `data` (the `toJS()` of the document with the lists
 * still empty), in place. `false`, with nothing changed, when a list's array is not where its path
 * says or not empty: the caller then restores the document and converts it whole.
 */
export function fillWordListData(data: unknown, found: readonly FoundWordList[]): boolean {
  const arrays: unknown[][] = [];
  for (const { dataPath } of found) {
    if (dataPath === undefined) return false;
    let value = data;
    for (const segment of dataPath) {
      if (value === null || typeof value !== "object" || !Object.hasOwn(value, segment)) return false;
      value = (value as Record<string | number, unknown>)[segment];
    }
    if (!Array.isArray(value) || value.length !== 0 || arrays.includes(value)) return false;
    arrays.push(value);
  }
  found.forEach(({ list }, index) => {
    arrays[index].push(...list.words);
  });
  return true;
}

/** The list in `content` (the text between the brackets at `open`), if it qualifies. */
function wordListAt(open: number, content: string): WordList | undefined {
  const items = content.split(",");
  if (items.length < MIN_WORD_LIST_ITEMS) return undefined;
  const words: string[] = [];
  const offsets: number[] = [];
  let at = open + 1;
  for (const item of items) {
    const word = item.trim();
    if (!WORD.test(word) || NOT_STRINGS.has(word)) return undefined;
    words.push(word);
    offsets.push(at + item.indexOf(word));
    at += item.length + 1;
  }
  return { open, end: open + content.length + 2, words, offsets };
}

/** The scalar YAML makes of a plain word at `offset`. */
function wordScalar(word: string, offset: number): Scalar<string> {
  const scalar = new Scalar(word);
  const end = offset + word.length;
  scalar.range = [offset, end, end];
  scalar.source = word;
  scalar.type = Scalar.PLAIN;
  return scalar;
}
