import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { registerValidateCommand } from "../../../../src/cli/commands/validate.js";
import { runCaptured } from "../../../helpers/cli-capture.js";

const REPO_ROOT = fileURLToPath(new URL("../../../../", import.meta.url));

function validate(config: string) {
  return runCaptured(["validate", config], [registerValidateCommand], { cwd: REPO_ROOT });
}

describe("scanwright validate", () => {
  it("says ok with the enabled scanners and distinct symbols, and prints the warnings", async () => {
    expect(await validate("test/fixtures/configs/valid-full.yaml")).toEqual({
      exitCode: 0,
      stdout: "test/fixtures/configs/valid-full.yaml: ok (2 scanners, 3 symbols)\n",
      stderr: [
        'warning: test/fixtures/configs/valid-full.yaml:27:17 session_data.scanners[0].universe: universes/large-caps.txt:6: duplicate symbol "AIG" (first on line 2) dropped',
        'warning: test/fixtures/configs/valid-full.yaml:39:34 session_data.scanners[1].universe[3]: duplicate symbol "AIG" (first at universe[0]) dropped',
        "",
      ].join("\n"),
    });
  });

  it("does not count a disabled scanner", async () => {
    expect(await validate("test/fixtures/configs/valid-disabled.yaml")).toEqual({
      exitCode: 0,
      stdout: "test/fixtures/configs/valid-disabled.yaml: ok (1 scanner, 1 symbol)\n",
      stderr:
        'warning: test/fixtures/configs/valid-disabled.yaml:6:7 session_data.scanners[0]: scanner "later" is disabled; its plugin and universe were not checked\n',
    });
  });

  it("exits 2 with every problem on its own line", async () => {
    expect(await validate("test/fixtures/configs/bad-cron.yaml")).toEqual({
      exitCode: 2,
      stdout: "",
      stderr: [
        'error SCN_ERR_CONFIG: test/fixtures/configs/bad-cron.yaml:11:13 session_data.scanners[0].cron: "61 * * * *" is not a cron expression: Constraint error, got value 61 expected range 0-59',
        'test/fixtures/configs/bad-cron.yaml:15:13 session_data.scanners[1].cron: "0 10 *" is not a cron expression: expected 5 fields (minute hour day-of-month month day-of-week) or 6 (seconds first), got 3',
        "",
      ].join("\n"),
    });
  });

  it("exits 2 when the config file does not exist", async () => {
    expect(await validate("configs/missing.yaml")).toEqual({
      exitCode: 2,
      stdout: "",
      stderr: "error SCN_ERR_CONFIG: configs/missing.yaml: config file does not exist\n",
    });
  });

  it("refuses to run without a config argument", async () => {
    const result = await runCaptured(["validate"], [registerValidateCommand], { cwd: REPO_ROOT });
    expect(result.exitCode).toBe(2);
    expect(result.stderr.split("\n")[0]).toBe("error: missing required argument 'config'");
  });
});
