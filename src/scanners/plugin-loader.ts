// Loads scanner plugins: `.js`/`.mjs` and `.ts`/`.mts` (compiled by tsx, no build step) alike
// through Node's import, under the plugin module hooks (plugin-module-hooks.ts): a plugin's
// `scanwright` is the engine's own module, and no tsconfig.json of the working directory applies.
// Checks the default export's shape and validates the scanner's `config:` block against the
// plugin's zod schema, so a wrong export, a missing `scan` or a bad config is a coded error naming
// the plugin file and the config entry.

import { existsSync } from "node:fs";
import { pathToFileURL } from "node:url";
import type { z } from "zod";
import { ConfigError, PluginError } from "../core/errors.js";
import { formatZodIssues } from "../core/zod-issues.js";
import type { ScannerDefinition } from "./define-scanner.js";
import { type EngineModules, registerPluginModuleHooks } from "./plugin-module-hooks.js";
import type { ScannerSpec } from "./scanner-spec.js";

export interface LoadedScanner {
  readonly spec: ScannerSpec;
  readonly definition: ScannerDefinition;
  /** The `config:` block as the plugin's schema parsed it (or as written, without a schema). */
  readonly config: unknown;
}

/**
 * The package's entry points, as the engine runs them: the `index.js` files beside this module
 * (dist/ when built), or the `index.ts` ones when the engine itself runs from its TypeScript
 * sources (under tsx). URLs, not imports: the entry sits above this layer, and a plugin's import
 * of it re-exports the very modules the engine already runs.
 */
function engineModules(): EngineModules {
  const entry = (path: string): string => {
    const built = new URL(`${path}.js`, import.meta.url);
    const source = new URL(`${path}.ts`, import.meta.url);
    return (existsSync(built) || !existsSync(source) ? built : source).href;
  };
  return { scanwright: entry("../index"), "scanwright/testing": entry("../testing/index") };
}

export async function loadScanner(spec: ScannerSpec): Promise<LoadedScanner> {
  const where = `${spec.plugin} (${spec.source})`;
  if (!existsSync(spec.plugin)) throw new PluginError(`Plugin file ${where} does not exist`);
  let module: { default?: unknown };
  try {
    registerPluginModuleHooks(engineModules());
    module = await import(pathToFileURL(spec.plugin).href);
  } catch (error) {
    throw new PluginError(
      `Plugin ${where} failed to load: ${error instanceof Error ? error.message : String(error)}`,
      {
        cause: error,
      },
    );
  }
  // A plugin compiled to CommonJS (tsc's output: a .js file in a CommonJS package) comes back as
  // `{ default: { __esModule: true, default: definition } }`.
  const exported =
    (module.default as { __esModule?: unknown } | undefined)?.__esModule === true
      ? (module.default as { default?: unknown }).default
      : module.default;
  const definition = checkDefinition(exported, where);
  return { spec, definition, config: parseConfig(definition, spec) };
}

function checkDefinition(candidate: unknown, where: string): ScannerDefinition {
  if (typeof candidate !== "object" || candidate === null) {
    throw new PluginError(
      `Plugin ${where} must default-export defineScanner({...}), got ${describe(candidate)}`,
    );
  }
  const definition = candidate as Record<string, unknown>;
  if (typeof definition.name !== "string" || definition.name.trim() === "") {
    throw new PluginError(`Plugin ${where} has no name (defineScanner({ name: "…", … }))`);
  }
  if (typeof definition.scan !== "function") {
    throw new PluginError(`Plugin ${where} has no scan function`);
  }
  for (const hook of ["setup", "teardown"] as const) {
    if (definition[hook] !== undefined && typeof definition[hook] !== "function") {
      throw new PluginError(`Plugin ${where}: ${hook} must be a function, got ${describe(definition[hook])}`);
    }
  }
  const schema = definition.configSchema;
  if (
    schema !== undefined &&
    (typeof schema !== "object" || schema === null || typeof (schema as z.ZodType).safeParse !== "function")
  ) {
    throw new PluginError(`Plugin ${where}: configSchema must be a zod schema`);
  }
  return candidate as ScannerDefinition;
}

function parseConfig(definition: ScannerDefinition, spec: ScannerSpec): unknown {
  if (!definition.configSchema) return spec.config;
  const parsed = definition.configSchema.safeParse(spec.config);
  if (parsed.success) return parsed.data;
  throw new ConfigError(
    `${spec.source}.config does not fit plugin "${definition.name}" (${spec.plugin}): ${formatZodIssues(parsed.error.issues)}`,
    { cause: parsed.error, location: { path: `${spec.source}.config` } },
  );
}

function describe(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  return typeof value === "function" ? "a function" : typeof value;
}
