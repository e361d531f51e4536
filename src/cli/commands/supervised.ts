// The commands that run plugins, hence run supervised (supervisor.ts): their session is on the
// command worker's thread, which registers only the command it runs, its code loaded then. The
// other commands' code (about 80 modules, cli-progress among them) is not loaded on that thread.

import type { CommandRegistrar } from "../program.js";

/** Each supervised command's registrar, loaded when asked for. */
export const SUPERVISED_REGISTRARS: ReadonlyMap<string, () => Promise<CommandRegistrar>> = new Map([
  ["run", async () => (await import("./run.js")).registerRunCommand],
  ["daemon", async () => (await import("./daemon.js")).registerDaemonCommand],
  ["validate", async () => (await import("./validate.js")).registerValidateCommand],
]);

/** The command named in `argv` (after any global option). */
export function commandOf(argv: readonly string[]): string {
  return argv.find((arg) => !arg.startsWith("-")) ?? "";
}
