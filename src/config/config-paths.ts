// Where the files a session config names live: relative paths are taken from the config file's
// folder, `:memory:` (an in-memory SQLite database) is kept as is, and the scan journal defaults to
// `journal.db` beside the bar store (`.scanwright/journal.db` when the store is a PostgreSQL server).
// A PostgreSQL URL (`postgres://…`) is kept as is.

import { dirname, isAbsolute, join, resolve } from "node:path";
import { isPostgresUrl } from "../data/pg/pg-url.js";

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
 * default `.scanwright/bars.db`); an in-memory store gets an in-memory journal.
 */
export function resolveJournalPath(journal: string | undefined, storePath: string): string {
  if (journal !== undefined) return journal;
  if (storePath === IN_MEMORY_DATABASE) return IN_MEMORY_DATABASE;
  if (isPostgresUrl(storePath)) return resolve(".scanwright", JOURNAL_FILE_NAME);
  return join(dirname(storePath), JOURNAL_FILE_NAME);
}
