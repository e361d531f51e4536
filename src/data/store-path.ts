// Where the bar store lives: the --store flag, else the session config's store path, else the
// SCANWRIGHT_STORE environment variable, else `.scanwright/bars.db` in the working directory.
// Relative paths are taken from the working directory; `:memory:` and PostgreSQL URLs
// (`postgres://…`, see data/pg/pg-url.ts) are passed through. The choice
// keeps where it came from, so that a message about a store names the setting to fix.

import { isAbsolute, join, resolve } from "node:path";
import { isPostgresUrl } from "./pg/pg-url.js";

export const STORE_PATH_ENV = "SCANWRIGHT_STORE";
export const DEFAULT_STORE_PATH = join(".scanwright", "bars.db");

export interface StorePathSources {
  /** The command-line flag (`--store`). */
  readonly flag?: string;
  /** The store path from a session config (a config loader resolves it against the config file first, if it wants that). */
  readonly config?: string;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly cwd: string;
}

/** Which setting chose the store. */
export type StorePathSource = "flag" | "config" | "env" | "default";

export interface ChosenStorePath {
  /** Absolute, `:memory:`, or a PostgreSQL URL. */
  readonly path: string;
  readonly source: StorePathSource;
}

export function chooseStorePath(sources: StorePathSources): ChosenStorePath {
  const candidates: ReadonlyArray<readonly [StorePathSource, string | undefined]> = [
    ["flag", sources.flag],
    ["config", sources.config],
    ["env", sources.env[STORE_PATH_ENV]],
  ];
  for (const [source, value] of candidates) {
    const chosen = nonEmpty(value);
    if (chosen !== undefined) return absolute(chosen, source, sources.cwd);
  }
  return absolute(DEFAULT_STORE_PATH, "default", sources.cwd);
}

function absolute(path: string, source: StorePathSource, cwd: string): ChosenStorePath {
  if (path === ":memory:" || isPostgresUrl(path)) return { path, source };
  return { path: isAbsolute(path) ? path : resolve(cwd, path), source };
}

export function resolveStorePath(sources: StorePathSources): string {
  return chooseStorePath(sources).path;
}

/** How a message names the setting that chose the store: `from --store`, `the default store`. */
export function describeStoreSource(source: StorePathSource): string {
  switch (source) {
    case "flag":
      return "from --store";
    case "config":
      return "from the config's store";
    case "env":
      return `from $${STORE_PATH_ENV}`;
    case "default":
      return "the default store";
  }
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === "" ? undefined : value.trim();
}
