// The worker thread a supervised command runs in (supervisor.ts starts it): the session, its
// plugins and the journal writes, all in this thread, so a plugin calls the session's APIs with no
// message in between. What this file adds around the command:
//   - `process.exit()` is refused (it would end this thread, not stop the plugin): it throws, so in
//     a hook it is that hook's error, elsewhere an uncaught exception;
//   - an uncaught exception or unhandled rejection is reported, attributed to the scanner whose
//     code started it (PluginAttribution), and never ends the session;
//   - the command's output goes to the supervisor as messages; this thread's own stdout (a
//     plugin's console.log) the supervisor sends to stderr, so it never mixes into `--json`.

import "reflect-metadata";
import { Writable } from "node:stream";
import { parentPort, workerData } from "node:worker_threads";
import { PluginError } from "../core/errors.js";
import { HookRegister } from "../runtime/hook-register.js";
import { describeError } from "../scanners/hook-runner.js";
import { PluginAttribution } from "../scanners/plugin-attribution.js";
import { WallClock } from "../time/wall-clock.js";
import type { CliIO } from "./cli-io.js";
import type { CommandSupervision, PluginFault } from "./command-supervision.js";
import { commandRegistrars } from "./commands/index.js";
import { runCli } from "./program.js";
import type { FromWorker, ToWorker, WorkerStart } from "./worker-messages.js";

const HEARTBEAT_MS = 100;
const port = parentPort;
if (port === null) throw new Error("command-worker.js runs as a worker thread (see supervisor.ts)");
const start = workerData as WorkerStart;
const post = (message: FromWorker): void => port.postMessage(message);

const attribution = new PluginAttribution();
const stopListeners = new Set<(signal: NodeJS.Signals) => void>();
const faultListeners = new Set<(fault: PluginFault) => void>();

function reportFault(fault: PluginFault["fault"], error: unknown): void {
  const found: PluginFault = { fault, scanner: attribution.current(), error: describeError(error) };
  const who = found.scanner === undefined ? "code outside any scanner's hook" : `scanner "${found.scanner}"`;
  const what = fault === "uncaught_exception" ? "an uncaught exception" : "an unhandled rejection";
  process.stderr.write(`warning: ${what} from ${who} (not fatal): ${found.error}\n`);
  for (const listener of faultListeners) listener(found);
}

process.on("uncaughtException", (error) => reportFault("uncaught_exception", error));
process.on("unhandledRejection", (reason) => reportFault("unhandled_rejection", reason));
process.exit = ((code?: number | string | null) => {
  throw new PluginError(
    `process.exit(${code ?? ""}) was refused: a plugin cannot end the engine (return from the hook, or throw)`,
  );
}) as typeof process.exit;

port.on("message", (message: ToWorker) => {
  if (message.type === "stop") for (const listener of stopListeners) listener(message.signal);
});

const register = new HookRegister(start.register);
// The heartbeat: the supervisor takes a hook past its limit as stuck only while this stands still.
const heartbeats = new WallClock({ unref: true });
const beat = (): void => {
  register.beat();
  heartbeats.setTimer(heartbeats.now() + HEARTBEAT_MS, beat, "supervision heartbeat");
};
beat();

const supervision: CommandSupervision = {
  watch: register,
  attribution,
  abandoned: start.abandoned,
  resumeRunId: start.resumeRunId,
  isRestart: start.isRestart,
  runStarted: (run) => post({ type: "run", run }),
  onStop(listener) {
    stopListeners.add(listener);
    return () => stopListeners.delete(listener);
  },
  onFault(listener) {
    faultListeners.add(listener);
    return () => faultListeners.delete(listener);
  },
};

const stdout = Object.assign(
  new Writable({
    decodeStrings: false,
    write(chunk: string | Buffer, _encoding, callback) {
      post({ type: "stdout", text: typeof chunk === "string" ? chunk : chunk.toString("utf8") });
      callback();
    },
  }),
  { isTTY: start.stdoutIsTTY },
);
const stderr = Object.assign(process.stderr, { isTTY: start.stderrIsTTY });
const io: CliIO = { stdout, stderr, env: process.env, cwd: start.cwd, supervision };

const exitCode = await runCli(io, start.argv, commandRegistrars);
// This thread's stderr reaches the main thread in order with the messages only once written out.
await new Promise<void>((resolve) => process.stderr.write("", () => resolve()));
post({ type: "done", exitCode });
