// Who may talk to the dashboard: loopback names, the token rule off loopback, and the token
// checks on a real server bound to 127.0.0.2 (a loopback address the test connects to; no other
// interface is ever contacted).

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { UsageError } from "../../../src/core/errors.js";
import { WallClock } from "../../../src/time/wall-clock.js";
import { AccessGuard, isLoopbackHost, newAccessToken } from "../../../src/web/access-guard.js";
import { DashboardServer } from "../../../src/web/dashboard-server.js";
import { DashboardSources } from "../../../src/web/dashboard-sources.js";
import { buildDashboardFixture, type DashboardFixture } from "../../helpers/dashboard-fixture.js";

describe("isLoopbackHost", () => {
  it("knows the loopback names and addresses", () => {
    for (const host of ["127.0.0.1", "127.0.0.2", "localhost", "LOCALHOST", "::1", "[::1]"]) {
      expect(isLoopbackHost(host), host).toBe(true);
    }
    for (const host of [
      "0.0.0.0",
      "::",
      "192.168.1.10",
      "evil.example",
      "127.example.com",
      "localhost.evil",
    ]) {
      expect(isLoopbackHost(host), host).toBe(false);
    }
  });
});

describe("AccessGuard", () => {
  it("needs a token to bind anywhere but 127.0.0.1, ::1 and localhost", () => {
    expect(() => new AccessGuard("0.0.0.0", undefined)).toThrow(UsageError);
    expect(() => new AccessGuard("0.0.0.0", undefined)).toThrow(
      'Serving on "0.0.0.0" (not 127.0.0.1, ::1 or localhost) needs an access token',
    );
    expect(() => new AccessGuard("127.0.0.2", undefined)).toThrow(UsageError);
    for (const host of ["127.0.0.1", "::1", "localhost"]) {
      expect(new AccessGuard(host, undefined).requiresToken, host).toBe(false);
    }
    expect(new AccessGuard("0.0.0.0", newAccessToken()).requiresToken).toBe(true);
  });

  it("refuses tokens shorter than 16 characters", () => {
    expect(() => new AccessGuard("0.0.0.0", "short")).toThrow("--token must be at least 16 characters long");
  });

  it("makes up 32-hex-digit tokens, a new one each time", () => {
    const a = newAccessToken();
    expect(a).toMatch(/^[0-9a-f]{32}$/);
    expect(newAccessToken()).not.toBe(a);
  });
});

describe("a dashboard bound to 127.0.0.2 with --host", () => {
  const token = "0123456789abcdef0123456789abcdef";
  let fixture: DashboardFixture;
  let sources: DashboardSources;
  let server: DashboardServer;
  const clock = new WallClock({ unref: true });

  beforeAll(async () => {
    fixture = buildDashboardFixture();
    sources = DashboardSources.open({ journalPath: fixture.journalPath });
    server = await DashboardServer.start({ sources, host: "127.0.0.2", token, clock, onError: () => {} });
  }, 120_000);

  afterAll(async () => {
    await server?.close();
    sources?.close();
    clock.cancelAll();
    fixture?.dispose();
  });

  it("answers 401 without the token", async () => {
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.2:\d+\/$/);
    const page = await fetch(server.url);
    expect(page.status).toBe(401);
    expect(await page.json()).toEqual({
      error: {
        code: "SCN_ERR_REQUEST",
        message: "An access token is required (Authorization: Bearer TOKEN, or ?token=TOKEN once)",
      },
    });
    const wrong = await fetch(new URL("/api/runs", server.url), {
      headers: { Authorization: `Bearer ${token}x` },
    });
    expect(wrong.status).toBe(401);
  });

  it("accepts the token as a bearer, and from the query string once, then as the cookie it sets", async () => {
    const bearer = await fetch(new URL("/api/runs", server.url), {
      headers: { Authorization: `Bearer ${token}` },
    });
    expect(bearer.status).toBe(200);
    expect((await bearer.json()).runs.map((run: { id: number }) => run.id)).toEqual([1]);
    const first = await fetch(new URL(`/?token=${token}`, server.url), { redirect: "manual" });
    expect(first.status).toBe(303);
    expect(first.headers.get("location")).toBe("/");
    const cookie = first.headers.get("set-cookie");
    expect(cookie).toBe(`scanwright_token=${token}; HttpOnly; SameSite=Strict; Path=/`);
    const withCookie = await fetch(new URL("/api/runs", server.url), {
      headers: { Cookie: `scanwright_token=${token}` },
    });
    expect(withCookie.status).toBe(200);
  });

  it("has no charts without a bar store, and says so", async () => {
    const chart = await fetch(
      new URL("/api/chart?symbol=GOBI&interval=5m&at=2024-12-30T10:00:00-05:00", server.url),
      {
        headers: { Authorization: `Bearer ${token}` },
      },
    );
    expect(chart.status).toBe(404);
    expect((await chart.json()).error.message).toBe(
      "No bar store is open: charts need one (--store or --config)",
    );
  });
});
