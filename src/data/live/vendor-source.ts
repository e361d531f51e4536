// The two things a market-data vendor gives the live feed, behind vendor-neutral interfaces: a
// stream of minute bars over one connection (MinuteBarStream) and a REST history of bars
// (BarHistorySource). Each vendor folder (data/feeds/<vendor>/) implements both from its protocol;
// LiveBarFeed (live-bar-feed.ts) turns them into the session's BarFeed. The session and the
// scanners never see a vendor type.

import type { FeedError } from "../../core/errors.js";

/** One bar as a vendor sent it, mapped to scanwright's terms: `time` is the bar's start, epoch ms. */
export interface VendorBar {
  readonly symbol: string;
  readonly time: number;
  readonly open: number;
  readonly high: number;
  readonly low: number;
  readonly close: number;
  readonly volume: number;
}

/** What a stream tells its owner. Every callback runs on the socket's events. */
export interface StreamHandlers {
  /** A minute bar; `updated` when the vendor corrects a bar it sent before (late trades). */
  onBar(bar: VendorBar, updated: boolean): void;
  /** The vendor confirmed these symbols' minute bars are now streamed (after a subscribe). */
  onSubscribed(symbols: readonly string[]): void;
  /** The vendor refused something (a coded error); `fatal` ones end the connection for good. */
  onError(error: FeedError): void;
  /** The connection is gone (after `ready`, or before it with the error that stopped it). */
  onClosed(error: FeedError | undefined): void;
}

/** One connection to a vendor's stream. */
export interface MinuteBarStream {
  /** Opens, authenticates; resolves once symbols may be subscribed, rejects with a FeedError. */
  open(): Promise<void>;
  subscribe(symbols: readonly string[]): void;
  unsubscribe(symbols: readonly string[]): void;
  /** Closes for good (no `onClosed` afterwards). */
  close(): void;
}

/** A bar interval REST history is fetched in. */
export type HistoryInterval = "1m" | "1d";

/** A vendor's REST history. */
export interface BarHistorySource {
  /**
   * Bars of `symbols` whose start is in [fromTime, toTime), every page followed and rate limits
   * waited out; by symbol, oldest first. A symbol the vendor has no bar for is absent. Daily bars
   * are stamped at the session's open (09:30 New York), as the store keeps them.
   */
  fetchBars(
    symbols: readonly string[],
    interval: HistoryInterval,
    fromTime: number,
    toTime: number,
  ): Promise<Map<string, VendorBar[]>>;
}
