// Per-universe resolutions for bulk reads. A scan reads one key (an indicator key, an interval) for
// every symbol of its universe, and the same universe array comes back scan after scan. Resolving a
// symbol (normalize, two map lookups) costs more than reading its value, so the resolved targets
// (indicator instances, bar series) are kept per (symbols array, key) and reused while
//  - the owner's structure version has not moved (nothing was added or removed since), and
//  - the array still holds the same symbols (it is compared entry by entry: a caller that refills
//    its array in place gets a fresh resolution, never a stale one).
// Arrays are held weakly: a universe that is dropped takes its resolutions with it.
// A scanner's hooks each get a fresh frozen copy of its universe (context.universe, never the
// engine's own array), so the same symbols come back in a new array at every slot: an array seen
// for the first time is compared with the few latest resolutions of its key (RECENT of them,
// newest first) and, holding the same symbols, takes theirs instead of resolving every symbol
// again. That comparison is one pass of string identity checks (a copy holds the very strings).
// A frozen array cannot change: one seen frozen is kept as its resolution's symbols (no copy) and
// found again by identity alone, with no pass over its entries. The scanner manager hands the
// bulk reads its day's frozen universe in place of a hook's copy of it (UniverseCopies), so a
// scan's reads are one lookup each.

interface Resolution<Target> {
  readonly version: number;
  /**
   * The symbols as they were when resolved: a copy (the caller's array may change), or the
   * caller's array itself when it was frozen (see `resolve`).
   */
  readonly symbols: readonly string[];
  readonly targets: readonly (Target | undefined)[];
}

/** Latest resolutions kept per key for arrays not seen before (several scanners share a key). */
const RECENT = 8;

export class UniverseResolutions<Target> {
  private readonly byUniverse = new WeakMap<readonly string[], Map<string, Resolution<Target>>>();
  /** Per key, its latest resolutions, newest first, at most RECENT. */
  private readonly recent = new Map<string, Resolution<Target>[]>();

  /**
   * @param version the owner's structure version, changed on every structural change.
   * @param resolveOne the target of one symbol (as the caller wrote it) under `key`, `undefined`
   *   when there is none; it may throw (a malformed symbol), and then nothing is cached.
   */
  constructor(
    private readonly version: () => number,
    private readonly resolveOne: (symbol: string, key: string) => Target | undefined,
  ) {}

  /** The target of each of `symbols` under `key`, index for index. Do not modify the result. */
  resolve(symbols: readonly string[], key: string): readonly (Target | undefined)[] {
    const version = this.version();
    let byKey = this.byUniverse.get(symbols);
    const cached = byKey?.get(key);
    // `cached.symbols === symbols` only for an array frozen when it was resolved: still the same.
    if (
      cached !== undefined &&
      cached.version === version &&
      (cached.symbols === symbols || sameSymbols(cached.symbols, symbols))
    ) {
      return cached.targets;
    }
    const frozen = Object.isFrozen(symbols);
    let resolution = this.recentFor(key, version, symbols);
    if (resolution === undefined) resolution = this.resolveAll(key, version, symbols, frozen);
    else if (frozen && resolution.symbols !== symbols) {
      // The same targets, held under this very array: found by identity from now on.
      resolution = { version, symbols, targets: resolution.targets };
    }
    if (byKey === undefined) {
      byKey = new Map();
      this.byUniverse.set(symbols, byKey);
    }
    byKey.set(key, resolution);
    return resolution.targets;
  }

  /** A latest resolution of `key` at `version` holding the same symbols, moved to the front. */
  private recentFor(
    key: string,
    version: number,
    symbols: readonly string[],
  ): Resolution<Target> | undefined {
    const list = this.recent.get(key);
    if (list === undefined) return undefined;
    for (let index = 0; index < list.length; index++) {
      const resolution = list[index];
      if (resolution.version !== version) {
        // Stale for good (versions only move on): let go of its targets.
        list.splice(index--, 1);
        continue;
      }
      if (!sameSymbols(resolution.symbols, symbols)) continue;
      if (index > 0) {
        list.splice(index, 1);
        list.unshift(resolution);
      }
      return resolution;
    }
    return undefined;
  }

  private resolveAll(
    key: string,
    version: number,
    symbols: readonly string[],
    frozen: boolean,
  ): Resolution<Target> {
    const targets: (Target | undefined)[] = new Array(symbols.length);
    for (let i = 0; i < symbols.length; i++) targets[i] = this.resolveOne(symbols[i], key);
    const resolution = { version, symbols: frozen ? symbols : symbols.slice(), targets };
    let list = this.recent.get(key);
    if (list === undefined) {
      list = [];
      this.recent.set(key, list);
    }
    list.unshift(resolution);
    if (list.length > RECENT) list.length = RECENT;
    return resolution;
  }
}

function sameSymbols(resolved: readonly string[], symbols: readonly string[]): boolean {
  if (resolved.length !== symbols.length) return false;
  for (let i = 0; i < symbols.length; i++) {
    if (resolved[i] !== symbols[i]) return false;
  }
  return true;
}
