// `pre_session` checked against the session's exchange: its pre-market on the NYSE, the four hours
// before the open elsewhere, the daily halt on CME futures, nothing on a 24/7 market.

import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { parseSessionConfigText } from "../../../src/config/load-session-config.js";
import { isScanwrightError } from "../../../src/core/errors.js";

const FIXTURES = fileURLToPath(new URL("../../fixtures/configs/", import.meta.url));

function configOn(exchange: string, preSession: string): string {
  return [
    "name: pre",
    "mode: live",
    `exchange: ${exchange}`,
    "session_data:",
    "  scanners:",
    "    - name: pre",
    "      plugin: plugins/gap-scanner.js",
    "      universe: [AIG]",
    `      pre_session: ${preSession}`,
    "",
  ].join("\n");
}

/** The config's problem message, or "" when it loads. */
function problem(exchange: string, preSession: string): string {
  try {
    parseSessionConfigText(configOn(exchange, preSession), "pre.yaml", FIXTURES);
    return "";
  } catch (error) {
    if (!isScanwrightError(error)) throw error;
    return error.message.replace(/^pre\.yaml:\d+:\d+ session_data\.scanners\[0\]\.pre_session: /, "");
  }
}

describe("pre_session on the session's exchange", () => {
  it("accepts true and times inside each exchange's pre-session", () => {
    for (const [exchange, time] of [
      ["XNYS", "true"],
      ["XNYS", '"04:00"'],
      ["XLON", "true"],
      ["XLON", '"04:00"'],
      ["XLON", '"07:59"'],
      ["XTKS", '"05:00"'],
      ["CMES", "true"],
      ["CMES", '"16:00"'],
      ["CMES", "open-1h"],
    ]) {
      expect(problem(exchange, time), `${exchange} ${time}`).toBe("");
    }
  });

  it("refuses times outside it, naming the window", () => {
    expect(problem("XLON", '"09:00"')).toBe(
      `"09:00" must lie in the exchange's pre-session 04:00–08:00 (before the 08:00–16:30 regular session)`,
    );
    expect(problem("XLON", '"03:30"')).toBe(
      `"03:30" must lie in the exchange's pre-session 04:00–08:00 (before the 08:00–16:30 regular session)`,
    );
    // CME: only the daily halt between the 16:00 close and the 17:00 open.
    expect(problem("CMES", '"15:30"')).toBe(
      `"15:30" must lie in the exchange's pre-session 16:00 (day before)–17:00 (day before) (before the 17:00 (day before)–16:00 regular session)`,
    );
    expect(problem("CMES", "open-2h")).toBe(
      `"open-2h" must lie in the exchange's pre-session 16:00 (day before)–17:00 (day before) (before the 17:00 (day before)–16:00 regular session)`,
    );
  });

  it("refuses any pre-session scan on a 24/7 market", () => {
    expect(problem("CRYPTO", "true")).toBe(
      "the exchange trades around the clock (00:00–24:00): there is no time before the open for a pre-session scan; schedule it with cron",
    );
  });
});
