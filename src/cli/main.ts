#!/usr/bin/env node
// Entry point of the `scanwright` command.

import "reflect-metadata";
import { endQuietlyOnClosedPipe, processIO } from "./cli-io.js";
import { commandRegistrars } from "./commands/index.js";
import { runCli } from "./program.js";

endQuietlyOnClosedPipe([process.stdout, process.stderr], (code) => process.exit(code));
const exitCode = await runCli(processIO(), process.argv.slice(2), commandRegistrars);
process.exitCode = exitCode;
