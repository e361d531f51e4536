import { describe, expect, it } from "vitest";
import {
  ConfigError,
  formatLocation,
  ImportError,
  isScanwrightError,
  ScanwrightError,
} from "../../../src/core/errors.js";

describe("errors", () => {
  it("carries a code, a location and the cause", () => {
    const cause = new Error("root");
    const error = new ConfigError('"5x" is not an interval', {
      cause,
      location: {
        file: "configs/demo.yaml",
        line: 14,
        column: 7,
        path: "scanners[0].regular_session[0].interval",
      },
    });
    expect(error).toBeInstanceOf(ScanwrightError);
    expect(error.name).toBe("ConfigError");
    expect(error.code).toBe("SCN_ERR_CONFIG");
    expect(error.cause).toBe(cause);
    expect(formatLocation(error.location)).toBe(
      "configs/demo.yaml:14:7 scanners[0].regular_session[0].interval",
    );
    expect(isScanwrightError(error)).toBe(true);
    expect(isScanwrightError(new Error("plain"))).toBe(false);
  });

  it("recognizes an error of another copy of the package by its brand, not by its class", async () => {
    // A second instance of the module, as a plugin holding its own copy of the package would have.
    const secondCopy = "../../../src/core/errors.ts?second-copy";
    const copy = (await import(
      /* @vite-ignore */ secondCopy
    )) as typeof import("../../../src/core/errors.js");
    expect(copy.ScanwrightError).not.toBe(ScanwrightError);
    const foreign = new copy.PluginError("from the other copy");
    expect(foreign instanceof ScanwrightError).toBe(false);
    expect(isScanwrightError(foreign)).toBe(true);
    expect(copy.isScanwrightError(new ConfigError("from this copy"))).toBe(true);
    // Look-alikes without the brand are not scanwright errors.
    expect(isScanwrightError(Object.assign(new Error("coded"), { code: "SCN_ERR_CONFIG" }))).toBe(false);
    const branded = Object.assign(new Error("wrong code"), {
      code: "E_OTHER",
      [Symbol.for("scanwright.error")]: true,
    });
    expect(isScanwrightError(branded)).toBe(false);
  });

  it("formats partial locations", () => {
    expect(formatLocation(undefined)).toBe("");
    expect(formatLocation({ path: "params.period" })).toBe("params.period");
    expect(formatLocation({ file: "a.csv", line: 3 })).toBe("a.csv:3");
  });

  it("keeps every problem of an import", () => {
    const error = new ImportError("2 bad rows", [
      { line: 3, reason: "high 1 is below low 2" },
      { line: 9, reason: "timestamp has no zone" },
    ]);
    expect(error.code).toBe("SCN_ERR_IMPORT");
    expect(error.problems.map((problem) => problem.line)).toEqual([3, 9]);
  });
});
