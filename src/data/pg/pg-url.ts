// PostgreSQL locations: a `postgres://` or `postgresql://` URL names a database server instead of a
// SQLite file. The password may only come from a URL held in an environment variable or from the
// standard `PG*` variables; whatever shows a location (messages, logs, `path`) shows it redacted.

import { StoreError } from "../../core/errors.js";

const URL_PATTERN = /^postgres(?:ql)?:\/\//i;

/** Whether `location` is a PostgreSQL URL rather than a file path. */
export function isPostgresUrl(location: string): boolean {
  return URL_PATTERN.test(location.trim());
}

/** Whether the URL carries a password (which a config file must not). */
export function urlHasPassword(url: string): boolean {
  return parseUrl(url).password !== "";
}

/** The URL with its password replaced by `***`: the only form of it any message shows. */
export function redactUrl(url: string): string {
  const parsed = parseUrl(url);
  if (parsed.password === "") return url.trim();
  parsed.password = "***";
  return parsed.toString();
}

/** `host:port` of the server the URL names (the PG* variables, then libpq's defaults, fill gaps). */
export function serverOf(url: string, env: Readonly<Record<string, string | undefined>>): string {
  const parsed = parseUrl(url);
  const host = decodeURIComponent(parsed.hostname) || env.PGHOST || "localhost";
  const port = parsed.port || env.PGPORT || "5432";
  return `${host}:${port}`;
}

/** Removes every occurrence of the URL's password from `text` (a driver message may echo it). */
export function scrubPassword(text: string, url: string): string {
  const password = decodeURIComponent(parseUrl(url).password);
  return password === "" ? text : text.split(password).join("***");
}

function parseUrl(url: string): URL {
  try {
    return new URL(url.trim());
  } catch (error) {
    // The message must not repeat the URL: it may hold a password.
    throw new StoreError("PostgreSQL URL is not a valid URL (postgres://user@host:port/database)", {
      cause: error instanceof Error ? new Error(error.name) : undefined,
    });
  }
}
