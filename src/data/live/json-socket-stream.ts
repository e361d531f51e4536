// What every vendor's minute-bar stream does the same way, whatever its protocol: one websocket,
// JSON messages (an array of frames, or one), a handshake the vendor leads (connected → auth →
// authenticated) after which `open` resolves, refusals as coded FeedErrors (rejecting `open`
// during the handshake, reported to the owner after it and handed on when the connection closes),
// and a close that is reported only when it was not ours. A vendor subclass names the URL, reads
// each frame (`onFrame`) and speaks its subscribe/unsubscribe actions.

import type WebSocket from "ws";
import { FeedError } from "../../core/errors.js";
import type { Logger } from "../../core/logger.js";
import type { MinuteBarStream, StreamHandlers } from "./vendor-source.js";

/** What a vendor's frame handler may do on its connection. */
export interface StreamConnection {
  /** Sends an action now (the handshake's `auth` too). */
  send(action: object): void;
  /** The handshake is done: `open` resolves, subscriptions may be sent. */
  ready(): void;
  /** The vendor refused something: `open` rejects with it during the handshake; after, the owner hears it. */
  refuse(error: FeedError): void;
}

export abstract class JsonSocketStream implements MinuteBarStream {
  private socket: WebSocket | undefined;
  private authenticated = false;
  private closedByUs = false;
  /** The last refusal of the connection, handed on when it closes. */
  private lastError: FeedError | undefined;

  protected constructor(
    /** For messages (`alpaca`). */
    private readonly vendor: string,
    protected readonly logger: Logger,
    protected readonly handlers: StreamHandlers,
  ) {}

  /** The websocket URL to open. */
  protected abstract streamUrl(): string;
  /** One frame of a message (an array message is its frames, in order). */
  protected abstract onFrame(frame: unknown, connection: StreamConnection): void;
  abstract subscribe(symbols: readonly string[]): void;
  abstract unsubscribe(symbols: readonly string[]): void;

  /** Whether the handshake is done (and the connection still open). */
  protected get ready(): boolean {
    return this.authenticated;
  }

  async open(): Promise<void> {
    const url = this.streamUrl();
    // ws (and with it Node's http, tls and zlib) is loaded by the first connection, not by every
    // command the CLI registers.
    const { default: WebSocketClass } = await import("ws");
    if (this.closedByUs)
      throw new FeedError("unavailable", `${this.vendor}: closed while connecting to ${url}`);
    return new Promise((resolve, reject) => {
      const socket = new WebSocketClass(url);
      this.socket = socket;
      let settled = false;
      const fail = (error: FeedError): void => {
        if (settled) return;
        settled = true;
        reject(error);
        socket.terminate();
      };
      const connection: StreamConnection = {
        send: (action) => socket.send(JSON.stringify(action)),
        ready: () => {
          if (settled) return;
          this.authenticated = true;
          settled = true;
          resolve();
        },
        refuse: (error) => {
          if (!this.authenticated) {
            fail(error);
            return;
          }
          this.lastError = error;
          this.handlers.onError(error);
        },
      };
      socket.on("message", (data) => {
        for (const frame of this.framesOf(String(data))) this.onFrame(frame, connection);
      });
      socket.on("error", (error) => {
        fail(
          new FeedError("unavailable", `${this.vendor}: cannot connect to ${url}: ${error.message}`, {
            cause: error,
          }),
        );
      });
      socket.on("close", (code) => {
        const wasReady = this.authenticated;
        this.authenticated = false;
        if (this.socket === socket) this.socket = undefined;
        fail(
          new FeedError(
            "unavailable",
            `${this.vendor}: ${url} closed the connection (${code}) before authentication`,
          ),
        );
        if (wasReady && !this.closedByUs) this.handlers.onClosed(this.lastError);
      });
    });
  }

  close(): void {
    this.closedByUs = true;
    this.socket?.close();
    this.socket = undefined;
  }

  /** Sends an action once the handshake is done (before it, or on a closed socket: nothing). */
  protected sendWhenReady(action: object): void {
    if (this.authenticated && this.socket !== undefined && this.socket.readyState === this.socket.OPEN)
      this.socket.send(JSON.stringify(action));
  }

  private framesOf(text: string): unknown[] {
    let message: unknown;
    try {
      message = JSON.parse(text);
    } catch {
      this.logger.warn(`${this.vendor}: a message that is not JSON was skipped`, { length: text.length });
      return [];
    }
    return Array.isArray(message) ? message : [message];
  }
}
