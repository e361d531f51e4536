// What a plugin may not do to the process it shares with the engine (the supervised session runs
// in a worker thread of the supervisor's process): `process.exit()` would end the session's
// thread, `process.abort()` and `process.kill()` of this process (any signal but 0, also to its
// process group) would end the supervisor with it. In the session's thread they are refused: they
// throw a PluginError, so in a hook that is the hook's error, elsewhere an uncaught exception
// reported and attributed. This holds against mistakes, not against code bent on harm (a native
// addon, `process.binding`): docs/reliability.md.

import { PluginError } from "../core/errors.js";

const REFUSED = "a plugin cannot end the engine (return from the hook, or throw)";

/** Refuses exit, abort and signals to this process from this thread (the session's worker). */
export function guardProcess(): void {
  process.exit = ((code?: number | string | null) => {
    throw new PluginError(`process.exit(${code ?? ""}) was refused: ${REFUSED}`);
  }) as typeof process.exit;
  process.abort = (() => {
    throw new PluginError(`process.abort() was refused: ${REFUSED}`);
  }) as typeof process.abort;
  const kill = process.kill.bind(process);
  process.kill = ((pid: number, signal?: string | number) => {
    const self = pid === process.pid || pid === 0 || pid === -process.pid || pid === -1;
    if (self && signal !== 0) {
      throw new PluginError(
        `process.kill(${pid}, ${JSON.stringify(signal ?? "SIGTERM")}) of the engine's own process was refused: ${REFUSED}`,
      );
    }
    return kill(pid, signal);
  }) as typeof process.kill;
}
