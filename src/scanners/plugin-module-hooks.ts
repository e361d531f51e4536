// The Node module hooks plugins are imported under, registered once per process on the first plugin
// load. Two jobs:
//   - `scanwright` and `scanwright/testing`, imported from anywhere, resolve to the very modules the
//     engine runs (so a plugin's `instanceof`, `isScanwrightError` and the engine's objects agree,
//     and a plugin outside any project with scanwright installed still finds it);
//   - `.ts`/`.mts` files compile through tsx with no tsconfig, so the working directory's
//     tsconfig.json (its `paths`, its `extends`) cannot change how a plugin loads, and as ES
//     modules whatever the nearest package.json's `type` says (tsx would compile a `.ts` file in a
//     CommonJS package to CommonJS, which Node's require cannot load beside the plugin's imports).
// Module hooks are process-wide by nature (Node keeps one loader per process), so the registration
// is remembered per process; registering twice would only stack identical hooks.

import { register } from "node:module";
import { register as registerTypeScript } from "tsx/esm/api";

/** Package specifier → the URL of the engine's own module for it. */
export type EngineModules = Readonly<Record<string, string>>;

/**
 * The resolve hook, as a module of its own (Node runs hooks apart from the main thread). It answers
 * the engine's specifiers itself, before any other hook (tsx's included) can redirect them.
 */
const RESOLVE_HOOK = `
let engine = {};
export function initialize(data) { engine = data.engine; }
export async function resolve(specifier, context, next) {
  const url = Object.hasOwn(engine, specifier) ? engine[specifier] : undefined;
  if (url !== undefined) return { url, shortCircuit: true };
  const resolved = await next(specifier, context);
  return /^file:[^?#]*.m?ts(?:[?#]|$)/.test(resolved.url) ? { ...resolved, format: "module" } : resolved;
}
`;

const REGISTERED = Symbol.for("scanwright.plugin-module-hooks");

type ProcessWithHooks = NodeJS.Process & { [REGISTERED]?: EngineModules };

/**
 * Registers the hooks unless this process has them. The TypeScript loader goes first, so the
 * resolve hook, registered after it, runs before it.
 */
export function registerPluginModuleHooks(engine: EngineModules): void {
  const host = process as ProcessWithHooks;
  if (host[REGISTERED] !== undefined) return;
  registerTypeScript({ tsconfig: false });
  register(`data:text/javascript,${encodeURIComponent(RESOLVE_HOOK)}`, {
    parentURL: import.meta.url,
    data: { engine },
  });
  host[REGISTERED] = engine;
}
