// The symbols a session holds, shared by SessionData (which answers plugins) and the
// SessionCoordinator (which provisions and streams): per-symbol state, the configured symbols and
// the locks. Plain bookkeeping; the rules live in the two services.

import { injectable } from "tsyringe";
import { SymbolLocks } from "./symbol-locks.js";
import { type SymbolMetadata, SymbolState } from "./symbol-state.js";

@injectable()
export class SessionSymbols {
  private readonly states = new Map<string, SymbolState>();
  private readonly configSymbols = new Set<string>();
  readonly locks = new SymbolLocks();

  get(symbol: string): SymbolState | undefined {
    return this.states.get(symbol);
  }

  has(symbol: string): boolean {
    return this.states.has(symbol);
  }

  create(symbol: string, metadata: SymbolMetadata): SymbolState {
    const state = new SymbolState(symbol, metadata);
    this.states.set(symbol, state);
    return state;
  }

  delete(symbol: string): void {
    this.states.delete(symbol);
  }

  all(): IterableIterator<SymbolState> {
    return this.states.values();
  }

  symbols(): string[] {
    return [...this.states.keys()];
  }

  registerConfigSymbol(symbol: string): boolean {
    if (this.configSymbols.has(symbol)) return false;
    this.configSymbols.add(symbol);
    return true;
  }

  isConfigSymbol(symbol: string): boolean {
    return this.configSymbols.has(symbol);
  }

  configSymbolSet(): ReadonlySet<string> {
    return new Set(this.configSymbols);
  }
}
