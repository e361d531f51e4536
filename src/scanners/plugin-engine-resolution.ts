// Whether Node's own resolution, from where a JavaScript plugin lives, already gives the engine's
// modules for `scanwright` and `scanwright/testing`: then the plugin needs no resolve hook, and the
// process no module-hooks thread (on Node 20 `module.register` starts a second isolate and waits
// for it, 60–100 ms, and every later import makes a round trip through it).
//
// The answer follows Node's ES module resolution (PACKAGE_RESOLVE in Node's esm.md) for the two
// specifiers: the package's self-reference (the plugin's package scope is a package named
// `scanwright` with `exports`), else the first `node_modules/scanwright` folder up from the
// plugin; that package's `exports` followed under Node's default conditions must lead to the very
// files the engine runs, by real path (Node keys its module map by real path, so the engine's own
// files must have been loaded by theirs). Anything this does not follow to the end (another loader
// or resolution flag on the process, nested conditions, an unreadable package.json) answers "no":
// the hook is registered as before. A plugin outside any project, or in a project with its own
// copy of scanwright, answers "no" too.
//
// What it cannot see is the plugin's own imports: a module the plugin imports from outside its
// project (or from a dependency holding a nested copy of scanwright) resolves `scanwright` from
// where that module lives, as Node resolves it, where the hook would have answered the engine.

import { existsSync, readFileSync, realpathSync, statSync } from "node:fs";
import { basename, dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import type { EngineModules } from "./plugin-module-hooks.js";

const PACKAGE = "scanwright";

/** Node's conditions for `import` without flags, in no particular order (the exports' order decides). */
const IMPORT_CONDITIONS = new Set(["node", "import", "default"]);

/**
 * Process options that change how Node resolves or loads an import: other loaders (tsx's CLI,
 * Yarn PnP), custom conditions, symlinks kept as they are. With any of them Node's resolution is
 * not what this module follows.
 */
const RESOLUTION_FLAG =
  /^(?:--import|--loader|--experimental-loader|--conditions|-C|--preserve-symlinks|--preserve-symlinks-main|--experimental-default-type|--experimental-policy|--experimental-permission)(?:=|$)/;

/** The flags of this process: its own and those of NODE_OPTIONS. */
export function processResolutionFlags(): readonly string[] {
  return [
    ...process.execArgv,
    ...(process.env.NODE_OPTIONS ?? "").split(/\s+/).filter((flag) => flag !== ""),
  ];
}

/**
 * True when Node, resolving each of `engine`'s specifiers from the module file `pluginFile`, lands
 * on the file the engine runs for it; false when it lands elsewhere, finds nothing, or when that
 * cannot be told for sure.
 */
export function nodeResolvesToEngine(
  pluginFile: string,
  engine: EngineModules,
  flags: readonly string[] = processResolutionFlags(),
): boolean {
  if (flags.some((flag) => RESOLUTION_FLAG.test(flag))) return false;
  try {
    const found = findPackage(dirname(resolve(pluginFile)));
    if (found === undefined) return false;
    const { folder: packageFolder, manifest } = found;
    return Object.entries(engine).every(([specifier, url]) => {
      const subpath = specifier === PACKAGE ? "." : `.${specifier.slice(PACKAGE.length)}`;
      const target = exportTarget(manifest.exports, subpath);
      if (target === undefined || !url.startsWith("file:")) return false;
      // Node keys a module by its real path: the engine's file must have been loaded by it too.
      const engineFile = fileURLToPath(url);
      const real = realpathSync(engineFile);
      return real === engineFile && realpathSync(join(packageFolder, target)) === real;
    });
  } catch {
    // A folder or package.json that cannot be read: Node's answer is not known here.
    return false;
  }
}

interface PackageManifest {
  readonly name?: unknown;
  readonly exports?: unknown;
}

/**
 * The folder Node takes the package `scanwright` from for an import in `folder`, with its
 * package.json: the package scope itself when it is `scanwright` with `exports` (self-reference),
 * else the first `node_modules/scanwright` folder up the tree. `undefined` when there is none.
 */
function findPackage(folder: string): { folder: string; manifest: PackageManifest } | undefined {
  const scope = packageScope(folder);
  if (scope !== undefined) {
    const manifest = readManifest(scope);
    if (manifest.name === PACKAGE && manifest.exports !== undefined && manifest.exports !== null)
      return { folder: scope, manifest };
  }
  for (let at = folder; ; at = dirname(at)) {
    const candidate = join(at, "node_modules", PACKAGE);
    if (isFolder(candidate)) return { folder: candidate, manifest: readManifest(candidate) };
    if (dirname(at) === at) return undefined;
  }
}

function readManifest(folder: string): PackageManifest {
  return JSON.parse(readFileSync(join(folder, "package.json"), "utf8")) as PackageManifest;
}

/** The nearest folder up from `folder` holding a package.json, not crossing a `node_modules` folder. */
function packageScope(folder: string): string | undefined {
  for (let at = folder; ; at = dirname(at)) {
    if (basename(at) === "node_modules") return undefined;
    if (existsSync(join(at, "package.json"))) return at;
    if (dirname(at) === at) return undefined;
  }
}

function isFolder(path: string): boolean {
  return statSync(path, { throwIfNoEntry: false })?.isDirectory() === true;
}

/**
 * The relative file `exports` maps `subpath` to under Node's default import conditions, when it is
 * one of the plain forms (a string, a subpath map, a flat condition object); `undefined` for
 * anything else (patterns, nested conditions, arrays, `null` targets), which Node may well resolve
 * but this module does not follow.
 */
function exportTarget(exports: unknown, subpath: string): string | undefined {
  if (typeof exports === "string") return subpath === "." ? relativeTarget(exports) : undefined;
  if (!isPlainObject(exports)) return undefined;
  const keys = Object.keys(exports);
  const subpathKeys = keys.filter((key) => key.startsWith(".")).length;
  // Subpaths and conditions mixed is a package.json Node refuses.
  if (subpathKeys !== 0 && subpathKeys !== keys.length) return undefined;
  if (subpathKeys === 0) return subpath === "." ? conditionalTarget(exports) : undefined;
  const entry = exports[subpath];
  if (typeof entry === "string") return relativeTarget(entry);
  return isPlainObject(entry) ? conditionalTarget(entry) : undefined;
}

/** The first key of a flat condition object that Node's default conditions match, if a string. */
function conditionalTarget(conditions: Readonly<Record<string, unknown>>): string | undefined {
  for (const [condition, target] of Object.entries(conditions)) {
    if (!IMPORT_CONDITIONS.has(condition)) continue;
    return typeof target === "string" ? relativeTarget(target) : undefined;
  }
  return undefined;
}

/** A target Node accepts without further rules: `./`, then no `..`, `node_modules` or pattern. */
function relativeTarget(target: string): string | undefined {
  if (!target.startsWith("./") || target.includes("*")) return undefined;
  const segments = target.slice(2).split("/");
  return segments.some((segment) => segment === ".." || segment === "." || segment === "node_modules")
    ? undefined
    : target;
}

function isPlainObject(value: unknown): value is Readonly<Record<string, unknown>> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
