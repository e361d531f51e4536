// The Node module hooks plugins are imported under, registered on the first plugin load that needs
// them. Two jobs:
//   - `scanwright` and `scanwright/testing`, imported from anywhere, resolve to the very modules the
//     engine runs (so a plugin's `instanceof`, `isScanwrightError` and the engine's objects agree,
//     and a plugin outside any project with scanwright installed still finds it): registered for
//     every TypeScript plugin, and for a compiled one unless Node's own resolution from where it
//     lives already gives the engine's modules (plugin-engine-resolution.ts);
//   - `.ts`/`.mts` files compile through tsx with no tsconfig, so the working directory's
//     tsconfig.json (its `paths`, its `extends`) cannot change how a plugin loads, and as ES
//     modules whatever the nearest package.json's `type` says (tsx would compile a `.ts` file in a
//     CommonJS package to CommonJS, which Node's require cannot load beside the plugin's imports):
//     registered only once a TypeScript plugin is loaded. tsx (esbuild, its hooks on the hooks
//     thread) costs a run of compiled `.js` plugins about 0.15 s of start-up and is imported then.
// Module hooks are process-wide by nature (Node keeps one loader per process), so what is
// registered is remembered per process; registering twice would only stack identical hooks.

import { register } from "node:module";

/** Package specifier → the URL of the engine's own module for it. */
export type EngineModules = Readonly<Record<string, string>>;

/** What a plugin file needs: the engine's specifiers only, or TypeScript compilation as well. */
export type PluginLanguage = "javascript" | "typescript";

/** The plugin files tsx compiles (the resolve hook marks the same ones as ES modules). */
const TYPESCRIPT_FILE = /\.m?ts$/i;

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

/** What this process has registered. */
export interface PluginModuleHooks {
  readonly engine: EngineModules;
  /** tsx's loader is registered (a TypeScript plugin was loaded). */
  readonly typescript: boolean;
}

type ProcessWithHooks = NodeJS.Process & { [REGISTERED]?: PluginModuleHooks };

/** The language a plugin file is written in, by its extension. */
export function pluginLanguage(file: string): PluginLanguage {
  return TYPESCRIPT_FILE.test(file) ? "typescript" : "javascript";
}

/** The hooks this process has registered for plugins, `undefined` before the first plugin. */
export function registeredPluginModuleHooks(): PluginModuleHooks | undefined {
  return (process as ProcessWithHooks)[REGISTERED];
}

/**
 * Registers what a `language` plugin needs and this process does not have yet. The resolve hook
 * must run before tsx's (hooks registered later run first), so when tsx joins after a JavaScript
 * plugin the resolve hook is registered once more, after it; the first copy, behind tsx, gives
 * the same answers.
 */
export async function registerPluginModuleHooks(
  engine: EngineModules,
  language: PluginLanguage,
): Promise<void> {
  const host = process as ProcessWithHooks;
  const before = host[REGISTERED];
  const typescript = language === "typescript";
  if (before !== undefined && (before.typescript || !typescript)) return;
  if (typescript) {
    const { register: registerTypeScript } = await import("tsx/esm/api");
    // Another load may have registered it while tsx was being imported.
    if (host[REGISTERED]?.typescript === true) return;
    registerTypeScript({ tsconfig: false });
  }
  register(`data:text/javascript,${encodeURIComponent(RESOLVE_HOOK)}`, {
    parentURL: import.meta.url,
    data: { engine },
  });
  host[REGISTERED] = { engine, typescript: typescript || before?.typescript === true };
}
