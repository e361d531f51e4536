// A progress bar on stderr when it is a terminal; silent otherwise (CI logs, pipes). cli-progress
// is loaded only for a terminal (CommonJS: Node's require loads it synchronously then).

import { createRequire } from "node:module";
import type { CliIO } from "./cli-io.js";

const requireHere = createRequire(import.meta.url);

export interface Progress {
  update(done: number, total: number): void;
  stop(): void;
}

export function createProgress(io: CliIO, label: string): Progress {
  if (!io.stderr.isTTY) return { update: () => {}, stop: () => {} };
  const { SingleBar } = requireHere("cli-progress") as typeof import("cli-progress");
  const bar = new SingleBar({
    stream: io.stderr,
    format: `${label} [{bar}] {percentage}% | {value}/{total} | ETA {eta}s`,
    hideCursor: true,
    clearOnComplete: true,
  });
  let started = false;
  return {
    update(done, total) {
      if (!started) {
        bar.start(total, done);
        started = true;
      } else {
        bar.setTotal(total);
        bar.update(done);
      }
    },
    stop() {
      if (started) bar.stop();
    },
  };
}
