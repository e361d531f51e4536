// Where the bar store lives: the --store flag, else the session config's store path, else the
// SCANWRIGHT_STORE environment variable, else `.scanwright/bars.db` in the working directory.
// Relative paths are taken from the working directory; `:memory:` is passed through.

import { isAbsolute, join, resolve } from "node:path";

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

export function resolveStorePath(sources: StorePathSources): string {
  const chosen =
    nonEmpty(sources.flag) ??
    nonEmpty(sources.config) ??
    nonEmpty(sources.env[STORE_PATH_ENV]) ??
    DEFAULT_STORE_PATH;
  if (chosen === ":memory:") return chosen;
  return isAbsolute(chosen) ? chosen : resolve(sources.cwd, chosen);
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === "" ? undefined : value.trim();
}
