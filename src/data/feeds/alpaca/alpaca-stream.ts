// One connection to Alpaca's market-data stream (alpaca-messages.ts has the protocol): open, wait
// for `connected`, authenticate, then subscribe minute bars and updated bars per symbol. Frames are
// validated; bars are handed to the LiveBarFeed, vendor errors mapped to coded FeedErrors. The
// credentials go into the auth frame only: never into a log line or an error.

import WebSocket from "ws";
import { FeedError } from "../../../core/errors.js";
import type { Logger } from "../../../core/logger.js";
import type { MinuteBarStream, StreamHandlers, VendorBar } from "../../live/vendor-source.js";
import { type StreamFrame, streamErrorReason, streamFrameSchema } from "./alpaca-messages.js";

export interface AlpacaStreamOptions {
  /** Base URL (`wss://stream.data.alpaca.markets`); the feed's path (`/v2/iex`) is appended. */
  readonly baseUrl: string;
  readonly dataFeed: "iex" | "sip" | "delayed_sip";
  readonly key: string;
  readonly secret: string;
  readonly logger: Logger;
}

export class AlpacaStream implements MinuteBarStream {
  private socket: WebSocket | undefined;
  private ready = false;
  private closedByUs = false;

  constructor(
    private readonly options: AlpacaStreamOptions,
    private readonly handlers: StreamHandlers,
  ) {}

  open(): Promise<void> {
    const url = `${this.options.baseUrl.replace(/\/+$/, "")}/v2/${this.options.dataFeed}`;
    return new Promise((resolve, reject) => {
      const socket = new WebSocket(url);
      this.socket = socket;
      let settled = false;
      const fail = (error: FeedError): void => {
        if (settled) return;
        settled = true;
        reject(error);
        socket.terminate();
      };
      socket.on("message", (data) => {
        for (const frame of this.framesOf(String(data))) {
          if (!this.ready) {
            if (frame.T === "success" && frame.msg === "connected") {
              socket.send(
                JSON.stringify({ action: "auth", key: this.options.key, secret: this.options.secret }),
              );
            } else if (frame.T === "success" && frame.msg === "authenticated") {
              this.ready = true;
              settled = true;
              resolve();
            } else if (frame.T === "error") {
              fail(alpacaError(frame.code, frame.msg));
            }
            continue;
          }
          this.onFrame(frame);
        }
      });
      socket.on("error", (error) => {
        fail(
          new FeedError("unavailable", `alpaca: cannot connect to ${url}: ${error.message}`, {
            cause: error,
          }),
        );
      });
      socket.on("close", (code) => {
        const wasReady = this.ready;
        this.ready = false;
        if (this.socket === socket) this.socket = undefined;
        fail(
          new FeedError(
            "unavailable",
            `alpaca: ${url} closed the connection (${code}) before authentication`,
          ),
        );
        if (wasReady && !this.closedByUs) this.handlers.onClosed(this.lastError);
      });
    });
  }

  subscribe(symbols: readonly string[]): void {
    this.send({ action: "subscribe", bars: symbols, updatedBars: symbols });
  }

  unsubscribe(symbols: readonly string[]): void {
    this.send({ action: "unsubscribe", bars: symbols, updatedBars: symbols });
  }

  close(): void {
    this.closedByUs = true;
    this.socket?.close();
    this.socket = undefined;
  }

  /** The last error frame of the connection, handed on when it closes. */
  private lastError: FeedError | undefined;

  private send(action: object): void {
    if (this.ready && this.socket?.readyState === WebSocket.OPEN) this.socket.send(JSON.stringify(action));
  }

  private onFrame(frame: StreamFrame): void {
    switch (frame.T) {
      case "b":
      case "u":
        this.handlers.onBar(barOf(frame), frame.T === "u");
        return;
      case "subscription":
        this.handlers.onSubscribed(frame.bars);
        return;
      case "error": {
        const error = alpacaError(frame.code, frame.msg);
        this.lastError = error;
        this.handlers.onError(error);
        return;
      }
      default:
        return; // daily bars and other successes: the session builds its daily bar from the minutes
    }
  }

  private framesOf(text: string): StreamFrame[] {
    let message: unknown;
    try {
      message = JSON.parse(text);
    } catch {
      this.options.logger.warn("alpaca: a message that is not JSON was skipped", { length: text.length });
      return [];
    }
    const frames: StreamFrame[] = [];
    for (const item of Array.isArray(message) ? message : [message]) {
      const parsed = streamFrameSchema.safeParse(item);
      if (parsed.success) frames.push(parsed.data);
      else
        this.options.logger.warn("alpaca: a frame that is not in the documented format was skipped", {
          type: typeof item === "object" && item !== null ? String((item as { T?: unknown }).T) : typeof item,
        });
    }
    return frames;
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
