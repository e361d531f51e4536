// The worker thread a supervised command runs in (supervisor.ts starts it): the session, its
// plugins and the journal writes, all in this thread, so a plugin calls the session's APIs with no
// message in between. What this file adds around the command:
//   - `process.exit()`, `process.abort()` and `process.kill()` of this process are refused
//     (process-guards.ts): they throw, so in a hook it is that hook's error, elsewhere an uncaught
//     exception;
//   - a plugin's own timer callbacks are shown in the hook register while they run
//     (plugin-timers.ts), so the supervisor sees one stuck in a synchronous loop between hooks;
//   - an uncaught exception or unhandled rejection is reported, attributed to the scanner whose
//     code started it (PluginAttribution), and never ends the session;
//   - the command's output goes to the supervisor as messages; this thread's own stdout (a
//     plugin's console.log) and stderr too, written to stderr, so they never mix into `--json`;
//   - a resumed backtest's replay of what earlier sessions did prints nothing again: this thread's
//     stdout and stderr are held back until the replay reaches new work, and dropped then;
//   - once the command has returned, the thread lives one more turn of its event loop, so that the
//     timers already due (a plugin's timer set in the last hook) run and their faults are reported.

import "reflect-metadata";
import { Writable } from "node:stream";
import { parentPort, workerData } from "node:worker_threads";
import { HookRegister } from "../runtime/hook-register.js";
import { describeError } from "../scanners/hook-runner.js";
import { PluginAttribution } from "../scanners/plugin-attribution.js";
import { WallClock } from "../time/wall-clock.js";
import type { CliIO } from "./cli-io.js";
import type { CommandSupervision, PluginFault } from "./command-supervision.js";
import { commandOf, SUPERVISED_REGISTRARS } from "./commands/supervised.js";
import { TrackedHookWatch, watchPluginTimers } from "./plugin-timers.js";
import { guardProcess } from "./process-guards.js";
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

/**
 * This thread's own stdout and stderr (a plugin's console.log, warnings, logs) go to the
 * supervisor as messages, sent at once: a worker's own stdio streams hold a write back until the
 * parent has taken the one before, which a thread that then blocks never learns, so what it wrote
 * last would be lost. While a resumed backtest replays what was printed already, they are held here.
 */
let heldBack: string[] | undefined = start.resume === undefined ? undefined : [];
for (const stream of [process.stdout, process.stderr]) {
  stream.write = ((chunk: string | Uint8Array, ...rest: unknown[]) => {
    const text = typeof chunk === "string" ? chunk : Buffer.from(chunk).toString("utf8");
    if (heldBack === undefined) post({ type: "stderr", text });
    else heldBack.push(text);
    const callback = rest.find((arg) => typeof arg === "function") as (() => void) | undefined;
    if (callback) process.nextTick(callback);
    return true;
  }) as typeof stream.write;
}

/** Faults the earlier sessions reported on the day a resumed backtest replays: not reported twice. */
const repeated = new Map<string, number>();
for (const key of start.reportedFaults) repeated.set(key, (repeated.get(key) ?? 0) + 1);

function reportFault(fault: PluginFault["fault"], error: unknown): void {
  const found: PluginFault = { fault, scanner: attribution.current(), error: describeError(error) };
  const key = JSON.stringify(found);
  const left = repeated.get(key) ?? 0;
  if (left > 0) {
    // The replay raised again what an earlier session reported (it may not reach all of them).
    repeated.set(key, left - 1);
    return;
  }
  post({ type: "fault", key });
  const who = found.scanner === undefined ? "code outside any scanner's hook" : `scanner "${found.scanner}"`;
  const what = fault === "uncaught_exception" ? "an uncaught exception" : "an unhandled rejection";
  // Not held back with a replay's output: it is new (a repeated one was dropped above).
  post({ type: "stderr", text: `warning: ${what} from ${who} (not fatal): ${found.error}\n` });
  for (const listener of faultListeners) listener(found);
}

process.on("uncaughtException", (error) => reportFault("uncaught_exception", error));
process.on("unhandledRejection", (reason) => reportFault("unhandled_rejection", reason));
guardProcess();

port.on("message", (message: ToWorker) => {
  if (message.type === "stop") for (const listener of stopListeners) listener(message.signal);
});

const register = new HookRegister(start.register);
const watch = new TrackedHookWatch(register);
watchPluginTimers(attribution, watch);
// The heartbeat: the supervisor takes a hook past its limit as stuck only while this stands still.
const heartbeats = new WallClock({ unref: true });
const beat = (): void => {
  register.beat();
  heartbeats.setTimer(heartbeats.now() + HEARTBEAT_MS, beat, "supervision heartbeat");
};
beat();

const supervision: CommandSupervision = {
  watch,
  attribution,
  abandoned: start.abandoned,
  resume: start.resume,
  isRestart: start.isRestart,
  runStarted: (run) => post({ type: "run", run }),
  dayStarted: (date) => post({ type: "day_started", date }),
  dayDone: (day) => post({ type: "day_done", day }),
  rowReported: (key) => post({ type: "row", key }),
  replayEnded: () => {
    heldBack = undefined;
  },
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

// Only the command this session runs is registered (and its code loaded): the supervisor starts
// this thread for a supervised command only.
const registrar = SUPERVISED_REGISTRARS.get(commandOf(start.argv));
if (registrar === undefined) throw new Error(`"${commandOf(start.argv)}" is not a supervised command`);
const exitCode = await runCli(io, start.argv, [registrar()]);
// A restarted session that failed before it reached new work prints what it held back (the reason
// may be in it); one that had nothing new to do prints nothing again.
if (exitCode !== 0) for (const text of heldBack ?? []) post({ type: "stderr", text });
heldBack = undefined;
post({ type: "ended", exitCode });
// One more turn: the timers already due run (a timer that throws is reported after the output).
await new Promise<void>((resolve) => setTimeout(resolve, 0));
await new Promise<void>((resolve) => setImmediate(resolve));
post({ type: "done", exitCode });
