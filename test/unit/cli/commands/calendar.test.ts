import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { registerCalendarCommand } from "../../../../src/cli/commands/calendar.js";
import { runCaptured } from "../../../helpers/cli-capture.js";

const workDir = mkdtempSync(join(tmpdir(), "scanwright-calendar-cli-"));
afterAll(() => rmSync(workDir, { recursive: true, force: true }));

function calendar(...args: string[]) {
  return runCaptured(["calendar", ...args], [registerCalendarCommand], { cwd: workDir });
}

describe("scanwright calendar", () => {
  it("prints one aligned line per trading day and per holiday (with its name), marking early closes", async () => {
    const result = await calendar("2024-11-26", "2024-12-02");
    expect(result).toEqual({
      exitCode: 0,
      stdout: [
        "2024-11-26  Tue  09:30–16:00",
        "2024-11-27  Wed  09:30–16:00",
        "2024-11-28  Thu  closed (Thanksgiving Day)",
        "2024-11-29  Fri  09:30–13:00  early close (Day after Thanksgiving)",
        "2024-12-02  Mon  09:30–16:00",
        "",
      ].join("\n"),
      stderr: "",
    });
  });

  it("prints JSON lines with the exchange's offset, across the DST switch", async () => {
    const result = await calendar("2024-11-01", "2024-11-04", "--json");
    expect(result.exitCode).toBe(0);
    expect(result.stdout.split("\n")).toEqual([
      '{"date":"2024-11-01","open":"2024-11-01T09:30:00-04:00","close":"2024-11-01T16:00:00-04:00","earlyClose":false}',
      '{"date":"2024-11-04","open":"2024-11-04T09:30:00-05:00","close":"2024-11-04T16:00:00-05:00","earlyClose":false}',
      "",
    ]);
  });

  it("prints the early close of 2024-11-29 exactly as documented", async () => {
    const result = await calendar("2024-11-29", "2024-11-29", "--json");
    expect(result.stdout).toBe(
      '{"date":"2024-11-29","open":"2024-11-29T09:30:00-05:00","close":"2024-11-29T13:00:00-05:00","earlyClose":true}\n',
    );
  });

  it("prints nothing for a range without trading days", async () => {
    expect(await calendar("2024-11-30", "2024-12-01")).toEqual({ exitCode: 0, stdout: "", stderr: "" });
  });

  it("applies an overrides file given relative to the working directory", async () => {
    writeFileSync(
      join(workDir, "desk.yaml"),
      "closures:\n  - { date: 2024-11-27, reason: Desk closed }\ncancelEarlyCloses: [2024-11-29]\n",
    );
    const result = await calendar("2024-11-26", "2024-11-29", "--overrides", "desk.yaml");
    expect(result.stdout).toBe(
      [
        "2024-11-26  Tue  09:30–16:00",
        "2024-11-27  Wed  closed (Desk closed)",
        "2024-11-28  Thu  closed (Thanksgiving Day)",
        "2024-11-29  Fri  09:30–16:00",
        "",
      ].join("\n"),
    );
  });

  it("lists another exchange with --exchange: Tokyo's lunch break and Golden Week by name", async () => {
    const result = await calendar("2025-05-02", "2025-05-07", "--exchange", "XTKS");
    expect(result.stdout.split("\n")).toEqual([
      "2025-05-02  Fri  09:00–11:30, 12:30–15:30",
      "2025-05-05  Mon  closed (Children's Day)",
      "2025-05-06  Tue  closed (Greenery Day (observed))",
      "2025-05-07  Wed  09:00–11:30, 12:30–15:30",
      "",
    ]);
  });

  it("shows CME sessions from the evening before and 24/7 days to midnight; JSON lists breaks", async () => {
    expect((await calendar("2025-01-20", "2025-01-21", "--exchange", "cme")).stdout).toBe(
      [
        "2025-01-20  Mon  17:00 (day before)–12:00  early close (Martin Luther King Jr. Day)",
        "2025-01-21  Tue  17:00 (day before)–16:00",
        "",
      ].join("\n"),
    );
    expect((await calendar("2025-03-08", "2025-03-08", "--exchange", "24/7")).stdout).toBe(
      "2025-03-08  Sat  00:00–24:00\n",
    );
    expect((await calendar("2024-12-23", "2024-12-23", "--exchange", "XHKG", "--json")).stdout).toBe(
      '{"date":"2024-12-23","open":"2024-12-23T09:30:00+08:00","close":"2024-12-23T16:00:00+08:00","earlyClose":false,' +
        '"breaks":[{"start":"2024-12-23T12:00:00+08:00","end":"2024-12-23T13:00:00+08:00"}]}\n',
    );
    expect((await calendar("2024-12-25", "2024-12-25", "--json")).stdout).toBe(
      '{"date":"2024-12-25","closed":true,"holiday":"Christmas Day"}\n',
    );
  });

  it("exits 2 naming the known exchanges for an unknown one", async () => {
    const result = await calendar("2025-01-02", "2025-01-03", "--exchange", "XPAR");
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toMatch(
      /^error SCN_ERR_CALENDAR: unknown exchange "XPAR" \(known: XNYS, XLON, XETR, XTSE, XTKS, XHKG, XASX, CMES, CRYPTO;/,
    );
  });

  it("exits 2 with a coded error for a bad date", async () => {
    expect(await calendar("2024-11-31", "2024-12-02")).toEqual({
      exitCode: 2,
      stdout: "",
      stderr: 'error SCN_ERR_CALENDAR: "2024-11-31" is not a date (expected YYYY-MM-DD)\n',
    });
    expect((await calendar("1989-12-01", "1990-01-05")).stderr).toBe(
      'error SCN_ERR_CALENDAR: date "1989-12-01" is outside the calendar range 1990-01-01..2035-12-31\n',
    );
  });

  it("exits 2 naming file, line and key path of a bad overrides file", async () => {
    writeFileSync(join(workDir, "bad.yaml"), "earlyCloses:\n  - date: 2024-11-28\n");
    expect(await calendar("2024-11-26", "2024-11-29", "--overrides", "bad.yaml")).toEqual({
      exitCode: 2,
      stdout: "",
      stderr:
        'error SCN_ERR_CALENDAR: bad.yaml:2:5 earlyCloses[0].date: "2024-11-28" is a closure (Thanksgiving Day), there is no session to shorten\n',
    });
  });

  it("exits 2 when an argument is missing", async () => {
    const result = await calendar("2024-11-26");
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toContain("error: missing required argument 'to'");
  });
});
