// A session's between-days state as data, and its byte encoding: what one process hands another so
// that the second runs the following days exactly as the first would have (a distributed backtest
// ships the state a range ended with to the range after it, docs/architecture.md "Distributed
// backtests"). SessionCoordinator.exportState / importState make and apply it; this file only
// describes and encodes it.
//
// Encoding: the 4-byte magic "SWSS", the format version (uint32, little endian), then a gzip of
// [uint32 length of a JSON header][the header][padding to 8 bytes][every series' six Float64
// columns, one after the other]. The header holds everything but the bars, with each series'
// length; the bars travel as their IEEE-754 bytes, so they come back bit for bit (no decimal
// round trip, and a tenth of the size of JSON number arrays before compression).

import { gunzipSync, gzipSync } from "node:zlib";
import { allocateBarColumns, type BarColumns } from "../core/bar-columns.js";
import { SessionError } from "../core/errors.js";
import type { ExportedIndicator } from "../indicators/indicator-manager.js";
import type { SymbolMetadata } from "./symbol-state.js";

/** Bumped whenever the encoded layout or what it holds changes: an older snapshot is refused. */
export const SESSION_STATE_VERSION = 1;
const MAGIC = "SWSS";
const FIELDS = 6;

export interface SymbolStateExport {
  readonly symbol: string;
  readonly metadata: SymbolMetadata;
  /** Live intervals in the order they were added (the derived ones join their lanes in it). */
  readonly streams: readonly string[];
  readonly historyFrom: ReadonlyArray<readonly [interval: string, firstDate: string]>;
  readonly retention: ReadonlyArray<readonly [interval: string, bars: number]>;
  /** Indicator key → interval, as the symbol's state records them. */
  readonly indicatorIntervals: ReadonlyArray<readonly [key: string, interval: string]>;
  readonly indicators: readonly ExportedIndicator[];
  readonly series: ReadonlyArray<{ readonly interval: string; readonly bars: BarColumns }>;
}

export interface SessionStateExport {
  /** In the order the session created them. */
  readonly symbols: readonly SymbolStateExport[];
  /** Symbols registered as configured (held or not). */
  readonly configSymbols: readonly string[];
  /** Locks with their reasons in the order they were added (a lock may stand on a symbol not held). */
  readonly locks: ReadonlyArray<readonly [symbol: string, reasons: readonly string[]]>;
}

interface Header {
  readonly configHash: string;
  readonly configSymbols: readonly string[];
  readonly locks: SessionStateExport["locks"];
  readonly symbols: ReadonlyArray<
    Omit<SymbolStateExport, "series"> & {
      readonly series: ReadonlyArray<{ readonly interval: string; readonly length: number }>;
    }
  >;
}

/** The state as bytes, stamped with the hash of the config it belongs to. */
export function encodeSessionState(state: SessionStateExport, configHash: string): Buffer {
  const header: Header = {
    configHash,
    configSymbols: state.configSymbols,
    locks: state.locks,
    symbols: state.symbols.map(({ series, ...rest }) => ({
      ...rest,
      series: series.map(({ interval, bars }) => ({ interval, length: bars.length })),
    })),
  };
  const json = Buffer.from(JSON.stringify(header), "utf8");
  const barsAt = align8(4 + json.length);
  let values = 0;
  for (const symbol of state.symbols) for (const { bars } of symbol.series) values += FIELDS * bars.length;
  const body = Buffer.alloc(barsAt + values * Float64Array.BYTES_PER_ELEMENT);
  body.writeUInt32LE(json.length, 0);
  json.copy(body, 4);
  const out = new Float64Array(body.buffer, body.byteOffset + barsAt, values);
  let at = 0;
  for (const symbol of state.symbols) {
    for (const { bars } of symbol.series) {
      for (const column of columnsOf(bars)) {
        out.set(column.subarray(0, bars.length), at);
        at += bars.length;
      }
    }
  }
  const prefix = Buffer.alloc(8);
  prefix.write(MAGIC, 0, "latin1");
  prefix.writeUInt32LE(SESSION_STATE_VERSION, 4);
  return Buffer.concat([prefix, gzipSync(body, { level: 1 })]);
}

/**
 * Decodes bytes of `encodeSessionState`. Throws a SessionError naming `source` when they are not a
 * session state, are of another format version, or belong to another config than `configHash`.
 */
export function decodeSessionState(
  bytes: Uint8Array,
  configHash: string,
  source: string,
): SessionStateExport {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (buffer.length < 8 || buffer.toString("latin1", 0, 4) !== MAGIC) {
    throw new SessionError(`${source}: not a session state (no "${MAGIC}" header)`);
  }
  const version = buffer.readUInt32LE(4);
  if (version !== SESSION_STATE_VERSION) {
    throw new SessionError(
      `${source}: session state format version ${version}, this scanwright reads version ${SESSION_STATE_VERSION}`,
    );
  }
  let body: Buffer;
  let header: Header;
  try {
    body = gunzipSync(buffer.subarray(8));
    const length = body.readUInt32LE(0);
    header = JSON.parse(body.toString("utf8", 4, 4 + length)) as Header;
  } catch (error) {
    throw new SessionError(`${source}: session state is damaged: ${(error as Error).message}`, {
      cause: error,
    });
  }
  if (header.configHash !== configHash) {
    throw new SessionError(
      `${source}: session state of config ${header.configHash.slice(0, 12)}, not of this config (${configHash.slice(0, 12)})`,
    );
  }
  const barsAt = align8(4 + body.readUInt32LE(0));
  // A copy: the gunzipped buffer may come from Node's pool at an offset not a multiple of 8.
  const values = new Float64Array(body.buffer.slice(body.byteOffset + barsAt, body.byteOffset + body.length));
  let at = 0;
  const symbols = header.symbols.map(({ series, ...rest }) => ({
    ...rest,
    series: series.map(({ interval, length }) => {
      const bars = allocateBarColumns(length);
      for (const column of columnsOf(bars)) {
        if (at + length > values.length) throw new SessionError(`${source}: session state is truncated`);
        column.set(values.subarray(at, at + length));
        at += length;
      }
      return { interval, bars };
    }),
  }));
  if (at !== values.length) throw new SessionError(`${source}: session state has bytes past its bars`);
  return { symbols, configSymbols: header.configSymbols, locks: header.locks };
}

function columnsOf(bars: BarColumns): Float64Array[] {
  return [bars.time, bars.open, bars.high, bars.low, bars.close, bars.volume];
}

function align8(offset: number): number {
  return Math.ceil(offset / 8) * 8;
}
