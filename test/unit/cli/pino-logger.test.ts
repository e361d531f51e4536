// The CLI's logger writes pino's JSON lines from its level up, stamped by the clock it is given,
// and nothing below its level or at `silent` (pino itself is loaded by the first line written).

import { describe, expect, it } from "vitest";
import { createPinoLogger, type LogLevel } from "../../../src/cli/pino-logger.js";

function logAtEveryLevel(level: LogLevel): string[] {
  const lines: string[] = [];
  const logger = createPinoLogger({
    level,
    destination: { write: (line: string) => lines.push(line) },
    clock: { now: () => Date.parse("2024-12-02T14:35:00.012Z") },
    bindings: { cmd: "run", session: "demo" },
  });
  logger.debug("d", { n: 1 });
  logger.info("i");
  logger.warn("w", { scanner: "gap" });
  logger.error("e", { n: 4 });
  return lines;
}

describe("createPinoLogger", () => {
  it("writes from its level up, one JSON line each, with the clock's time and the bindings", () => {
    expect(logAtEveryLevel("warn")).toEqual([
      '{"level":"warn","time":"2024-12-02T14:35:00.012Z","cmd":"run","session":"demo","scanner":"gap","msg":"w"}\n',
      '{"level":"error","time":"2024-12-02T14:35:00.012Z","cmd":"run","session":"demo","n":4,"msg":"e"}\n',
    ]);
    expect(logAtEveryLevel("debug").map((line) => JSON.parse(line).level)).toEqual([
      "debug",
      "info",
      "warn",
      "error",
    ]);
    expect(logAtEveryLevel("info").map((line) => JSON.parse(line).msg)).toEqual(["i", "w", "e"]);
    expect(logAtEveryLevel("error").map((line) => JSON.parse(line).msg)).toEqual(["e"]);
  });

  it("writes nothing at silent", () => {
    expect(logAtEveryLevel("silent")).toEqual([]);
  });
});
