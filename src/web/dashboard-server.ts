// The HTTP server of `scanwright serve` (node:http): the page, its assets, the JSON API and the
// live feed, over a journal and a store opened read-only. GET and HEAD only. Every answer carries
// a strict Content-Security-Policy (scripts and styles from this server only, no framing).
// See access-guard.ts for who may connect.

import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { isScanwrightError, RequestError } from "../core/errors.js";
import type { Clock } from "../time/clock.js";
import { AccessGuard } from "./access-guard.js";
import type { DashboardSources } from "./dashboard-sources.js";
import { answerApi } from "./json-api.js";
import { LiveFeed } from "./live-feed.js";
import { isPageFile, PAGE_FILES, readChartLibrary, readPageFile } from "./page-assets.js";

export interface DashboardServerOptions {
  readonly sources: DashboardSources;
  /** Bind address: `127.0.0.1` by default; another needs `token`. */
  readonly host?: string;
  /** 0 picks a free port. */
  readonly port?: number;
  readonly token?: string;
  /** Paces the live feed's polls (a WallClock outside tests). */
  readonly clock: Clock;
  readonly livePollMs?: number;
  /** Problems that are not a request's fault (an unreadable journal during a poll, a 500). */
  readonly onError: (error: unknown) => void;
}

const CONTENT_SECURITY_POLICY =
  "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; " +
  "connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

export class DashboardServer {
  private readonly guard: AccessGuard;
  private readonly live: LiveFeed;
  private readonly server: Server;
  private readonly assets = new Map<string, string>();

  private constructor(private readonly options: DashboardServerOptions) {
    this.guard = new AccessGuard(options.host ?? "127.0.0.1", options.token);
    this.live = new LiveFeed(options.sources, {
      clock: options.clock,
      pollMs: options.livePollMs,
      onError: options.onError,
    });
    this.server = createServer((request, response) => this.handle(request, response));
  }

  /** Starts listening; a bind failure (address in use, not local) rejects with the system error. */
  static async start(options: DashboardServerOptions): Promise<DashboardServer> {
    const server = new DashboardServer(options);
    await new Promise<void>((resolve, reject) => {
      server.server.once("error", reject);
      server.server.listen(options.port ?? 0, server.guard.bindHost, () => {
        server.server.off("error", reject);
        resolve();
      });
    });
    return server;
  }

  /** The bound port. */
  get port(): number {
    return (this.server.address() as AddressInfo).port;
  }

  /** `http://HOST:PORT/` as bound (an IPv6 host in brackets). */
  get url(): string {
    const host = this.guard.bindHost.includes(":") ? `[${this.guard.bindHost}]` : this.guard.bindHost;
    return `http://${host}:${this.port}/`;
  }

  /** Ends live streams and stops listening; resolves once every connection is closed. */
  async close(): Promise<void> {
    this.live.close();
    this.server.closeAllConnections();
    await new Promise<void>((resolve, reject) =>
      this.server.close((error) => (error ? reject(error) : resolve())),
    );
  }

  private handle(request: IncomingMessage, response: ServerResponse): void {
    response.setHeader("Content-Security-Policy", CONTENT_SECURITY_POLICY);
    response.setHeader("X-Content-Type-Options", "nosniff");
    response.setHeader("Referrer-Policy", "no-referrer");
    try {
      const url = new URL(request.url ?? "/", "http://dashboard.invalid");
      const tokenInQuery = this.guard.check(request, url);
      if (request.method !== "GET" && request.method !== "HEAD") {
        response.setHeader("Allow", "GET, HEAD");
        throw new RequestError(405, `The dashboard is read-only: ${request.method} is not allowed`);
      }
      if (tokenInQuery) {
        response.setHeader("Set-Cookie", this.guard.cookieFor(url.searchParams.get("token") ?? ""));
        if (!url.pathname.startsWith("/api/")) {
          // The cookie carries the token from now on: take it out of the address bar (and history).
          url.searchParams.delete("token");
          response.writeHead(303, { Location: `${url.pathname}${url.search}` });
          response.end();
          return;
        }
      }
      this.route(url, request, response);
    } catch (error) {
      this.fail(response, error);
    }
  }

  private route(url: URL, request: IncomingMessage, response: ServerResponse): void {
    const path = url.pathname;
    if (path === "/api/live") {
      this.live.subscribe(response);
      return;
    }
    if (path.startsWith("/api/")) {
      const answer = answerApi(this.options.sources, path.slice(4), url.searchParams);
      if (answer === undefined) throw new RequestError(404, `No API at "${path}"`);
      this.reply(request, response, 200, "application/json; charset=utf-8", JSON.stringify(answer));
      return;
    }
    if (path === "/" || path === "/index.html") {
      this.reply(
        request,
        response,
        200,
        PAGE_FILES["index.html"],
        this.asset("index.html", () => readPageFile("index.html")),
      );
      return;
    }
    if (path === "/vendor/lightweight-charts.js") {
      this.reply(request, response, 200, PAGE_FILES["app.js"], this.asset(path, readChartLibrary));
      return;
    }
    const name = path.startsWith("/page/") ? path.slice(6) : "";
    if (isPageFile(name)) {
      this.reply(
        request,
        response,
        200,
        PAGE_FILES[name],
        this.asset(name, () => readPageFile(name)),
      );
      return;
    }
    throw new RequestError(404, `Nothing at "${path}"`);
  }

  private asset(key: string, read: () => string): string {
    let text = this.assets.get(key);
    if (text === undefined) {
      text = read();
      this.assets.set(key, text);
    }
    return text;
  }

  private reply(
    request: IncomingMessage,
    response: ServerResponse,
    status: number,
    type: string,
    body: string,
  ): void {
    response.writeHead(status, {
      "Content-Type": type,
      "Content-Length": Buffer.byteLength(body),
      "Cache-Control": "no-store",
    });
    response.end(request.method === "HEAD" ? undefined : body);
  }

  private fail(response: ServerResponse, error: unknown): void {
    const status = statusOf(error);
    if (status === 500) this.options.onError(error);
    const code = isScanwrightError(error) ? error.code : "SCN_ERR_INTERNAL";
    const message = error instanceof Error ? error.message : String(error);
    if (response.headersSent) {
      response.end();
      return;
    }
    const body = JSON.stringify({ error: { code, message } });
    response.writeHead(status, {
      "Content-Type": "application/json; charset=utf-8",
      "Cache-Control": "no-store",
    });
    response.end(body);
  }
}

/** The HTTP status for an error: a RequestError's own, 400 for other bad input, else 500. */
function statusOf(error: unknown): number {
  if (error instanceof RequestError) return error.status;
  if (!isScanwrightError(error)) return 500;
  return [
    "SCN_ERR_SYMBOL",
    "SCN_ERR_INTERVAL",
    "SCN_ERR_DATA",
    "SCN_ERR_CALENDAR",
    "SCN_ERR_INDICATOR",
  ].includes(error.code)
    ? 400
    : 500;
}
