// Per-universe resolutions for bulk reads. A scan reads one key (an indicator key, an interval) for
// every symbol of its universe, and the same universe array comes back scan after scan. Resolving a
// symbol (normalize, two map lookups) costs more than reading its value, so the resolved targets
// (indicator instances, bar series) are kept per (symbols array, key) and reused while
//  - the owner's structure version has not moved (nothing was added or removed since), and
//  - the array still holds the same symbols (it is compared entry by entry: a caller that refills
//    its array in place gets a fresh resolution, never a stale one).
// Arrays are held weakly: a universe that is dropped takes its resolutions with it.

interface Resolution<Target> {
  readonly version: number;
  /** The symbols as they were when resolved (a copy: the caller's array may change). */
  readonly symbols: readonly string[];
  readonly targets: readonly (Target | undefined)[];
}

export class UniverseResolutions<Target> {
  private readonly byUniverse = new WeakMap<readonly string[], Map<string, Resolution<Target>>>();

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
    if (cached !== undefined && cached.version === version && sameSymbols(cached.symbols, symbols)) {
      return cached.targets;
    }
    const targets: (Target | undefined)[] = new Array(symbols.length);
    for (let i = 0; i < symbols.length; i++) targets[i] = this.resolveOne(symbols[i], key);
    if (byKey === undefined) {
      byKey = new Map();
      this.byUniverse.set(symbols, byKey);
    }
    byKey.set(key, { version, symbols: symbols.slice(), targets });
    return targets;
  }
}

function sameSymbols(resolved: readonly string[], symbols: readonly string[]): boolean {
  if (resolved.length !== symbols.length) return false;
  for (let i = 0; i < symbols.length; i++) {
    if (resolved[i] !== symbols[i]) return false;
  }
  return true;
}
