import { MessageChannel, Worker } from "node:worker_threads";
import { afterEach, describe, expect, it } from "vitest";
import { nextSequence, waitForReply } from "../../../../src/data/pg/pg-reply-wait.js";

interface Answer {
  readonly sequence: number;
  readonly value: string;
}

const channels: MessageChannel[] = [];
afterEach(() => {
  for (const channel of channels.splice(0)) {
    channel.port1.close();
    channel.port2.close();
  }
});

function channel(): MessageChannel {
  const made = new MessageChannel();
  channels.push(made);
  return made;
}

describe("waitForReply", () => {
  it("takes the answer to its own request and drops a late answer to an earlier one", () => {
    const { port1, port2 } = channel();
    const flag = new Int32Array(new SharedArrayBuffer(4));
    port2.postMessage({ sequence: 6, value: "late answer to request 6" });
    port2.postMessage({ sequence: 7, value: "answer to request 7" });
    Atomics.store(flag, 0, 7);
    const waited = waitForReply<Answer>(flag, port1, 7, 5_000);
    expect(waited).toEqual({ received: true, message: { sequence: 7, value: "answer to request 7" } });
  });

  it("does not take a stale wake-up for its answer: the flag of an earlier request times out", () => {
    const { port1, port2 } = channel();
    const flag = new Int32Array(new SharedArrayBuffer(4));
    port2.postMessage({ sequence: 3, value: "late answer to request 3" });
    Atomics.store(flag, 0, 3);
    expect(waitForReply<Answer>(flag, port1, 4, 50)).toEqual({ received: false, timedOut: true });
  });

  it("waits on when the flag already names its request but the message is not takeable yet", async () => {
    // The other thread sets the flag first and posts 30 ms later: the order the caller must survive.
    const { port1, port2 } = channel();
    const flag = new Int32Array(new SharedArrayBuffer(4));
    const worker = new Worker(
      `const { workerData } = require("node:worker_threads");
       const flag = new Int32Array(workerData.signal);
       Atomics.store(flag, 0, 9);
       Atomics.notify(flag, 0);
       setTimeout(() => { workerData.port.postMessage({ sequence: 9, value: "answer to request 9" }); }, 30);`,
      { eval: true, workerData: { signal: flag.buffer, port: port2 }, transferList: [port2] },
    );
    try {
      while (Atomics.load(flag, 0) !== 9) Atomics.wait(flag, 0, 0, 10_000);
      expect(waitForReply<Answer>(flag, port1, 9, 10_000)).toEqual({
        received: true,
        message: { sequence: 9, value: "answer to request 9" },
      });
    } finally {
      await worker.terminate();
    }
  });

  it("reports an answer that never comes after the flag was set as no answer, not a timeout", () => {
    const { port1 } = channel();
    const flag = new Int32Array(new SharedArrayBuffer(4));
    Atomics.store(flag, 0, 2);
    expect(waitForReply<Answer>(flag, port1, 2, 60_000)).toEqual({ received: false, timedOut: false });
  });
});

describe("nextSequence", () => {
  it("counts from 1 and wraps before the flag's sign bit, never to 0", () => {
    expect(nextSequence(0)).toBe(1);
    expect(nextSequence(41)).toBe(42);
    expect(nextSequence(0x7fff_ffff)).toBe(1);
  });
});
