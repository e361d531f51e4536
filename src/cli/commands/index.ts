// Every `scanwright` subcommand, in the order `--help` lists them.

import type { CommandRegistrar } from "../program.js";
import { registerCalendarCommand } from "./calendar.js";
import { registerDemoCommand } from "./demo.js";

export const commandRegistrars: readonly CommandRegistrar[] = [registerCalendarCommand, registerDemoCommand];
