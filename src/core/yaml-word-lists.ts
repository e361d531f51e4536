// Long one-line flow lists of plain words (`symbols: [AAPL, MSFT, …]`, thousands of them in a
// config) read without YAML's lexer. The YAML library tokenizes such a list character by
// character, cold at start-up: about 50 µs a symbol, most of a config's load time. Here a list whose
// every item is a plain word is blanked out of the text handed to the library (the same length, so
// every offset, line and column stays where it was), parsed as an empty flow sequence, and its
// items are put back as the string scalars YAML would have made, with their source ranges.
// The result is checked, not assumed: a blanked list the library does not read as an empty flow
// sequence at the same offset (it was inside a quoted string, a comment or a block scalar) makes
// the caller parse the original text instead.

import { type Document, Scalar, visit, type YAMLSeq } from "yaml";

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

/**
 * Puts the lists' items back into `document` (parsed from the blanked text). `false` when a list is
 * not an empty flow sequence there: the document is then not the original's, parse that instead.
 */
export function restoreWordLists(document: Document.Parsed, lists: readonly WordList[]): boolean {
  const byOpen = new Map(lists.map((list) => [list.open, list]));
  const restored = new Set<WordList>();
  visit(document, {
    Seq(_key, node: YAMLSeq) {
      const list = node.range ? byOpen.get(node.range[0]) : undefined;
      if (list === undefined || !node.flow || node.items.length > 0) return;
      for (let i = 0; i < list.words.length; i++) node.items.push(wordScalar(list.words[i], list.offsets[i]));
      const range = node.range as [number, number, number];
      node.range = [range[0], list.end, Math.max(range[2], list.end)];
      restored.add(list);
    },
  });
  return restored.size === lists.length;
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
