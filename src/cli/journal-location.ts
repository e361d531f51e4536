// Which scan journal (and bar store) a reading command looks at: `--journal`, else the one CONFIG's
// runs write to (`--config`), else $SCANWRIGHT_JOURNAL, else `.scanwright/journal.db` in the working
// directory. A journal file that does not exist is a UsageError (exit 2), never a new empty file; a
// PostgreSQL URL is passed on (opening it read only refuses a database with no journal). Shared by
// `results`, `serve` and `report`.

import { existsSync } from "node:fs";
import { resolve } from "node:path";
import { JOURNAL_PATH_ENV, resolveConfigPath, resolveJournalPath } from "../config/config-paths.js";
import { type LoadedSessionConfig, loadSessionConfig } from "../config/load-session-config.js";
import { UsageError } from "../core/errors.js";
import { isPostgresUrl } from "../data/pg/pg-url.js";
import { resolveStorePath } from "../data/store-path.js";
import type { CliIO } from "./cli-io.js";

export const DEFAULT_JOURNAL_PATH = ".scanwright/journal.db";

export interface JournalLocationOptions {
  readonly journal?: string;
  readonly config?: string;
  readonly store?: string;
}

export interface JournalLocation {
  /** Absolute path of an existing journal file, or a PostgreSQL URL. */
  readonly journalPath: string;
  /** The bar store: --store, else the config's, else $SCANWRIGHT_STORE, else the default. */
  readonly storePath: string;
  /** The config given with --config, loaded and validated. */
  readonly loaded: LoadedSessionConfig | undefined;
}

/** Resolves the journal (which must exist) and the store of a reading command. */
export function locateJournal(io: CliIO, options: JournalLocationOptions): JournalLocation {
  const loaded =
    options.config === undefined ? undefined : loadSessionConfig(options.config, { cwd: io.cwd });
  const storePath = resolveStorePath({
    flag: options.store,
    config: loaded?.config.store,
    env: io.env,
    cwd: io.cwd,
  });
  let journalPath: string;
  let source: string;
  if (options.journal !== undefined && options.journal.trim() !== "") {
    journalPath = resolveConfigPath(io.cwd, options.journal.trim());
    source = "from --journal";
  } else if (loaded !== undefined) {
    const configStore = resolveStorePath({ config: loaded.config.store, env: io.env, cwd: io.cwd });
    journalPath = resolveJournalPath(loaded.config.journal, configStore, io.cwd);
    source = `the journal of ${options.config}`;
  } else if ((io.env[JOURNAL_PATH_ENV] ?? "").trim() !== "") {
    journalPath = resolveConfigPath(io.cwd, (io.env[JOURNAL_PATH_ENV] as string).trim());
    source = `from $${JOURNAL_PATH_ENV}`;
  } else {
    journalPath = resolve(io.cwd, DEFAULT_JOURNAL_PATH);
    source = "the default journal";
  }
  if (journalPath === ":memory:") {
    throw new UsageError(`The journal of ${options.config} is in memory: its runs were not kept`);
  }
  if (!isPostgresUrl(journalPath) && !existsSync(journalPath)) {
    throw new UsageError(
      `No scan journal at "${journalPath}" (${source}); run a backtest first (scanwright run CONFIG), or pass --journal or --config`,
    );
  }
  return { journalPath, storePath, loaded };
}
