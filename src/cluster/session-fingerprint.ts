// The state one trading day hands to the next, as one digest. Between days a session keeps: its
// symbols (configured, promoted, locked) with their metadata and locks, each symbol's bar series,
// live streams, history bookkeeping, and its indicators (who holds them, their resumable state).
// Scanner state is per day (setup makes it), so it does not cross. Two sessions with the same
// digest between days run the following days identically: that is what lets a distributed
// backtest accept a range run speculatively (see docs/architecture.md, "Distributed backtests").
//
// `addedAt` (the instant a symbol was first provisioned) is left out: a session started fresh a few
// days before a boundary has the same symbols added at a later instant, and nothing journaled
// depends on it.

import { createHash, type Hash } from "node:crypto";
import type { WiredSession } from "../runtime/create-session.js";
import { SessionSymbols } from "../session/session-symbols.js";

/** Hex digest of the session's between-days state (call it after a day ended, before the next starts). */
export function sessionFingerprint(session: WiredSession): string {
  const hash = createHash("sha256");
  for (const part of describeSessionState(session)) hash.update(`${part}\n`);
  return hash.digest("hex");
}

/** The between-days state as text, one part per symbol (and the locks last): what the digest covers. */
export function describeSessionState(session: WiredSession): string[] {
  const symbols = session.container.resolve(SessionSymbols);
  const parts: string[] = [];
  const states = [...symbols.all()].sort((a, b) => (a.symbol < b.symbol ? -1 : a.symbol > b.symbol ? 1 : 0));
  for (const state of states) {
    const { addedAt: _addedAt, ...metadata } = state.metadata;
    const hash = createHash("sha256");
    for (const interval of [...state.series.keys()].sort()) {
      hash.update(`|series ${interval}|`);
      hashColumns(hash, state.series.get(interval)!.view());
    }
    parts.push(
      JSON.stringify({
        symbol: state.symbol,
        metadata,
        config: symbols.isConfigSymbol(state.symbol),
        locks: symbols.locks.reasonsOf(state.symbol),
        streams: [...state.streams].sort(),
        aggregators: [...state.derivedStreams],
        historyFrom: [...state.historyFrom].sort(),
        retention: [...state.retention].sort(),
        indicators: session.indicators.stateOf(state.symbol),
        series: hash.digest("hex"),
      }),
    );
  }
  // Locks may stand on symbols the session does not hold.
  const locked = symbols.locks.lockedSymbols().sort();
  parts.push(JSON.stringify(locked.map((symbol) => [symbol, symbols.locks.reasonsOf(symbol)])));
  return parts;
}

function hashColumns(
  hash: Hash,
  columns: {
    length: number;
    time: Float64Array;
    open: Float64Array;
    high: Float64Array;
    low: Float64Array;
    close: Float64Array;
    volume: Float64Array;
  },
): void {
  hash.update(String(columns.length));
  for (const column of [
    columns.time,
    columns.open,
    columns.high,
    columns.low,
    columns.close,
    columns.volume,
  ]) {
    hash.update(
      new Uint8Array(column.buffer, column.byteOffset, column.length * Float64Array.BYTES_PER_ELEMENT),
    );
  }
}
