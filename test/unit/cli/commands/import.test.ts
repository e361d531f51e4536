// `scanwright import`: files relative to the working directory, SCANWRIGHT_STORE, --factors, bad
// files refused whole (named as the user gave them) or imported with --skip-bad, progress, --help.

import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { registerImportCommand } from "../../../../src/cli/commands/import.js";
import { BarStore } from "../../../../src/data/bar-store.js";
import { runCaptured } from "../../../helpers/cli-capture.js";

const DATA = fileURLToPath(new URL("../../../../../shared/data", import.meta.url));
const MINUTE = join(DATA, "minute");
const commands = [registerImportCommand];

describe("scanwright import", () => {
  let dir: string;
  let store: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), "scanwright-import-cli-"));
    store = join(dir, "bars.db");
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  function storedCount(symbol: string, interval: string): number | undefined {
    const opened = BarStore.open(store);
    try {
      return opened.coverage(symbol, interval)?.count;
    } finally {
      opened.close();
    }
  }

  it("imports files given relative to the working directory, one summary line each", async () => {
    const files = ["SPY-20131007.csv", "SPY-20131008.csv"];
    const result = await runCaptured(["import", ...files, "--store", store], commands, { cwd: MINUTE });
    expect(result).toEqual({
      exitCode: 0,
      stdout:
        "SPY-20131007.csv: SPY 1m, 828 rows: 828 inserted, 0 unchanged, 0 replaced, 0 skipped\n" +
        "SPY-20131008.csv: SPY 1m, 828 rows: 828 inserted, 0 unchanged, 0 replaced, 0 skipped\n" +
        `2 files into ${store}: 1656 inserted, 0 unchanged, 0 replaced, 0 skipped\n`,
      stderr: "",
    });
    const again = await runCaptured(["import", files[0], "--store", store], commands, { cwd: MINUTE });
    expect(again.stdout).toBe(
      "SPY-20131007.csv: SPY 1m, 828 rows: 0 inserted, 828 unchanged, 0 replaced, 0 skipped\n",
    );
    expect(storedCount("SPY", "1m")).toBe(1656);
  });

  it("uses SCANWRIGHT_STORE, and --symbol/--interval over the file name", async () => {
    const result = await runCaptured(
      ["import", join(DATA, "daily", "SPY.csv"), "--symbol", "spx", "--interval", "1d"],
      commands,
      { env: { SCANWRIGHT_STORE: store } },
    );
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toBe(
      `${join(DATA, "daily", "SPY.csv")}: SPX 1d, 5849 rows: 5849 inserted, 0 unchanged, 0 replaced, 0 skipped\n`,
    );
    expect(storedCount("SPX", "1d")).toBe(5849);
  });

  it("adjusts with --factors and says so", async () => {
    const result = await runCaptured(
      ["import", "daily/AAPL.csv", "--factors", "factors", "--store", store],
      commands,
      { cwd: DATA },
    );
    expect(result.stdout).toBe(
      `daily/AAPL.csv: AAPL 1d, 5849 rows: 5849 inserted, 0 unchanged, 0 replaced, 0 skipped (adjusted with ${join(DATA, "factors", "AAPL.csv")})\n`,
    );
  });

  describe("with a bad file", () => {
    let bad: string;
    beforeEach(() => {
      const lines = readFileSync(join(MINUTE, "AIG-20131007.csv"), "utf8").split("\n");
      lines[2] = "2013-10-07T04:05:00-04:00,49,48,49.5,49,100"; // line 3: high below low
      lines[9] = "2013-10-07T04:20:00-04:00,49,49,49,49"; // line 10: five columns
      bad = join(dir, "AIG-20131007.csv");
      writeFileSync(bad, lines.join("\n"));
    });

    it("refuses it whole with every bad line, after importing the files before it", async () => {
      const good = join(MINUTE, "SPY-20131007.csv");
      const result = await runCaptured(["import", good, bad, "--store", store], commands);
      expect(result.exitCode).toBe(2);
      expect(result.stdout).toBe(
        `${good}: SPY 1m, 828 rows: 828 inserted, 0 unchanged, 0 replaced, 0 skipped\n`,
      );
      expect(result.stderr).toBe(
        `error SCN_ERR_IMPORT: ${bad}: 2 bad row(s) of 433, nothing imported (first: line 3: high 48 is below low 49.5); ` +
          "fix them or import the good rows with --skip-bad\n" +
          "  line 3: high 48 is below low 49.5\n" +
          "  line 10: expected 6 columns (timestamp,open,high,low,close,volume), found 5\n",
      );
      expect(storedCount("AIG", "1m")).toBeUndefined();
      expect(storedCount("SPY", "1m")).toBe(828);
    });

    it("imports the good rows with --skip-bad and lists the others", async () => {
      const result = await runCaptured(["import", bad, "--skip-bad", "--store", store], commands);
      expect(result.exitCode).toBe(0);
      expect(result.stdout).toBe(
        `${bad}: AIG 1m, 433 rows: 431 inserted, 0 unchanged, 0 replaced, 2 skipped\n`,
      );
      expect(result.stderr).toBe(
        `  ${bad}:3: skipped: high 48 is below low 49.5\n` +
          `  ${bad}:10: skipped: expected 6 columns (timestamp,open,high,low,close,volume), found 5\n`,
      );
      expect(storedCount("AIG", "1m")).toBe(431);
    });
  });

  it("names a refused file as the user gave it, not as a resolved path", async () => {
    const lines = readFileSync(join(MINUTE, "AIG-20131007.csv"), "utf8").split("\n");
    lines[2] = "2013-10-07T04:05:00-04:00,49,48,49.5,49,100";
    writeFileSync(join(dir, "AIG-20131007.csv"), lines.join("\n"));
    const bad = await runCaptured(["import", "AIG-20131007.csv", "--store", store], commands, { cwd: dir });
    expect(bad).toEqual({
      exitCode: 2,
      stdout: "",
      stderr:
        "error SCN_ERR_IMPORT: AIG-20131007.csv: 1 bad row(s) of 433, nothing imported (first: line 3: high 48 is below low 49.5); " +
        "fix them or import the good rows with --skip-bad\n" +
        "  line 3: high 48 is below low 49.5\n",
    });
    const missing = await runCaptured(["import", "sub/NOPE-20131007.csv", "--store", store], commands, {
      cwd: dir,
    });
    expect(missing.stderr).toBe("error SCN_ERR_IMPORT: CSV file sub/NOPE-20131007.csv does not exist\n");
  });

  it("suggests in --help a pattern that takes every file of a symbol", async () => {
    const help = await runCaptured(["import", "--help"], commands);
    expect(help.exitCode).toBe(0);
    expect(help.stdout).toContain("\nExamples:\n  scanwright import ../shared/data/minute/SPY-*.csv\n");
  });

  it("shows a progress bar only on a terminal", async () => {
    const quiet = await runCaptured(["import", join(MINUTE, "SPY-20131007.csv"), "--store", store], commands);
    expect(quiet.stderr).toBe("");
    const terminal = await runCaptured(
      ["import", join(MINUTE, "SPY-20131008.csv"), "--store", store],
      commands,
      {
        isTTY: true,
      },
    );
    expect(terminal.exitCode).toBe(0);
    expect(terminal.stderr).toContain("import SPY-20131008.csv [");
    // Progress in bytes read: the whole file at the end.
    const bytes = statSync(join(MINUTE, "SPY-20131008.csv")).size;
    expect(terminal.stderr).toContain(`${bytes}/${bytes}`);
  });

  it("names a missing file and a bad store", async () => {
    const missing = await runCaptured(["import", join(dir, "NOPE-20131007.csv"), "--store", store], commands);
    expect(missing.exitCode).toBe(2);
    expect(missing.stderr).toBe(
      `error SCN_ERR_IMPORT: CSV file ${join(dir, "NOPE-20131007.csv")} does not exist\n`,
    );
    const badStore = await runCaptured(
      ["import", join(MINUTE, "SPY-20131007.csv"), "--store", dir],
      commands,
    );
    expect(badStore.exitCode).toBe(1);
    expect(badStore.stderr).toBe(
      `error SCN_ERR_STORE: Bar store "${dir}" is a folder, not a database file\n`,
    );
  });
});
