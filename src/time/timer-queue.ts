// Pending timers ordered by (due time, creation order): a binary min-heap with lazy cancellation,
// so setting, cancelling and taking the next due timer are all O(log n).

import type { TimerHandle } from "./clock.js";

export interface QueuedTimer {
  readonly handle: TimerHandle;
  readonly callback: () => void;
}

export class TimerQueue {
  private readonly heap: QueuedTimer[] = [];
  /** Handles of timers that are queued and not cancelled (by identity: a foreign handle never matches). */
  private readonly pendingHandles = new Set<TimerHandle>();

  get size(): number {
    return this.pendingHandles.size;
  }

  push(timer: QueuedTimer): void {
    this.heap.push(timer);
    this.pendingHandles.add(timer.handle);
    this.siftUp(this.heap.length - 1);
  }

  /** Marks a timer cancelled; `false` if it was not pending. */
  cancel(handle: TimerHandle): boolean {
    if (!this.pendingHandles.delete(handle)) return false;
    // Cancelled timers leave the heap lazily; rebuild it when they outnumber the live ones.
    if (this.heap.length > 64 && this.heap.length > 2 * this.pendingHandles.size) this.rebuild();
    return true;
  }

  /** The earliest pending timer, without removing it. */
  peek(): QueuedTimer | undefined {
    this.dropCancelledTop();
    return this.heap[0];
  }

  /** Removes and returns the earliest pending timer. */
  pop(): QueuedTimer | undefined {
    this.dropCancelledTop();
    const top = this.heap[0];
    if (top === undefined) return undefined;
    this.removeTop();
    this.pendingHandles.delete(top.handle);
    return top;
  }

  /** Every pending timer, in due order. */
  pending(): TimerHandle[] {
    return this.heap
      .filter((timer) => this.pendingHandles.has(timer.handle))
      .map((timer) => timer.handle)
      .sort(compareHandles);
  }

  private dropCancelledTop(): void {
    while (this.heap.length > 0 && !this.pendingHandles.has(this.heap[0].handle)) this.removeTop();
  }

  private rebuild(): void {
    const live = this.heap.filter((timer) => this.pendingHandles.has(timer.handle));
    this.heap.length = 0;
    for (const timer of live) {
      this.heap.push(timer);
      this.siftUp(this.heap.length - 1);
    }
  }

  private removeTop(): void {
    const last = this.heap.pop()!;
    if (this.heap.length > 0) {
      this.heap[0] = last;
      this.siftDown(0);
    }
  }

  private siftUp(index: number): void {
    const heap = this.heap;
    while (index > 0) {
      const parent = (index - 1) >> 1;
      if (compareHandles(heap[index].handle, heap[parent].handle) >= 0) return;
      [heap[index], heap[parent]] = [heap[parent], heap[index]];
      index = parent;
    }
  }

  private siftDown(index: number): void {
    const heap = this.heap;
    for (;;) {
      const left = 2 * index + 1;
      const right = left + 1;
      let smallest = index;
      if (left < heap.length && compareHandles(heap[left].handle, heap[smallest].handle) < 0) smallest = left;
      if (right < heap.length && compareHandles(heap[right].handle, heap[smallest].handle) < 0)
        smallest = right;
      if (smallest === index) return;
      [heap[index], heap[smallest]] = [heap[smallest], heap[index]];
      index = smallest;
    }
  }
}

function compareHandles(a: TimerHandle, b: TimerHandle): number {
  return a.dueAt - b.dueAt || a.id - b.id;
}
