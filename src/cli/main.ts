#!/usr/bin/env node
// Entry point of the `scanwright` command: `run`, `daemon` and `validate` (the commands that load
// plugins) under the supervisor (their session in a worker thread), the rest here. The supervised
// path loads only the supervisor on this thread.

import { endQuietlyOnClosedPipe } from "./cli-io.js";
import { isSupervised, superviseCommand } from "./supervisor.js";

endQuietlyOnClosedPipe([process.stdout, process.stderr], (code) => process.exit(code));
const argv = process.argv.slice(2);
process.exitCode = isSupervised(argv, process.env) ? await superviseCommand(argv) : await runHere(argv);

async function runHere(args: readonly string[]): Promise<number> {
  await import("reflect-metadata");
  const [{ processIO }, { commandRegistrars }, { runCli }] = await Promise.all([
    import("./cli-io.js"),
    import("./commands/index.js"),
    import("./program.js"),
  ]);
  return runCli(processIO(), args, commandRegistrars);
}
