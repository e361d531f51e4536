import { describe, expect, it } from "vitest";
import { SerialQueue } from "../../../src/session/serial-queue.js";

/** A promise that settles only when the test says so. */
function gate(): { promise: Promise<void>; open: () => void } {
  let open!: () => void;
  const promise = new Promise<void>((resolve) => {
    open = resolve;
  });
  return { promise, open };
}

/** Lets every pending microtask (and the ones they queue) run. */
async function flushMicrotasks(): Promise<void> {
  for (let round = 0; round < 20; round++) await Promise.resolve();
}

describe("SerialQueue", () => {
  it("runs a later operation only after an earlier slow async one has finished", async () => {
    const queue = new SerialQueue();
    const log: string[] = [];
    const slow = gate();
    const first = queue.run(async () => {
      log.push("first:start");
      await slow.promise;
      log.push("first:end");
      return 1;
    });
    const second = queue.run(() => {
      log.push("second");
      return 2;
    });
    const third = queue.run(async () => {
      log.push("third");
      return 3;
    });
    await flushMicrotasks();
    expect(log).toEqual(["first:start"]);
    slow.open();
    expect(await Promise.all([first, second, third])).toEqual([1, 2, 3]);
    expect(log).toEqual(["first:start", "first:end", "second", "third"]);
  });

  it("does not start an operation synchronously inside run()", async () => {
    const queue = new SerialQueue();
    const log: string[] = [];
    const done = queue.run(() => log.push("ran"));
    expect(log).toEqual([]);
    await done;
    expect(log).toEqual(["ran"]);
  });

  it("rejects only the failing operation (thrown or rejected) and goes on with the next ones", async () => {
    const queue = new SerialQueue();
    const log: string[] = [];
    const throwing = queue.run(() => {
      log.push("throwing");
      throw new Error("sync boom");
    });
    const rejecting = queue.run(async () => {
      log.push("rejecting");
      throw new Error("async boom");
    });
    const fine = queue.run(() => {
      log.push("fine");
      return "ok";
    });
    await expect(throwing).rejects.toThrow("sync boom");
    await expect(rejecting).rejects.toThrow("async boom");
    await expect(fine).resolves.toBe("ok");
    expect(log).toEqual(["throwing", "rejecting", "fine"]);
  });

  it("idle() resolves once everything queued so far has finished, even when the last operation failed", async () => {
    const queue = new SerialQueue();
    const log: string[] = [];
    const slow = gate();
    void queue.run(async () => {
      await slow.promise;
      log.push("slow");
    });
    const failing = queue.run(() => {
      log.push("failing");
      throw new Error("boom");
    });
    failing.catch(() => undefined);
    let idle = false;
    const waiting = queue.idle().then(() => {
      idle = true;
    });
    await flushMicrotasks();
    expect(idle).toBe(false);
    slow.open();
    await waiting;
    expect(idle).toBe(true);
    expect(log).toEqual(["slow", "failing"]);
  });

  it("idle() on a queue that never ran anything resolves", async () => {
    await expect(new SerialQueue().idle()).resolves.toBeUndefined();
  });
});
