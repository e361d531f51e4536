// How a scan slot's hits are compared between scanwright's journal and the contender loops: the
// count and an order-independent hash of the hit symbols (the sum, mod 2^32, of each symbol's
// FNV-1a hash), so two answers are equal slot by slot in their symbols, not only in their counts,
// without shipping thousands of symbol lists between processes.

/** One scan slot's answer. The journal's order: by slot time, then scanner name. */
export interface SlotAnswer {
  readonly scanner: string;
  readonly scheduledAt: number;
  readonly hits: number;
  readonly hash: number;
}

/** FNV-1a (32 bit) of a symbol's characters. */
export function symbolHash(symbol: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < symbol.length; i++) {
    hash ^= symbol.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash;
}

/** The hash of a set of symbols, whatever their order. */
export function hitSetHash(symbols: readonly string[]): number {
  let hash = 0;
  for (const symbol of symbols) hash = (hash + symbolHash(symbol)) >>> 0;
  return hash;
}

/** The first slot where two answers differ (as text), or `undefined` when every slot is equal. */
export function firstDifference(a: readonly SlotAnswer[], b: readonly SlotAnswer[]): string | undefined {
  if (a.length !== b.length) return `${a.length} slots against ${b.length}`;
  for (let i = 0; i < a.length; i++) {
    const x = a[i];
    const y = b[i];
    if (x.scanner !== y.scanner || x.scheduledAt !== y.scheduledAt || x.hits !== y.hits || x.hash !== y.hash)
      return `slot ${i}: ${JSON.stringify(x)} against ${JSON.stringify(y)}`;
  }
  return undefined;
}
