#!/usr/bin/env node
// Entry point of the `scanwright` command: `run` and `daemon` under the supervisor, the rest here.

import "reflect-metadata";
import { endQuietlyOnClosedPipe, processIO } from "./cli-io.js";
import { commandRegistrars } from "./commands/index.js";
import { runCli } from "./program.js";
import { isSupervised, superviseCommand } from "./supervisor.js";

endQuietlyOnClosedPipe([process.stdout, process.stderr], (code) => process.exit(code));
const argv = process.argv.slice(2);
// The commands that run plugins run in a supervised worker thread (supervisor.ts).
process.exitCode = isSupervised(argv, process.env)
  ? await superviseCommand(argv)
  : await runCli(processIO(), argv, commandRegistrars);
