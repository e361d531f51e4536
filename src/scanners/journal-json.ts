// Strict JSON for the journal's JSON columns: a value is stored only if it reads back equal.
//
// Accepted: null, booleans, strings, finite numbers, arrays, and plain objects (prototype Object
// or null) of those. Object properties whose value is `undefined` are left out, as JSON.stringify
// does; everything else JSON.stringify would silently change or choke on is a problem instead:
// functions, bigints, symbols, `undefined` in an array, NaN and ±Infinity, class instances (Date,
// Map, Set…), cycles, nesting deeper than MAX_JSON_DEPTH, and getters that throw. The problem is
// described with the path of the offending value (`metadata.rows[2].fn is a function`), so the
// journal can store a placeholder and say what went wrong (see scan-journal.ts). Numbers read back
// as JSON gives them: -0 as 0 (the only accepted value that does not read back identical).

/** Deeper values are refused rather than risk a stack overflow. */
export const MAX_JSON_DEPTH = 256;

/** The key of the object stored in place of metadata that is not JSON. */
export const UNSERIALIZABLE_KEY = "$unserializable";

export type JsonEncoding =
  | { readonly json: string; readonly problem: undefined }
  | { readonly json: undefined; readonly problem: string };

/** Encodes `value` as JSON text, or says (naming `root` and the path) why it is not JSON data. */
export function encodeJson(value: unknown, root: string): JsonEncoding {
  let problem: string | undefined;
  const walk: Walk = { root, ancestors: [], keys: [] };
  try {
    problem = problemOf(value, walk);
  } catch (error) {
    problem = `${root} cannot be read: ${error instanceof Error ? error.message : String(error)}`;
  }
  if (problem !== undefined) return { json: undefined, problem };
  return { json: JSON.stringify(value), problem: undefined };
}

/** The JSON text of a placeholder object recording why a value was not stored. */
export function placeholderJson(problem: string): string {
  return JSON.stringify({ [UNSERIALIZABLE_KEY]: problem });
}

/**
 * Where the walk is: the objects and arrays above the current value and the keys leading to it
 * (`keys[i]` is the key of the value below `ancestors[i]`). Paths are spelled out only for a problem.
 */
interface Walk {
  readonly root: string;
  readonly ancestors: object[];
  readonly keys: Array<string | number>;
}

function problemOf(value: unknown, walk: Walk): string | undefined {
  switch (typeof value) {
    case "string":
    case "boolean":
      return undefined;
    case "number":
      return Number.isFinite(value) ? undefined : `${pathOf(walk)} is ${value}, which JSON cannot hold`;
    case "undefined":
      return `${pathOf(walk)} is undefined`;
    case "function":
      return `${pathOf(walk)} is a function`;
    case "bigint":
      return `${pathOf(walk)} is a bigint (${value}n)`;
    case "symbol":
      return `${pathOf(walk)} is a symbol`;
  }
  if (value === null) return undefined;
  const object = value as object;
  const seenAt = walk.ancestors.indexOf(object);
  if (seenAt >= 0) return `${pathOf(walk)} refers back to ${pathOf(walk, seenAt)} (a cycle)`;
  if (walk.ancestors.length >= MAX_JSON_DEPTH) {
    return `${pathOf(walk)} is nested deeper than ${MAX_JSON_DEPTH} levels`;
  }
  if (!Array.isArray(object)) {
    const prototype: unknown = Object.getPrototypeOf(object);
    if (prototype !== Object.prototype && prototype !== null) {
      const name = (object.constructor as { name?: unknown } | undefined)?.name;
      const kind =
        typeof name === "string" && name !== "" ? `a ${name}` : "an object with a custom prototype";
      return `${pathOf(walk)} is ${kind}, not plain JSON data`;
    }
  }
  walk.ancestors.push(object);
  const found = Array.isArray(object) ? arrayProblem(object, walk) : objectProblem(object, walk);
  walk.ancestors.pop();
  return found;
}

function arrayProblem(array: unknown[], walk: Walk): string | undefined {
  for (let i = 0; i < array.length; i++) {
    walk.keys.push(i);
    const found = problemOf(array[i], walk);
    walk.keys.pop();
    if (found !== undefined) return found;
  }
  return undefined;
}

function objectProblem(object: object, walk: Walk): string | undefined {
  const record = object as Record<string, unknown>;
  for (const key of Object.keys(record)) {
    const property = record[key];
    if (property === undefined) continue;
    walk.keys.push(key);
    const found = problemOf(property, walk);
    walk.keys.pop();
    if (found !== undefined) return found;
  }
  return undefined;
}

/** The path of the current value, or of the ancestor at `depth` (0: the root). */
function pathOf(walk: Walk, depth = walk.keys.length): string {
  let path = walk.root;
  for (let i = 0; i < depth; i++) {
    const key = walk.keys[i];
    if (typeof key === "number") path += `[${key}]`;
    else path += /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(key) ? `.${key}` : `[${JSON.stringify(key)}]`;
  }
  return path;
}
