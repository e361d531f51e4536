// The bar store of a command that reads bars (run, daemon, validate, bars, store info) must exist:
// only `import` and `demo` create stores, so a missing or mistyped path is bad input (exit 2)
// naming the setting that chose it (the config's `store:` line, --store, $SCANWRIGHT_STORE or the
// default), never a new empty store that a run would then replay without a single bar.

import { existsSync } from "node:fs";
import { ConfigErrors } from "../config/config-problem.js";
import type { LoadedSessionConfig } from "../config/load-session-config.js";
import { UsageError } from "../core/errors.js";
import { isPostgresUrl } from "../data/pg/pg-url.js";
import {
  type ChosenStorePath,
  chooseStorePath,
  describeStoreSource,
  type StorePathSources,
} from "../data/store-path.js";
import type { CliIO } from "./cli-io.js";

/** The chosen store, after checking it exists (`:memory:` always does). */
export function requireExistingStore(
  sources: StorePathSources,
  loaded?: LoadedSessionConfig,
): ChosenStorePath {
  const chosen = chooseStorePath(sources);
  // A database server is asked when the store opens (read-only: a database without the schema is refused there).
  if (chosen.path === ":memory:" || isPostgresUrl(chosen.path) || existsSync(chosen.path)) return chosen;
  if (chosen.source === "config" && loaded !== undefined) {
    throw new ConfigErrors([
      {
        ...loaded.locate(["store"]),
        message: `no bar store at "${chosen.path}"; import bars first (scanwright import, scanwright demo), or fix the path`,
      },
    ]);
  }
  throw new UsageError(
    `No bar store at "${chosen.path}" (${describeStoreSource(chosen.source)}); import bars first, or pass --store`,
  );
}

/** The existing store of a session config's command: --store (from the working directory), else the config's, … */
export function requireSessionStore(
  io: CliIO,
  loaded: LoadedSessionConfig,
  flag: string | undefined,
): ChosenStorePath {
  return requireExistingStore({ flag, config: loaded.config.store, env: io.env, cwd: io.cwd }, loaded);
}
