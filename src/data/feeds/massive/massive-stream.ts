// One connection to Massive's stocks stream (massive-messages.ts has the protocol): open, wait
// for `connected`, authenticate with the API key, then subscribe the per-minute aggregates (`AM.`)
// per symbol. Events are validated; aggregates go to the LiveBarFeed, refusals become coded
// FeedErrors. The key goes into the auth action only.

import WebSocket from "ws";
import { FeedError } from "../../../core/errors.js";
import type { Logger } from "../../../core/logger.js";
import type { MinuteBarStream, StreamHandlers } from "../../live/vendor-source.js";
import {
  type MassiveEvent,
  massiveEventSchema,
  statusFailure,
  symbolsOfSubscription,
} from "./massive-messages.js";

export interface MassiveStreamOptions {
  /** Base URL (`wss://socket.massive.com`); `/stocks` is appended. */
  readonly baseUrl: string;
  readonly key: string;
  readonly logger: Logger;
}

export class MassiveStream implements MinuteBarStream {
  private socket: WebSocket | undefined;
  private ready = false;
  private closedByUs = false;
  private lastError: FeedError | undefined;

  constructor(
    private readonly options: MassiveStreamOptions,
    private readonly handlers: StreamHandlers,
  ) {}

  open(): Promise<void> {
    const url = `${this.options.baseUrl.replace(/\/+$/, "")}/stocks`;
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
        for (const event of this.eventsOf(String(data))) {
          if (event.ev !== "status") {
            if (this.ready) this.onAggregate(event);
            continue;
          }
          const failure = statusFailure(event.status);
          if (failure !== undefined) {
            const error = new FeedError(failure, `massive stream: ${event.status}: ${event.message}`);
            if (!this.ready) fail(error);
            else {
              this.lastError = error;
              this.handlers.onError(error);
            }
          } else if (event.status === "connected" && !this.ready) {
            socket.send(JSON.stringify({ action: "auth", params: this.options.key }));
          } else if (event.status === "auth_success" && !this.ready) {
            this.ready = true;
            settled = true;
            resolve();
          } else if (event.status === "success" && this.ready) {
            const symbols = symbolsOfSubscription(event.message);
            if (symbols.length > 0) this.handlers.onSubscribed(symbols);
          }
        }
      });
      socket.on("error", (error) => {
        fail(
          new FeedError("unavailable", `massive: cannot connect to ${url}: ${error.message}`, {
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
            `massive: ${url} closed the connection (${code}) before authentication`,
          ),
        );
        if (wasReady && !this.closedByUs) this.handlers.onClosed(this.lastError);
      });
    });
  }

  subscribe(symbols: readonly string[]): void {
    this.send("subscribe", symbols);
  }

  unsubscribe(symbols: readonly string[]): void {
    this.send("unsubscribe", symbols);
  }

  close(): void {
    this.closedByUs = true;
    this.socket?.close();
    this.socket = undefined;
  }

  private send(action: "subscribe" | "unsubscribe", symbols: readonly string[]): void {
    if (!this.ready || this.socket?.readyState !== WebSocket.OPEN || symbols.length === 0) return;
    this.socket.send(JSON.stringify({ action, params: symbols.map((symbol) => `AM.${symbol}`).join(",") }));
  }

  private onAggregate(event: Extract<MassiveEvent, { ev: "AM" }>): void {
    this.handlers.onBar(
      {
        symbol: event.sym,
        time: event.s,
        open: event.o,
        high: event.h,
        low: event.l,
        close: event.c,
        volume: event.v,
      },
      false,
    );
  }

  private eventsOf(text: string): MassiveEvent[] {
    let message: unknown;
    try {
      message = JSON.parse(text);
    } catch {
      this.options.logger.warn("massive: a message that is not JSON was skipped", { length: text.length });
      return [];
    }
    const events: MassiveEvent[] = [];
    for (const item of Array.isArray(message) ? message : [message]) {
      const ev = typeof item === "object" && item !== null ? (item as { ev?: unknown }).ev : undefined;
      if (ev !== "status" && ev !== "AM") continue; // other channels (trades, quotes) are not ours
      const parsed = massiveEventSchema.safeParse(item);
      if (parsed.success) events.push(parsed.data);
      else
        this.options.logger.warn("massive: an event not in the documented format was skipped", {
          ev: String(ev),
        });
    }
    return events;
  }
}
