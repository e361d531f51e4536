// One connection to Massive's stocks stream (massive-messages.ts has the protocol): open, wait
// for `connected`, authenticate with the API key, then subscribe the per-minute aggregates (`AM.`)
// per symbol. Events are validated; aggregates go to the LiveBarFeed, refusals become coded
// FeedErrors. The key goes into the auth action only. The socket's lifecycle is the shared one
// (live/json-socket-stream.ts).

import { FeedError } from "../../../core/errors.js";
import type { Logger } from "../../../core/logger.js";
import { JsonSocketStream, type StreamConnection } from "../../live/json-socket-stream.js";
import type { StreamHandlers } from "../../live/vendor-source.js";
import { massiveEventSchema, statusFailure, symbolsOfSubscription } from "./massive-messages.js";

export interface MassiveStreamOptions {
  /** Base URL (`wss://socket.massive.com`); `/stocks` is appended. */
  readonly baseUrl: string;
  readonly key: string;
  readonly logger: Logger;
}

export class MassiveStream extends JsonSocketStream {
  constructor(
    private readonly options: MassiveStreamOptions,
    handlers: StreamHandlers,
  ) {
    super("massive", options.logger, handlers);
  }

  subscribe(symbols: readonly string[]): void {
    this.send("subscribe", symbols);
  }

  unsubscribe(symbols: readonly string[]): void {
    this.send("unsubscribe", symbols);
  }

  protected streamUrl(): string {
    return `${this.options.baseUrl.replace(/\/+$/, "")}/stocks`;
  }

  protected onFrame(item: unknown, connection: StreamConnection): void {
    const ev = typeof item === "object" && item !== null ? (item as { ev?: unknown }).ev : undefined;
    if (ev !== "status" && ev !== "AM") return; // other channels (trades, quotes) are not ours
    const parsed = massiveEventSchema.safeParse(item);
    if (!parsed.success) {
      this.logger.warn("massive: an event not in the documented format was skipped", { ev: String(ev) });
      return;
    }
    const event = parsed.data;
    if (event.ev !== "status") {
      if (this.ready) {
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
      return;
    }
    const failure = statusFailure(event.status);
    if (failure !== undefined) {
      connection.refuse(new FeedError(failure, `massive stream: ${event.status}: ${event.message}`));
    } else if (event.status === "connected" && !this.ready) {
      connection.send({ action: "auth", params: this.options.key });
    } else if (event.status === "auth_success" && !this.ready) {
      connection.ready();
    } else if (event.status === "success" && this.ready) {
      const symbols = symbolsOfSubscription(event.message);
      if (symbols.length > 0) this.handlers.onSubscribed(symbols);
    }
  }

  private send(action: "subscribe" | "unsubscribe", symbols: readonly string[]): void {
    if (symbols.length === 0) return;
    this.sendWhenReady({ action, params: symbols.map((symbol) => `AM.${symbol}`).join(",") });
  }
}
