// Locks protect symbols from adhoc removal (an open position, a pending order). A symbol can carry
// several reasons at once; it stays locked until every reason is released. Locks are independent of
// whether the symbol is loaded and persist across trading days.

import { SessionError } from "../core/errors.js";

export class SymbolLocks {
  private readonly reasons = new Map<string, Set<string>>();

  /** Adds a reason; `false` when that reason already stood. */
  lock(symbol: string, reason: string): boolean {
    if (typeof reason !== "string" || reason.trim() === "") {
      throw new SessionError(
        `lockSymbol("${symbol}"): reason must be a non-empty string, got ${JSON.stringify(reason)}`,
      );
    }
    const reasons = this.reasons.get(symbol);
    if (!reasons) {
      this.reasons.set(symbol, new Set([reason.trim()]));
      return true;
    }
    if (reasons.has(reason.trim())) return false;
    reasons.add(reason.trim());
    return true;
  }

  /** Releases one reason, or every reason when none is given; `false` when nothing was released. */
  unlock(symbol: string, reason?: string): boolean {
    const reasons = this.reasons.get(symbol);
    if (!reasons) return false;
    if (reason === undefined) {
      this.reasons.delete(symbol);
      return true;
    }
    const released = reasons.delete(reason.trim());
    if (reasons.size === 0) this.reasons.delete(symbol);
    return released;
  }

  isLocked(symbol: string): boolean {
    return this.reasons.has(symbol);
  }

  /** The reasons a symbol is locked for, in the order they were added. */
  reasonsOf(symbol: string): string[] {
    return [...(this.reasons.get(symbol) ?? [])];
  }

  lockedSymbols(): string[] {
    return [...this.reasons.keys()];
  }
}
