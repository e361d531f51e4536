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
  it("prints one aligned line per trading day, marking early closes", async () => {
    const result = await calendar("2024-11-26", "2024-12-02");
    expect(result).toEqual({
      exitCode: 0,
      stdout: [
        "2024-11-26  Tue  09:30–16:00",
        "2024-11-27  Wed  09:30–16:00",
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
    expect(result.stdout).toBe("2024-11-26  Tue  09:30–16:00\n2024-11-29  Fri  09:30–16:00\n");
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
