// The copies of a scanner's universe its hooks get. Each hook's `context.universe` is a fresh
// frozen copy (never the manager's own array: docs/reliability.md, fault `universe-copy`), and a
// scan hands that copy to the bulk reads (`getIndicatorValues`, `getLatestCloses`). A copy of a
// frozen array holds the same symbols for good, so the plugin's view of the session answers those
// reads for the array it copies (`originOf`): the day's universe, resolved once and then found by
// identity (core/universe-resolutions.ts), where a copy seen for the first time had its 2,000
// entries compared with a resolution's at every read. The copies are held weakly: one a plugin
// drops takes its entry with it.

import type { UniverseOrigins } from "../session/plugin-session-data.js";

export class UniverseCopies implements UniverseOrigins {
  private readonly origins = new WeakMap<readonly string[], readonly string[]>();

  /** A frozen copy of `universe`, remembered as holding its symbols when `universe` is frozen. */
  copy(universe: readonly string[]): readonly string[] {
    const copy = Object.freeze([...universe]);
    if (Object.isFrozen(universe)) this.origins.set(copy, universe);
    return copy;
  }

  /** The frozen array `symbols` is a copy of (by `copy`), else `symbols` itself. */
  originOf(symbols: readonly string[]): readonly string[] {
    return this.origins.get(symbols) ?? symbols;
  }
}
