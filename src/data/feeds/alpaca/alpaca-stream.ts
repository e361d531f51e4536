// One connection to Alpaca's market-data stream (alpaca-messages.ts has the protocol): open, wait
// for `connected`, authenticate, then subscribe minute bars and updated bars per symbol. Frames are
// validated; bars are handed to the LiveBarFeed, vendor errors mapped to coded FeedErrors. The
// credentials go into the auth frame only: never into a log line or an error. The socket's
// lifecycle is the shared one (live/json-socket-stream.ts).

import { FeedError } from "../../../core/errors.js";
import type { Logger } from "../../../core/logger.js";
import { JsonSocketStream, type StreamConnection } from "../../live/json-socket-stream.js";
import type { StreamHandlers, VendorBar } from "../../live/vendor-source.js";
import { type StreamFrame, streamErrorReason, streamFrameSchema } from "./alpaca-messages.js";

export interface AlpacaStreamOptions {
  /** Base URL (`wss://stream.data.alpaca.markets`); the feed's path (`/v2/iex`) is appended. */
  readonly baseUrl: string;
  readonly dataFeed: "iex" | "sip" | "delayed_sip";
  readonly key: string;
  readonly secret: string;
  readonly logger: Logger;
}

export class AlpacaStream extends JsonSocketStream {
  constructor(
    private readonly options: AlpacaStreamOptions,
    handlers: StreamHandlers,
  ) {
    super("alpaca", options.logger, handlers);
  }

  subscribe(symbols: readonly string[]): void {
    this.sendWhenReady({ action: "subscribe", bars: symbols, updatedBars: symbols });
  }

  unsubscribe(symbols: readonly string[]): void {
    this.sendWhenReady({ action: "unsubscribe", bars: symbols, updatedBars: symbols });
  }

  protected streamUrl(): string {
    return `${this.options.baseUrl.replace(/\/+$/, "")}/v2/${this.options.dataFeed}`;
  }

  protected onFrame(item: unknown, connection: StreamConnection): void {
    const parsed = streamFrameSchema.safeParse(item);
    if (!parsed.success) {
      this.logger.warn("alpaca: a frame that is not in the documented format was skipped", {
        type: typeof item === "object" && item !== null ? String((item as { T?: unknown }).T) : typeof item,
      });
      return;
    }
    const frame = parsed.data;
    if (frame.T === "error") {
      connection.refuse(alpacaError(frame.code, frame.msg));
      return;
    }
    if (!this.ready) {
      if (frame.T === "success" && frame.msg === "connected") {
        connection.send({ action: "auth", key: this.options.key, secret: this.options.secret });
      } else if (frame.T === "success" && frame.msg === "authenticated") {
        connection.ready();
      }
      return;
    }
    switch (frame.T) {
      case "b":
      case "u":
        this.handlers.onBar(barOf(frame), frame.T === "u");
        return;
      case "subscription":
        this.handlers.onSubscribed(frame.bars);
        return;
      default:
        return; // daily bars and other successes: the session builds its daily bar from the minutes
    }
  }
}

function alpacaError(code: number, message: string): FeedError {
  return new FeedError(streamErrorReason(code), `alpaca stream error ${code}: ${message}`, {
    vendorCode: code,
  });
}

function barOf(frame: Extract<StreamFrame, { T: "b" | "u" }>): VendorBar {
  return {
    symbol: frame.S,
    time: Date.parse(frame.t),
    open: frame.o,
    high: frame.h,
    low: frame.l,
    close: frame.c,
    volume: frame.v,
  };
}
