// The symbols a session holds, shared by SessionData (which answers plugins) and the
// SessionCoordinator (which provisions and streams): per-symbol state, the configured symbols and
// the locks. Plain bookkeeping; the rules live in the two services.

// tsyringe needs the Reflect metadata API when it loads: in the bundled build this module may run
// before the entry's own import of it.
import "reflect-metadata";
import { inject, injectable } from "tsyringe";
import { Generation } from "../core/generation.js";
import { HEAP_MEMORY, type SeriesMemory } from "../core/series-memory.js";
import { TOKENS } from "./session-tokens.js";
import { SymbolLocks } from "./symbol-locks.js";
import { type SymbolMetadata, SymbolState } from "./symbol-state.js";

@injectable()
export class SessionSymbols {
  private readonly states = new Map<string, SymbolState>();
  private readonly configSymbols = new Set<string>();
  readonly locks = new SymbolLocks();
  /** Bumped when a symbol or one of its series is created or a symbol is deleted (series never go alone). */
  readonly layout = new Generation();

  /** @param memory where the symbols' bar series get their arrays. */
  constructor(@inject(TOKENS.seriesMemory) private readonly memory: SeriesMemory = HEAP_MEMORY) {}

  get(symbol: string): SymbolState | undefined {
    return this.states.get(symbol);
  }

  has(symbol: string): boolean {
    return this.states.has(symbol);
  }

  create(symbol: string, metadata: SymbolMetadata): SymbolState {
    const state = new SymbolState(symbol, metadata, this.layout, this.memory);
    this.states.set(symbol, state);
    this.layout.bump();
    return state;
  }

  delete(symbol: string): void {
    if (this.states.delete(symbol)) this.layout.bump();
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
