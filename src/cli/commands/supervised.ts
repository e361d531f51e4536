// The commands that run plugins, hence run supervised (supervisor.ts): their session is on the
// command worker's thread, which registers only the command it runs, its code loaded then. The
// other commands' code (about 80 modules, cli-progress among them) is not loaded on that thread.
// The command's module graph is loaded with `require`: Node (from 20.19) then loads the ES modules
// synchronously, each file read at once instead of through the asynchronous loader's file handles,
// which took about 15 % more CPU for `run`'s 200 modules. (None of them awaits at top level.)

import { createRequire } from "node:module";
import type { CommandRegistrar } from "../program.js";

const requireHere = createRequire(import.meta.url);

/** Each supervised command's registrar, its module loaded when asked for. */
export const SUPERVISED_REGISTRARS: ReadonlyMap<string, () => CommandRegistrar> = new Map([
  ["run", () => (requireHere("./run.js") as typeof import("./run.js")).registerRunCommand],
  ["daemon", () => (requireHere("./daemon.js") as typeof import("./daemon.js")).registerDaemonCommand],
  [
    "validate",
    () => (requireHere("./validate.js") as typeof import("./validate.js")).registerValidateCommand,
  ],
]);

/** The command named in `argv` (after any global option). */
export function commandOf(argv: readonly string[]): string {
  return argv.find((arg) => !arg.startsWith("-")) ?? "";
}
