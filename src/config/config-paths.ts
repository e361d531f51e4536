// Where the files a session config names live: relative paths are taken from the config file's
// folder, `:memory:` (an in-memory SQLite database) is kept as is, and the scan journal defaults to
// `journal.db` beside the bar store (`.scanwright/journal.db` when the store is a PostgreSQL server).
// A PostgreSQL URL (`postgres://…`) is kept as is.

import { dirname, isAbsolute, join, resolve } from "node:path";
import { isPostgresUrl, redactUrl } from "../data/pg/pg-url.js";

export const IN_MEMORY_DATABASE = ":memory:";
export const JOURNAL_FILE_NAME = "journal.db";

/** `path` as an absolute path, relative ones taken from `baseDir` (the config file's folder). */
export function resolveConfigPath(baseDir: string, path: string): string {
  if (path === IN_MEMORY_DATABASE || isPostgresUrl(path)) return path;
  return isAbsolute(path) ? path : resolve(baseDir, path);
}

/**
 * The scan journal's path: the config's `journal` when set (the loader made it absolute), else
 * `journal.db` in the folder of the bar store actually used (`.scanwright/journal.db` beside the
 * default `.scanwright/bars.db`); a store on a PostgreSQL server has no folder, so its default
 * journal is `.scanwright/journal.db` in `cwd` (the command's working directory, not this
 * process's: a command run for another directory keeps its files there); an in-memory store gets
 * an in-memory journal.
 */
export function resolveJournalPath(journal: string | undefined, storePath: string, cwd: string): string {
  if (journal !== undefined) return journal;
  if (storePath === IN_MEMORY_DATABASE) return IN_MEMORY_DATABASE;
  if (isPostgresUrl(storePath)) return resolve(cwd, ".scanwright", JOURNAL_FILE_NAME);
  return join(dirname(storePath), JOURNAL_FILE_NAME);
}

/** The environment variable naming the scan journal (a file path or a whole PostgreSQL URL). */
export const JOURNAL_PATH_ENV = "SCANWRIGHT_JOURNAL";

export interface JournalPathSources {
  /** The command-line flag (`--journal`), taken from `cwd`. */
  readonly flag?: string;
  /** The session config's `journal` (the loader made it absolute). */
  readonly config?: string;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly cwd: string;
  /** The bar store in use: the default journal goes beside it. */
  readonly storePath: string;
}

/**
 * The scan journal a command uses: `--journal`, else the config's `journal`, else
 * $SCANWRIGHT_JOURNAL, else `journal.db` beside the store (as the store's own choice, store-path.ts).
 */
export function chooseJournalPath(sources: JournalPathSources): string {
  const flag = nonEmpty(sources.flag);
  if (flag !== undefined) return resolveConfigPath(sources.cwd, flag);
  const config = nonEmpty(sources.config);
  if (config !== undefined) return config;
  const env = nonEmpty(sources.env[JOURNAL_PATH_ENV]);
  if (env !== undefined) return resolveConfigPath(sources.cwd, env);
  return resolveJournalPath(undefined, sources.storePath, sources.cwd);
}

/** How a message shows a journal location: a PostgreSQL URL without its password. */
export function journalLabel(location: string): string {
  return isPostgresUrl(location) ? redactUrl(location) : location;
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === "" ? undefined : value.trim();
}
