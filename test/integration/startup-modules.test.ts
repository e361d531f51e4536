// What a process loads before it does anything: the package's entry (what a plugin imports, what
// an embedder's backtest imports) and every command the CLI registers (a superset of the command
// worker's graph for `scanwright run`) must not load what only some runs use: the cluster's BullMQ and ioredis,
// nodemailer, ws, cron-parser and luxon, tsx and esbuild, pino and cli-progress, nor Node's network
// stack they bring.
// Checked in a child process on the build: CommonJS packages show in require.cache (the ES ones
// among them import CommonJS modules of their own or of their dependencies), built-ins in
// process.moduleLoadList.

import { execFileSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const REPO = fileURLToPath(new URL("../../", import.meta.url));
const DIST = `${REPO}dist/`;
const PACKAGES = [
  "bullmq",
  "ioredis",
  "nodemailer",
  "ws",
  "cron-parser",
  "luxon",
  "tsx",
  "esbuild",
  // Loaded by the first log line at an enabled level, and by a progress bar on a terminal.
  "pino",
  "cli-progress",
];
// (Not `net`: child_process, which the alerts' command channel spawns with, loads it.)
const BUILT_INS = ["http", "https", "tls", "zlib"];

/**
 * The packages of PACKAGES and the built-ins of BUILT_INS a fresh process loaded with `entries`
 * (bare specifiers, or paths under dist/).
 */
function loadedBy(entries: readonly string[]): { packages: string[]; builtIns: string[] } {
  const script = `
    import { createRequire } from "node:module";
    for (const entry of ${JSON.stringify(entries)}) {
      await import(entry.endsWith(".js") ? ${JSON.stringify(DIST)} + entry : entry);
    }
    const cache = Object.keys(createRequire(import.meta.url).cache);
    const packages = ${JSON.stringify(PACKAGES)}.filter((name) =>
      cache.some((file) => file.includes("/node_modules/" + name + "/")));
    const builtIns = ${JSON.stringify(BUILT_INS)}.filter((name) =>
      process.moduleLoadList.includes("NativeModule " + name));
    process.stdout.write(JSON.stringify({ packages, builtIns }));
  `;
  const stdout = execFileSync(process.execPath, ["--input-type=module", "-e", script], {
    cwd: REPO,
    encoding: "utf8",
  });
  return JSON.parse(stdout);
}

describe("start-up loads only what the command uses", () => {
  it("importing the package's entry loads none of the optional packages or the network stack", () => {
    expect(loadedBy(["index.js"])).toEqual({ packages: [], builtIns: [] });
  }, 60_000);

  it("registering every command of the CLI loads none of them either", () => {
    // As the command worker does: the Reflect metadata API first, then the commands.
    expect(loadedBy(["reflect-metadata", "cli/commands/index.js", "cli/program.js"])).toEqual({
      packages: [],
      builtIns: [],
    });
  }, 60_000);
});
