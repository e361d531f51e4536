// A counter of structural changes (for SessionSymbols: a symbol or a series added or removed).
// Caches built from the structure remember the value they were built at and rebuild when it moved
// on, so a change is seen by the very next read without the writer knowing who caches what.

export class Generation {
  private count = 0;

  get value(): number {
    return this.count;
  }

  /** Marks a structural change: every cache built before it is stale. */
  bump(): void {
    this.count++;
  }
}
