// The version of the installed scanwright package, read from its package.json (two folders up from
// this file, both in src/cli and in the built dist/cli), for `scanwright --version`.

import { readFileSync } from "node:fs";

export function packageVersion(): string {
  const manifest = JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8")) as {
    version?: unknown;
  };
  if (typeof manifest.version !== "string") throw new Error("scanwright's package.json has no version");
  return manifest.version;
}
