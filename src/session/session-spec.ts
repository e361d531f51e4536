// What the session core needs from a session config: the configured symbols and, for every full
// session symbol (configured or promoted), its streams, history windows and indicators. The config
// layer's zod schema produces exactly this shape.

export interface IndicatorRequest {
  readonly type: string;
  readonly period?: number;
  readonly interval: string;
  readonly params?: Readonly<Record<string, unknown>>;
}

export interface HistoryRequest {
  readonly interval: string;
  /** Trading days ending at the last completed session. */
  readonly days: number;
}

export interface SessionDataSpec {
  readonly symbols: readonly string[];
  /** Intervals streamed live for every full session symbol (derived ones are built from the base). */
  readonly streams: readonly string[];
  readonly historical: readonly HistoryRequest[];
  readonly indicators: readonly IndicatorRequest[];
}

export const EMPTY_SESSION_DATA_SPEC: SessionDataSpec = Object.freeze({
  symbols: [],
  streams: [],
  historical: [],
  indicators: [],
});
