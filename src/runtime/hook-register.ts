// The hook a session is waiting on, in memory shared between the session's worker thread (which
// writes it, HookWatch) and its supervisor on the main thread (which reads it, and can do so while
// the worker is stuck in a synchronous loop: no message needs the worker's event loop). A seqlock:
// the writer makes the sequence odd while it writes and even when done, so a reader never takes a
// half-written hook. A few typed-array writes per hook: nothing a backtest notices.
// Besides the hooks the engine waits on, the register shows a plugin's own timer callback while it
// runs (`beginTimer`): the hook that started the timer, flagged, so that a timer stuck in a
// synchronous loop between hooks is seen, and put down to its scanner, too.

import type { HookKind } from "../scanners/define-scanner.js";
import type { HookWatch, WatchedHook } from "../scanners/hook-watch.js";

const KINDS: ReadonlyArray<WatchedHook["kind"]> = [
  "load",
  "setup",
  "pre_session",
  "regular",
  "cron",
  "teardown",
] satisfies ReadonlyArray<HookKind | "load">;
const MAX_NAME = 256;
const DATE_LENGTH = 10;
// Int32 words: sequence, active, kind, name length, heartbeat, and whether a timer of the hook runs.
const WORDS = 6;
// Float64 numbers: scheduledAt, limitMs, universeSize.
const NUMBERS = 3;
const NUMBERS_OFFSET = WORDS * 4;
const TEXT_OFFSET = NUMBERS_OFFSET + NUMBERS * 8;

/** Bytes of shared memory a register needs. */
export const HOOK_REGISTER_BYTES = TEXT_OFFSET + (MAX_NAME + DATE_LENGTH) * 2;

/** A snapshot of the register: the hook running now (and the sequence that tells one from the next). */
export interface RegisterReading {
  readonly sequence: number;
  readonly hook: WatchedHook | undefined;
  /** Counts the writer's heartbeats: it stops moving while the writer's thread is blocked. */
  readonly heartbeat: number;
  /** Whether what runs is not `hook` itself but a timer callback its scanner started in it. */
  readonly timer: boolean;
}

export class HookRegister implements HookWatch {
  private readonly words: Int32Array;
  private readonly numbers: Float64Array;
  private readonly text: Uint16Array;

  constructor(buffer: SharedArrayBuffer) {
    this.words = new Int32Array(buffer, 0, WORDS);
    this.numbers = new Float64Array(buffer, NUMBERS_OFFSET, NUMBERS);
    this.text = new Uint16Array(buffer, TEXT_OFFSET, MAX_NAME + DATE_LENGTH);
  }

  static allocate(): SharedArrayBuffer {
    return new SharedArrayBuffer(HOOK_REGISTER_BYTES);
  }

  begin(hook: WatchedHook): void {
    this.show(hook, 0);
  }

  /** A timer callback of `origin`'s scanner runs now (`origin`: the hook that started it). */
  beginTimer(origin: WatchedHook): void {
    this.show(origin, 1);
  }

  private show(hook: WatchedHook, timer: 0 | 1): void {
    this.write(() => {
      const name = hook.scanner.slice(0, MAX_NAME);
      for (let i = 0; i < name.length; i++) this.text[i] = name.charCodeAt(i);
      for (let i = 0; i < DATE_LENGTH; i++) this.text[MAX_NAME + i] = hook.sessionDate.charCodeAt(i) || 0;
      this.words[3] = name.length;
      this.words[2] = KINDS.indexOf(hook.kind);
      this.numbers[0] = hook.scheduledAt;
      this.numbers[1] = hook.limitMs;
      this.numbers[2] = hook.universeSize;
      this.words[5] = timer;
      this.words[1] = 1;
    });
  }

  end(): void {
    this.write(() => {
      this.words[1] = 0;
    });
  }

  /** Called from a timer of the writer's thread: proof that its event loop still turns. */
  beat(): void {
    Atomics.add(this.words, 4, 1);
  }

  /**
   * The hook running now, read consistently (retried while the writer is mid-write; a writer
   * terminated mid-write leaves what it wrote, taken after a bounded number of tries).
   */
  read(): RegisterReading {
    for (let attempt = 0; ; attempt++) {
      const before = Atomics.load(this.words, 0);
      const hook = this.words[1] === 1 ? this.decode() : undefined;
      if ((before % 2 === 0 && Atomics.load(this.words, 0) === before) || attempt >= 1000) {
        return {
          sequence: before,
          hook,
          heartbeat: Atomics.load(this.words, 4),
          timer: hook !== undefined && this.words[5] === 1,
        };
      }
    }
  }

  private decode(): WatchedHook {
    const name = String.fromCharCode(...this.text.subarray(0, this.words[3]));
    const date = String.fromCharCode(...this.text.subarray(MAX_NAME, MAX_NAME + DATE_LENGTH)).replace(
      /\0+$/,
      "",
    );
    return {
      scanner: name,
      kind: KINDS[this.words[2]] ?? "load",
      sessionDate: date,
      scheduledAt: this.numbers[0],
      limitMs: this.numbers[1],
      universeSize: this.numbers[2],
    };
  }

  private write(change: () => void): void {
    Atomics.add(this.words, 0, 1);
    change();
    Atomics.add(this.words, 0, 1);
  }
}
