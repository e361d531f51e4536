// YAML text → document, syntax problems and source positions. A config path (`["session_data",
// "scanners", 0, "name"]`) is mapped back to the line and column where the user wrote it: a key for
// unknown or duplicate keys, the value for a bad value, the nearest enclosing entry for a missing key.

import {
  type Document,
  isAlias,
  isMap,
  isPair,
  isScalar,
  isSeq,
  LineCounter,
  type Node,
  parseDocument,
  visit,
} from "yaml";
import {
  blankWordLists,
  type FoundWordList,
  fillWordListData,
  findWordLists,
  restoreFoundWordLists,
} from "./yaml-word-lists.js";

export interface SourcePosition {
  readonly line: number;
  readonly column: number;
}

export interface YamlSyntaxProblem extends SourcePosition {
  /** Key path of the problem when one is known (duplicate keys). */
  readonly path?: readonly PropertyKey[];
  readonly message: string;
}

export interface ParsedYaml {
  /** The library's document of the text, every node in it (long word lists included). */
  readonly document: Document.Parsed;
  readonly lineCounter: LineCounter;
  /** Syntax errors and duplicate keys, in source order. */
  readonly problems: readonly YamlSyntaxProblem[];
  /** True when the text is not well-formed YAML (beyond duplicate keys), so its content is not to be trusted. */
  readonly isMalformed: boolean;
  readonly warnings: readonly YamlSyntaxProblem[];
  /**
   * The document as data: `{}` for an empty document, else `document.toJS()` (which throws for an
   * alias without its anchor). Long word lists go straight into their arrays, without the thousands
   * of scalar nodes the document holds for them (made only when `document` is first read).
   */
  data(): unknown;
  /**
   * The document's contents to look `path` up in: the library's nodes, the long word lists' items
   * made only when `path` leads into one of them.
   */
  contentsAlong(path: readonly PropertyKey[]): unknown;
}

/** What a position should point at: the key of a mapping entry or the value it holds. */
export type PositionTarget = "key" | "value";

export function parseYaml(text: string): ParsedYaml {
  const { document, lineCounter, pendingLists } = parseDocumentOf(text);
  const problems = document.errors.map((error): YamlSyntaxProblem => {
    const { line, col } = lineCounter.linePos(error.pos[0]);
    if (error.code === "MULTIPLE_DOCS") {
      // The library's own text points at an API ("use YAML.parseAllDocuments()"), not at the file.
      return {
        line,
        column: col,
        message: 'a config file holds one YAML document; a second one starts here (remove the "---")',
      };
    }
    if (error.code !== "DUPLICATE_KEY") return { line, column: col, message: error.message };
    const path = pathAtOffset(document.contents, error.pos[0]);
    const key = path?.[path.length - 1];
    const message = key === undefined ? "duplicate key" : `duplicate key ${JSON.stringify(String(key))}`;
    return { line, column: col, path, message };
  });
  let hasAliases = false;
  visit(document, {
    Alias(_key, alias) {
      hasAliases = true;
      if (alias.resolve(document) !== undefined || !alias.range) return;
      const { line, col } = lineCounter.linePos(alias.range[0]);
      problems.push({
        line,
        column: col,
        message: `alias *${alias.source} has no anchor &${alias.source} before it`,
      });
    },
  });
  const warnings = document.warnings.map((warning): YamlSyntaxProblem => {
    const { line, col } = lineCounter.linePos(warning.pos[0]);
    return { line, column: col, message: warning.message };
  });
  // The lists' nodes are made when the document is first read (positions, a caller's own walk); data
  // takes the words directly, unless an alias could reach a list (the library counts the nodes an
  // alias expands to) or the document has errors (a duplicate key: which value is kept is the library's).
  let pending = pendingLists;
  const fullDocument = (): Document.Parsed => {
    if (pending !== undefined) restoreFoundWordLists(pending);
    pending = undefined;
    return document;
  };
  return {
    get document() {
      return fullDocument();
    },
    lineCounter,
    problems,
    isMalformed: problems.length > document.errors.filter((error) => error.code === "DUPLICATE_KEY").length,
    warnings,
    contentsAlong(path) {
      const leadsIntoList = pending?.some(
        (found) =>
          found.dataPath === undefined ||
          (path.length > found.dataPath.length &&
            found.dataPath.every((segment, index) => String(segment) === String(path[index]))),
      );
      return leadsIntoList ? fullDocument().contents : document.contents;
    },
    data() {
      if (document.contents === null) return {};
      if (pending === undefined || hasAliases || document.errors.length > 0) return fullDocument().toJS();
      const data: unknown = document.toJS();
      return fillWordListData(data, pending) ? data : fullDocument().toJS();
    },
  };
}

/**
 * The library's document of `text`, its long word lists read apart (yaml-word-lists.ts) when the
 * text has any, else parsed whole.
 */
function parseDocumentOf(text: string): {
  document: Document.Parsed;
  lineCounter: LineCounter;
  /** The word lists still to be put into the document's sequences. */
  pendingLists?: readonly FoundWordList[];
} {
  const blanked = blankWordLists(text);
  if (blanked !== undefined) {
    const lineCounter = new LineCounter();
    const document = parseDocument(blanked.text, { lineCounter, prettyErrors: false, uniqueKeys: true });
    const found = findWordLists(document, blanked.lists);
    if (found !== undefined) return { document, lineCounter, pendingLists: found };
  }
  const lineCounter = new LineCounter();
  return {
    document: parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true }),
    lineCounter,
  };
}

/** Line and column of what `path` names (see the file header for which node is chosen). */
export function positionOf(
  parsed: ParsedYaml,
  path: readonly PropertyKey[],
  target: PositionTarget,
): SourcePosition {
  const offset = offsetOf(parsed.contentsAlong(path), path, target) ?? 0;
  const { line, col } = parsed.lineCounter.linePos(offset);
  return { line, column: col };
}

function offsetOf(root: unknown, path: readonly PropertyKey[], target: PositionTarget): number | undefined {
  let node: unknown = root;
  let offset = rangeStart(root);
  let keyOffset: number | undefined;
  for (const segment of path) {
    keyOffset = undefined;
    if (isMap(node)) {
      const pair = node.items.find(
        (item) => isPair(item) && isScalar(item.key) && String(item.key.value) === String(segment),
      );
      if (!pair) return offset;
      keyOffset = rangeStart(pair.key) ?? offset;
      offset = keyOffset;
      node = pair.value;
    } else if (isSeq(node) && typeof segment === "number" && node.items[segment] !== undefined) {
      node = node.items[segment];
      offset = rangeStart(node) ?? offset;
    } else {
      return offset;
    }
  }
  if (keyOffset !== undefined && (target === "key" || !isWrittenScalar(node))) return keyOffset;
  return rangeStart(node) ?? offset;
}

/** A scalar or alias the user actually wrote (an empty value `key:` has no text of its own). */
function isWrittenScalar(node: unknown): boolean {
  if (isAlias(node)) return true;
  return isScalar(node) && !(node.value === null && node.source === "");
}

/** Key path of the innermost mapping key whose text contains `offset`. */
function pathAtOffset(root: unknown, offset: number): PropertyKey[] | undefined {
  const path: PropertyKey[] = [];
  let node: unknown = root;
  for (;;) {
    if (isMap(node)) {
      const pair = node.items.find((item) => contains(item.key, offset) || contains(item.value, offset));
      if (!pair) return undefined;
      const key = isScalar(pair.key) ? pair.key.value : undefined;
      path.push(typeof key === "number" ? key : String(key));
      if (contains(pair.key, offset)) return path;
      node = pair.value;
    } else if (isSeq(node)) {
      const index = node.items.findIndex((item) => contains(item, offset));
      if (index < 0) return undefined;
      path.push(index);
      node = node.items[index];
    } else {
      return undefined;
    }
  }
}

function contains(node: unknown, offset: number): boolean {
  const range = nodeRange(node);
  return range !== undefined && range[0] <= offset && offset < range[2];
}

function rangeStart(node: unknown): number | undefined {
  return nodeRange(node)?.[0];
}

function nodeRange(node: unknown): readonly [number, number, number] | undefined {
  if (node === null || typeof node !== "object" || !("range" in node)) return undefined;
  return (node as Node).range ?? undefined;
}
