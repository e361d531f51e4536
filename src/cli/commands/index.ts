// Every `scanwright` subcommand, in the order `--help` lists them.

import type { CommandRegistrar } from "../program.js";
import { registerBarsCommand } from "./bars.js";
import { registerCalendarCommand } from "./calendar.js";
import { registerDaemonCommand } from "./daemon.js";
import { registerDemoCommand } from "./demo.js";
import { registerEvaluateCommand } from "./evaluate.js";
import { registerFetchCommand } from "./fetch.js";
import { registerImportCommand } from "./import.js";
import { registerNewScannerCommand } from "./new-scanner.js";
import { registerReportCommand } from "./report.js";
import { registerResultsCommand } from "./results.js";
import { registerRunCommand } from "./run.js";
import { registerScheduleCommand } from "./schedule.js";
import { registerServeCommand } from "./serve.js";
import { registerStoreCommand } from "./store.js";
import { registerValidateCommand } from "./validate.js";
import { registerWorkerCommand } from "./worker.js";

export const commandRegistrars: readonly CommandRegistrar[] = [
  registerRunCommand,
  registerDaemonCommand,
  registerWorkerCommand,
  registerValidateCommand,
  registerScheduleCommand,
  registerCalendarCommand,
  registerDemoCommand,
  registerImportCommand,
  registerFetchCommand,
  registerBarsCommand,
  registerStoreCommand,
  registerResultsCommand,
  registerEvaluateCommand,
  registerReportCommand,
  registerServeCommand,
  registerNewScannerCommand,
];
