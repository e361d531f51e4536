// Who may talk to the dashboard. Bound to 127.0.0.1 (the default), ::1 or localhost, anyone on this
// machine may, but only under a loopback Host name, so a web page elsewhere cannot reach it by DNS
// rebinding. Bound to any other address (`--host`, even another 127.x one, which containers and
// port forwarders may expose) an access token is required: `Authorization: Bearer TOKEN`, or the
// `scanwright_token` cookie, which a browser gets by opening a page once with `?token=TOKEN`.
// Tokens are compared in constant time.

import { createHash, randomBytes, timingSafeEqual } from "node:crypto";
import type { IncomingMessage } from "node:http";
import { isIP } from "node:net";
import { RequestError, UsageError } from "../core/errors.js";

export const TOKEN_COOKIE = "scanwright_token";
export const MIN_TOKEN_LENGTH = 16;

/** Whether `host` (a bind address or a Host header's name) is this machine's loopback. */
export function isLoopbackHost(host: string): boolean {
  const name = host.replace(/^\[|\]$/g, "").toLowerCase();
  if (name === "localhost" || name === "::1") return true;
  return isIP(name) === 4 && name.startsWith("127.");
}

/** Whether a server bound to `host` may go without a token: 127.0.0.1, ::1 and localhost only. */
export function isServedWithoutToken(host: string): boolean {
  return ["127.0.0.1", "::1", "[::1]", "localhost"].includes(host.toLowerCase());
}

/** A fresh random token (32 hex characters of 16 random bytes). */
export function newAccessToken(): string {
  return randomBytes(16).toString("hex");
}

export class AccessGuard {
  private readonly tokenDigest: Buffer | undefined;

  /** `token` is required unless `bindHost` is 127.0.0.1, ::1 or localhost. */
  constructor(
    readonly bindHost: string,
    token: string | undefined,
  ) {
    if (token !== undefined && token.length < MIN_TOKEN_LENGTH) {
      throw new UsageError(`--token must be at least ${MIN_TOKEN_LENGTH} characters long`);
    }
    if (token === undefined && !isServedWithoutToken(bindHost)) {
      throw new UsageError(
        `Serving on "${bindHost}" (not 127.0.0.1, ::1 or localhost) needs an access token`,
      );
    }
    this.tokenDigest = token === undefined ? undefined : digest(token);
  }

  get requiresToken(): boolean {
    return this.tokenDigest !== undefined;
  }

  /**
   * Checks a request; throws a RequestError (403 for a foreign Host, 401 without a valid token).
   * Returns `true` when the token came in the query string, so the page can set the cookie.
   */
  check(request: IncomingMessage, url: URL): boolean {
    if (this.tokenDigest === undefined) {
      const hostName = hostNameOf(request.headers.host ?? "");
      if (!isLoopbackHost(hostName)) {
        throw new RequestError(403, `The Host "${request.headers.host ?? ""}" is not a loopback name`);
      }
      return false;
    }
    const fromQuery = url.searchParams.get("token");
    if (fromQuery !== null && this.matches(fromQuery)) return true;
    const bearer = /^Bearer (.+)$/.exec(request.headers.authorization ?? "")?.[1];
    if (bearer !== undefined && this.matches(bearer)) return false;
    const cookie = cookieValue(request.headers.cookie ?? "", TOKEN_COOKIE);
    if (cookie !== undefined && this.matches(cookie)) return false;
    throw new RequestError(
      401,
      "An access token is required (Authorization: Bearer TOKEN, or ?token=TOKEN once)",
    );
  }

  /** The Set-Cookie header value that keeps the token in the browser for this server. */
  cookieFor(token: string): string {
    return `${TOKEN_COOKIE}=${encodeURIComponent(token)}; HttpOnly; SameSite=Strict; Path=/`;
  }

  private matches(candidate: string): boolean {
    return this.tokenDigest !== undefined && timingSafeEqual(digest(candidate), this.tokenDigest);
  }
}

function digest(text: string): Buffer {
  return createHash("sha256").update(text).digest();
}

/** `127.0.0.1` of `127.0.0.1:8080`, `::1` of `[::1]:8080`. */
function hostNameOf(header: string): string {
  const bracketed = /^\[([^\]]+)\]/.exec(header);
  if (bracketed) return bracketed[1];
  return header.split(":")[0];
}

function cookieValue(header: string, name: string): string | undefined {
  for (const part of header.split(";")) {
    const [key, ...rest] = part.trim().split("=");
    if (key === name) {
      try {
        return decodeURIComponent(rest.join("="));
      } catch {
        return undefined; // a malformed cookie is no token
      }
    }
  }
  return undefined;
}
