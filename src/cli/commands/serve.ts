// `scanwright serve`: the web dashboard (live view, journal browser, symbol charts, JSON API) over
// a scan journal and a bar store, both opened read-only. 127.0.0.1 by default; `--host` with any
// other address (but ::1 and localhost) needs an access token (--token, else $SCANWRIGHT_TOKEN, else a random one
// printed with the URL). Runs until SIGINT or SIGTERM (exit 0).

import type { Command } from "commander";
import { journalLabel } from "../../config/config-paths.js";
import { UsageError } from "../../core/errors.js";
import { WallClock } from "../../time/wall-clock.js";
import type { DashboardServer } from "../../web/dashboard-server.js";
import { DashboardSources } from "../../web/dashboard-sources.js";
import type { CliIO } from "../cli-io.js";
import { DEFAULT_JOURNAL_PATH, locateJournal } from "../journal-location.js";
import { wholeNumberOption } from "../parse-options.js";
import type { CommandRegistrar } from "../program.js";

export const TOKEN_ENV = "SCANWRIGHT_TOKEN";

interface ServeOptions {
  journal?: string;
  config?: string;
  store?: string;
  host: string;
  port: number;
  token?: string;
}

export const registerServeCommand: CommandRegistrar = (program: Command, io: CliIO) => {
  program
    .command("serve")
    .description("serve the read-only web dashboard over the scan journal and the bar store")
    .option(
      "--config <config>",
      "read the journal and store this config's runs use (and draw its indicators)",
    )
    .option(
      "--journal <path>",
      `scan journal: a file or a postgres:// URL (default: the config's, $SCANWRIGHT_JOURNAL, else ${DEFAULT_JOURNAL_PATH})`,
    )
    .option("--store <path>", "bar store file for the charts (default: the config's, else the default store)")
    .option(
      "--host <address>",
      "address to listen on; any but 127.0.0.1, ::1, localhost needs an access token",
      "127.0.0.1",
    )
    .option(
      "--port <n>",
      "port to listen on (0: any free port)",
      wholeNumberOption("--port", 0, 65_535),
      8080,
    )
    .option(
      "--token <token>",
      `access token (default: $${TOKEN_ENV}; made up and printed when --host needs one)`,
    )
    .addHelpText(
      "after",
      "\nExamples:\n" +
        "  scanwright serve --config configs/demo.yaml\n" +
        "  scanwright serve --journal .scanwright/journal.db --port 0\n" +
        '  scanwright serve --config configs/demo.yaml --host 0.0.0.0 --token "$(openssl rand -hex 16)"\n',
    )
    .action((options: ServeOptions) => runServe(io, options));
};

async function runServe(io: CliIO, options: ServeOptions): Promise<void> {
  // The HTTP server (and Node's http) is loaded by this command only, not by every command the CLI registers.
  const [{ isServedWithoutToken, newAccessToken }, { DashboardServer }] = await Promise.all([
    import("../../web/access-guard.js"),
    import("../../web/dashboard-server.js"),
  ]);
  const { journalPath, storePath, loaded } = locateJournal(io, options);
  const host = options.host.trim();
  let token = options.token ?? io.env[TOKEN_ENV];
  if (token === undefined && !isServedWithoutToken(host)) token = newAccessToken();
  const sources = DashboardSources.open({ journalPath, storePath, loaded });
  const clock = new WallClock();
  let server: DashboardServer | undefined;
  try {
    server = await listen(host, options.port, () =>
      DashboardServer.start({
        sources,
        host,
        port: options.port,
        token,
        clock,
        onError: (error) =>
          io.stderr.write(`error: ${error instanceof Error ? error.message : String(error)}\n`),
      }),
    );
    const address = token === undefined ? server.url : `${server.url}?token=${encodeURIComponent(token)}`;
    io.stdout.write(
      `Serving ${journalLabel(journalPath)} (read-only)${sources.store ? ` and the bars of ${storePath}` : ", no bar store: no charts"} at ${address}\n`,
    );
    await stopSignal();
    io.stdout.write("Stopped.\n");
  } finally {
    await server?.close();
    clock.cancelAll();
    sources.close();
  }
}

/** Starts the server; an address that cannot be bound (in use, not this machine's) is a UsageError. */
async function listen(
  host: string,
  port: number,
  start: () => Promise<DashboardServer>,
): Promise<DashboardServer> {
  try {
    return await start();
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "EADDRINUSE" || code === "EADDRNOTAVAIL" || code === "EACCES" || code === "ENOTFOUND") {
      throw new UsageError(`Cannot listen on ${host} port ${port} (${code})`, { cause: error });
    }
    throw error;
  }
}

/** Resolves at the first SIGINT or SIGTERM. */
function stopSignal(): Promise<void> {
  return new Promise((resolve) => {
    const stop = (): void => {
      process.off("SIGINT", stop);
      process.off("SIGTERM", stop);
      resolve();
    };
    process.once("SIGINT", stop);
    process.once("SIGTERM", stop);
  });
}
