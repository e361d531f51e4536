// Hands out small integer slots (indexes into per-slot arrays such as the derived lanes'), reusing
// released ones first, so the arrays stay as long as the most slots held at once.

export class SlotPool {
  private next = 0;
  private readonly free: number[] = [];

  /** A slot no one holds. */
  take(): number {
    return this.free.pop() ?? this.next++;
  }

  /** Gives `slot` (from `take`, held) back. */
  release(slot: number): void {
    this.free.push(slot);
  }
}
