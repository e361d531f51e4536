// Strict JSON for the journal's JSON columns: a value is stored only if it reads back equal.
//
// Accepted: null, booleans, strings, finite numbers, arrays, and plain objects (prototype Object
// or null) of those. Object properties whose value is `undefined` are left out, as JSON.stringify
// does; everything else JSON.stringify would silently change or choke on is a problem instead:
// functions, bigints, symbols, `undefined` in an array, NaN and ±Infinity, class instances (Date,
// Map, Set…), cycles, nesting deeper than MAX_JSON_DEPTH, and getters that throw. The problem is
// described with the path of the offending value (`metadata.rows[2].fn is a function`), so the
// journal can store a placeholder and say what went wrong (see scan-journal.ts).

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
  try {
    problem = problemOf(value, root, [], []);
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

function problemOf(value: unknown, path: string, ancestors: object[], paths: string[]): string | undefined {
  switch (typeof value) {
    case "string":
    case "boolean":
      return undefined;
    case "number":
      return Number.isFinite(value) ? undefined : `${path} is ${value}, which JSON cannot hold`;
    case "undefined":
      return `${path} is undefined`;
    case "function":
      return `${path} is a function`;
    case "bigint":
      return `${path} is a bigint (${value}n)`;
    case "symbol":
      return `${path} is a symbol`;
  }
  if (value === null) return undefined;
  const object = value as object;
  const seenAt = ancestors.indexOf(object);
  if (seenAt >= 0) return `${path} refers back to ${paths[seenAt]} (a cycle)`;
  if (ancestors.length >= MAX_JSON_DEPTH) return `${path} is nested deeper than ${MAX_JSON_DEPTH} levels`;
  ancestors.push(object);
  paths.push(path);
  const found = Array.isArray(object)
    ? arrayProblem(object, path, ancestors, paths)
    : objectProblem(object, path, ancestors, paths);
  ancestors.pop();
  paths.pop();
  return found;
}

function arrayProblem(
  array: unknown[],
  path: string,
  ancestors: object[],
  paths: string[],
): string | undefined {
  for (let i = 0; i < array.length; i++) {
    const found = problemOf(array[i], `${path}[${i}]`, ancestors, paths);
    if (found !== undefined) return found;
  }
  return undefined;
}

function objectProblem(
  object: object,
  path: string,
  ancestors: object[],
  paths: string[],
): string | undefined {
  const prototype: unknown = Object.getPrototypeOf(object);
  if (prototype !== Object.prototype && prototype !== null) {
    const name = (object.constructor as { name?: unknown } | undefined)?.name;
    const kind = typeof name === "string" && name !== "" ? `a ${name}` : "an object with a custom prototype";
    return `${path} is ${kind}, not plain JSON data`;
  }
  const record = object as Record<string, unknown>;
  for (const key of Object.keys(record)) {
    const property = record[key];
    if (property === undefined) continue;
    const found = problemOf(property, `${path}${keyPath(key)}`, ancestors, paths);
    if (found !== undefined) return found;
  }
  return undefined;
}

function keyPath(key: string): string {
  return /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(key) ? `.${key}` : `[${JSON.stringify(key)}]`;
}
