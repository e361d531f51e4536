import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { registerScheduleCommand } from "../../../../src/cli/commands/schedule.js";
import { runCaptured } from "../../../helpers/cli-capture.js";

const workDir = mkdtempSync(join(tmpdir(), "scanwright-schedule-cli-"));
afterAll(() => rmSync(workDir, { recursive: true, force: true }));

writeFileSync(join(workDir, "plugin.ts"), "export default {};\n");
writeFileSync(
  join(workDir, "session.yaml"),
  `name: preview
backtest: { start: 2024-11-25, end: 2024-11-29 }
session_data:
  scanners:
    - name: momentum
      plugin: plugin.ts
      universe: [AIG]
      regular_session:
        - { start: "09:35", end: "09:45", interval: 5m }
    - name: gap
      plugin: plugin.ts
      universe: [SPY]
      pre_session: true
      cron: "0 13 * * 1-5"
    - name: idle
      plugin: missing.ts
      enabled: false
      universe: [AIG]
      cron: "* * * * *"
`,
);
writeFileSync(join(workDir, "desk.yaml"), "closures:\n  - { date: 2024-11-26, reason: Desk closed }\n");
writeFileSync(
  join(workDir, "desk-session.yaml"),
  `name: desk
backtest: { start: 2024-11-25, end: 2024-11-29 }
calendar_overrides: desk.yaml
session_data:
  scanners:
    - name: momentum
      plugin: plugin.ts
      universe: [AIG]
      regular_session:
        - { start: "09:35", end: "09:40", interval: 5m }
`,
);

writeFileSync(
  join(workDir, "seconds-session.yaml"),
  `name: seconds
backtest: { start: 2024-11-25, end: 2024-11-29 }
session_data:
  scanners:
    - name: momentum
      plugin: plugin.ts
      universe: [AIG]
      regular_session:
        - { start: "09:35", end: "09:40", interval: 5m }
    - name: s
      plugin: plugin.ts
      universe: [AIG]
      cron: "30 0 15 * * *"
`,
);

const DISABLED_WARNING =
  'warning: session.yaml:15:7 session_data.scanners[2]: scanner "idle" is disabled; its plugin and universe were not checked\n';

function schedule(...args: string[]) {
  return runCaptured(["schedule", ...args], [registerScheduleCommand], { cwd: workDir });
}

describe("scanwright schedule", () => {
  it("prints one aligned line per slot of the enabled scanners, skipping Thanksgiving and following the early close", async () => {
    const result = await schedule("session.yaml", "--from", "2024-11-27", "--to", "2024-11-29");
    expect(result).toEqual({
      exitCode: 0,
      stdout: [
        "2024-11-27 09:00  gap       pre_session",
        "2024-11-27 09:35  momentum  regular",
        "2024-11-27 09:40  momentum  regular",
        "2024-11-27 09:45  momentum  regular",
        "2024-11-27 13:00  gap       cron",
        "2024-11-29 09:00  gap       pre_session",
        "2024-11-29 09:35  momentum  regular",
        "2024-11-29 09:40  momentum  regular",
        "2024-11-29 09:45  momentum  regular",
        "2024-11-29 13:00  gap       cron",
        "",
      ].join("\n"),
      stderr: DISABLED_WARNING,
    });
  });

  it("prints JSON lines with the exchange's offset, across the DST switch", async () => {
    const result = await schedule("session.yaml", "--from", "2024-11-01", "--to", "2024-11-04", "--json");
    expect(result.exitCode).toBe(0);
    expect(result.stdout.split("\n")).toEqual([
      '{"scanner":"gap","at":"2024-11-01T09:00:00-04:00","kind":"pre_session"}',
      '{"scanner":"momentum","at":"2024-11-01T09:35:00-04:00","kind":"regular"}',
      '{"scanner":"momentum","at":"2024-11-01T09:40:00-04:00","kind":"regular"}',
      '{"scanner":"momentum","at":"2024-11-01T09:45:00-04:00","kind":"regular"}',
      '{"scanner":"gap","at":"2024-11-01T13:00:00-04:00","kind":"cron"}',
      '{"scanner":"gap","at":"2024-11-04T09:00:00-05:00","kind":"pre_session"}',
      '{"scanner":"momentum","at":"2024-11-04T09:35:00-05:00","kind":"regular"}',
      '{"scanner":"momentum","at":"2024-11-04T09:40:00-05:00","kind":"regular"}',
      '{"scanner":"momentum","at":"2024-11-04T09:45:00-05:00","kind":"regular"}',
      '{"scanner":"gap","at":"2024-11-04T13:00:00-05:00","kind":"cron"}',
      "",
    ]);
  });

  it("uses the config's calendar overrides", async () => {
    const result = await schedule("desk-session.yaml", "--from", "2024-11-25", "--to", "2024-11-26");
    expect(result).toEqual({
      exitCode: 0,
      stdout: "2024-11-25 09:35  momentum  regular\n2024-11-25 09:40  momentum  regular\n",
      stderr: "",
    });
  });

  it("shows seconds only for slots that have them, keeping the columns aligned", async () => {
    const result = await schedule("seconds-session.yaml", "--from", "2024-11-25", "--to", "2024-11-25");
    expect(result.stdout).toBe(
      [
        "2024-11-25 09:35     momentum  regular",
        "2024-11-25 09:40     momentum  regular",
        "2024-11-25 15:00:30  s         cron",
        "",
      ].join("\n"),
    );
  });

  it("prints nothing for a range without trading days", async () => {
    expect(await schedule("session.yaml", "--from", "2024-11-30", "--to", "2024-12-01")).toEqual({
      exitCode: 0,
      stdout: "",
      stderr: DISABLED_WARNING,
    });
  });

  it("exits 2 with SCN_ERR_CALENDAR for a malformed date or a reversed range", async () => {
    const malformed = await schedule("session.yaml", "--from", "2024-13-01", "--to", "2024-12-01");
    expect(malformed.exitCode).toBe(2);
    expect(malformed.stdout).toBe("");
    expect(malformed.stderr).toMatch(/^error SCN_ERR_CALENDAR: .*"2024-13-01"/);

    const reversed = await schedule("session.yaml", "--from", "2024-11-29", "--to", "2024-11-25");
    expect(reversed).toEqual({
      exitCode: 2,
      stdout: "",
      stderr: `${DISABLED_WARNING}error SCN_ERR_CALENDAR: range start "2024-11-29" is after its end "2024-11-25"\n`,
    });
  });

  it("exits 2 with SCN_ERR_CONFIG when the config file does not exist", async () => {
    const result = await schedule("nowhere.yaml", "--from", "2024-11-25", "--to", "2024-11-29");
    expect(result.exitCode).toBe(2);
    expect(result.stdout).toBe("");
    expect(result.stderr).toMatch(/^error SCN_ERR_CONFIG: nowhere\.yaml/);
  });

  it("exits 2 when --to is missing", async () => {
    const result = await schedule("session.yaml", "--from", "2024-11-25");
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toContain("--to <date>");
  });
});
