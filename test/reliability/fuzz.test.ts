// Property-based fuzzing (fast-check) of the parsers that take user input: the YAML session-config
// loader (random YAML-ish text, and mutations of a valid config), the bar CSV parser (random rows
// near the format), parseInterval, parseSessionTime and the cron path (the config's cron check and
// the scheduler's cron slots). The property is the same everywhere: never an exception that is not
// a coded ScanwrightError; a result, when there is one, satisfies the parser's contract. Seeds are
// fixed so a failure reproduces; numRuns keep the file to a few seconds.

import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ConfigErrors } from "../../src/config/config-problem.js";
import { cronProblem } from "../../src/config/cron-config.js";
import { parseSessionConfigText } from "../../src/config/load-session-config.js";
import { barProblem } from "../../src/core/bar.js";
import { isScanwrightError } from "../../src/core/errors.js";
import { parseInterval } from "../../src/core/interval.js";
import { parseBarsCsv } from "../../src/data/csv-parse.js";
import { scanSlots } from "../../src/scanners/scheduler.js";
import { ExchangeCalendar } from "../../src/time/exchange-calendar.js";
import { formatSessionTime, parseSessionTime } from "../../src/time/session-time.js";

const FIXTURES = fileURLToPath(new URL("../fixtures/configs/", import.meta.url));
const VALID = readFileSync(`${FIXTURES}valid-full.yaml`, "utf8");
const calendar = new ExchangeCalendar();
const SEED = 20_261_128;

/** Runs `fn`; a thrown value must be a ScanwrightError with one of `codes`. Returns the result or undefined. */
function coded<T>(codes: readonly string[], fn: () => T): T | undefined {
  try {
    return fn();
  } catch (error) {
    if (!isScanwrightError(error))
      throw new Error(`uncaught non-Scanwright exception: ${String(error)}`, { cause: error });
    expect(codes).toContain(error.code);
    return undefined;
  }
}

/** Non-strings a careless caller (or a YAML value) could pass where a string is expected. */
const notAString = fc.oneof(
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.constant(undefined),
  fc.bigInt(),
  fc.array(fc.string(), { maxLength: 2 }),
  fc.object({ maxDepth: 1 }),
);

describe("fuzz: the session-config loader", () => {
  const yamlish = fc.string({
    unit: fc.constantFrom(
      ..."abcnm019:-_ []{},#&*!|>'\"\n\t?%@`~".split(""),
      "name: x\n",
      "session_data:\n",
      "  scanners:\n",
      "    - name: a\n",
      "      plugin: plugins/gap-scanner.js\n",
      "      cron: ",
      "backtest: { start: 2024-11-25, end: 2024-11-29 }\n",
      "---\n",
      "&a ",
      "*a",
      "<<: ",
      "!!binary ",
      "\uFEFF",
    ),
    maxLength: 120,
  });

  /** Checks a loader outcome: a loaded config, or a ConfigErrors whose every line names the file and a line. */
  function load(text: string): void {
    try {
      const loaded = parseSessionConfigText(text, "fuzz.yaml", FIXTURES);
      expect(loaded.config.name).toBeTypeOf("string");
    } catch (error) {
      if (!(error instanceof ConfigErrors)) {
        throw new Error(`not a ConfigErrors: ${String(error)}\n--- text ---\n${text}`, { cause: error });
      }
      expect(error.code).toBe("SCN_ERR_CONFIG");
      expect(error.problems.length).toBeGreaterThan(0);
      for (const line of error.message.split("\n")) expect(line).toMatch(/^fuzz\.yaml:\d+:\d+[ :]/);
    }
  }

  it("answers random YAML-ish text with a config or located ConfigErrors", () => {
    fc.assert(fc.property(yamlish, load), { numRuns: 1_000, seed: SEED });
  });

  it("answers every mutation of a valid config with a config or located ConfigErrors", () => {
    const lines = VALID.split("\n");
    const mutation = fc.oneof(
      fc.record({ kind: fc.constant("delete"), at: fc.nat(lines.length - 1) }),
      fc.record({ kind: fc.constant("duplicate"), at: fc.nat(lines.length - 1) }),
      fc.record({ kind: fc.constant("swap"), at: fc.nat(lines.length - 2) }),
      fc.record({ kind: fc.constant("truncate"), at: fc.nat(VALID.length) }),
      fc.record({
        kind: fc.constant("char"),
        at: fc.nat(VALID.length - 1),
        with: fc.constantFrom(":", "-", " ", "\t", "[", "{", "#", '"', "'", "*", "&", "x", "9", "\n"),
      }),
      fc.record({
        kind: fc.constant("value"),
        at: fc.nat(lines.length - 1),
        with: fc.constantFrom(
          "[]",
          "{}",
          "~",
          "-1",
          "0",
          "1e400",
          '"25:00"',
          "yes",
          "!!str 5",
          ".nan",
          "x".repeat(300),
        ),
      }),
    );
    const apply = (text: string, m: { kind: string; at: number; with?: string }): string => {
      const rows = text.split("\n");
      const at = Math.min(m.at, Math.max(rows.length - 1, 0));
      switch (m.kind) {
        case "delete":
          rows.splice(at, 1);
          return rows.join("\n");
        case "duplicate":
          rows.splice(at, 0, rows[at] ?? "");
          return rows.join("\n");
        case "swap":
          if (at + 1 < rows.length) [rows[at], rows[at + 1]] = [rows[at + 1], rows[at]];
          return rows.join("\n");
        case "truncate":
          return text.slice(0, m.at);
        case "char":
          return text.slice(0, m.at) + m.with + text.slice(m.at + 1);
        default: {
          const colon = (rows[at] ?? "").indexOf(": ");
          if (colon !== -1) rows[at] = `${rows[at].slice(0, colon + 2)}${m.with}`;
          return rows.join("\n");
        }
      }
    };
    fc.assert(
      fc.property(fc.array(mutation, { minLength: 1, maxLength: 4 }), (mutations) => {
        load(mutations.reduce(apply, VALID));
      }),
      { numRuns: 800, seed: SEED },
    );
  });
});

describe("fuzz: the bar CSV parser", () => {
  const minute = fc.integer({ min: 0, max: 59 }).map((n) => String(n).padStart(2, "0"));
  const number = fc.oneof(
    fc.double({ min: -1e6, max: 1e6, noNaN: true }).map(String),
    fc.integer({ min: 0, max: 1_000_000 }).map(String),
    fc.constantFrom("", " ", "NaN", "Infinity", "-0", "1e400", "0x1F", "1,5", '"3"', "--1", "+2", ".5", "5."),
  );
  const time = fc.oneof(
    minute.map((mm) => `2013-10-07T09:${mm}:00-04:00`),
    minute.map((mm) => `2013-10-07T09:${mm}:00`),
    minute.map((mm) => `2013-10-07T09:${mm}:30Z`),
    fc.constantFrom("2013-10-07", "2013-02-30", "timestamp", "date", "", "2013-10-07T24:00:00-04:00"),
    fc.string({ maxLength: 12 }),
  );
  const row = fc.oneof(
    fc.tuple(time, number, number, number, number, number).map((fields) => fields.join(",")),
    fc.tuple(time, fc.array(number, { maxLength: 8 })).map(([t, rest]) => [t, ...rest].join(",")),
    fc.string({ maxLength: 40 }),
    fc.constantFrom(
      "",
      "   ",
      "timestamp,open,high,low,close,volume",
      "date,open,high,low,close,volume",
      "\u0000",
    ),
  );
  const csv = fc
    .tuple(fc.array(row, { maxLength: 25 }), fc.constantFrom("\n", "\r\n"))
    .map(([rows, eol]) => rows.join(eol));

  it("returns valid ascending bars plus located problems, or a coded ImportError", () => {
    fc.assert(
      fc.property(csv, fc.constantFrom("1m", "1d", "5s"), (text, interval) => {
        const parsed = coded(["SCN_ERR_IMPORT"], () => parseBarsCsv(text, { interval, source: "fuzz.csv" }));
        if (!parsed) return;
        const { bars, problems, rows } = parsed;
        expect(bars.length + problems.length).toBe(rows);
        const lineCount = text.split("\n").length;
        let previousLine = 0;
        for (const problem of problems) {
          expect(problem.line).toBeGreaterThan(previousLine);
          expect(problem.line).toBeLessThanOrEqual(lineCount);
          expect(problem.reason.length).toBeGreaterThan(0);
          previousLine = problem.line;
        }
        for (let i = 0; i < bars.length; i++) {
          if (i > 0) expect(bars.time[i]).toBeGreaterThan(bars.time[i - 1]);
          expect(
            barProblem(bars.open[i], bars.high[i], bars.low[i], bars.close[i], bars.volume[i]),
          ).toBeUndefined();
        }
      }),
      { numRuns: 1_000, seed: SEED },
    );
  });
});

describe("fuzz: parseInterval and parseSessionTime", () => {
  it("parseInterval: a canonical interval that parses to itself, or SCN_ERR_INTERVAL", () => {
    const text = fc.oneof(
      fc.string({ maxLength: 8 }),
      fc
        .tuple(
          fc.constantFrom("", " ", "0", "-", "+", "00"),
          fc.oneof(fc.nat(200_000), fc.constantFrom(59, 60, 100_000, 100_001, 1e21)),
          fc.constantFrom("s", "m", "h", "d", "w", "x", "M", "", "ms", " m"),
        )
        .map(([prefix, count, unit]) => `${prefix}${count}${unit}`),
    );
    fc.assert(
      fc.property(fc.oneof(text, notAString), (raw) => {
        const interval = coded(["SCN_ERR_INTERVAL"], () => parseInterval(raw as string));
        if (!interval) return;
        expect(interval.text).toMatch(/^[1-9][0-9]*[smdw]$/);
        expect(parseInterval(interval.text)).toEqual(interval);
        expect(interval.count).toBeLessThanOrEqual(interval.unit === "m" ? 6_000_000 : 100_000);
      }),
      { numRuns: 500, seed: SEED },
    );
  });

  it("parseSessionTime: a time that formats and parses back to itself, or a coded error", () => {
    const text = fc.oneof(
      fc.string({ maxLength: 10 }),
      fc
        .tuple(fc.nat(30), fc.nat(70))
        .map(([h, m]) => `${String(h).padStart(2, "0")}:${String(m).padStart(2, "0")}`),
      fc
        .tuple(
          fc.constantFrom("open", "close", "Open", "noon"),
          fc.constantFrom("", "+", "-", " + ", "±"),
          fc.nat(1_000),
          fc.constantFrom("m", "h", "", "s"),
        )
        .map(([anchor, sign, n, unit]) => `${anchor}${sign}${sign ? n : ""}${sign ? unit : ""}`),
    );
    fc.assert(
      fc.property(fc.oneof(text, notAString), (raw) => {
        const time = coded(["SCN_ERR_CALENDAR"], () => parseSessionTime(raw as string));
        if (!time) return;
        expect(parseSessionTime(formatSessionTime(time))).toEqual(time);
      }),
      { numRuns: 500, seed: SEED },
    );
  });
});

describe("fuzz: the cron path", () => {
  const field = fc.oneof(
    fc.constantFrom(
      "*",
      "?",
      "L",
      "W",
      "#",
      "MON",
      "JAN",
      "1-5",
      "*/0",
      "*/15",
      "5-1",
      "0,30",
      "L-2",
      "1#2",
      "60",
      "99",
    ),
    fc.nat(70).map(String),
    fc.tuple(fc.nat(70), fc.nat(70)).map(([a, b]) => `${a}-${b}`),
    fc.tuple(fc.nat(70), fc.integer({ min: 0, max: 40 })).map(([a, b]) => `${a}/${b}`),
    fc.string({ maxLength: 3 }),
  );
  const cron = fc.oneof(
    fc.array(field, { minLength: 3, maxLength: 7 }).map((fields) => fields.join(" ")),
    fc.string({ maxLength: 20 }),
  );

  it("the config check explains or accepts; an accepted expression gives ordered slots within the day", () => {
    const dates = ["2024-11-29", "2024-12-02", "2024-03-11", "2024-12-25"];
    fc.assert(
      fc.property(cron, fc.constantFrom(...dates), (expression, date) => {
        const problem = cronProblem(expression);
        if (problem !== undefined) {
          expect(problem.startsWith(`${JSON.stringify(expression)} is not a cron expression: `)).toBe(true);
          return;
        }
        const slots = coded(["SCN_ERR_SCHEDULE"], () =>
          scanSlots(
            calendar,
            [{ name: "fuzz", pre_session: undefined, regular_session: [], cron: expression }],
            date,
          ),
        );
        if (!slots) return;
        const session = calendar.session(date);
        if (!session) {
          expect(slots).toEqual([]);
          return;
        }
        for (let i = 0; i < slots.length; i++) {
          expect(slots[i].kind).toBe("cron");
          expect(slots[i].at).toBeGreaterThanOrEqual(session.preMarketAt);
          expect(slots[i].at).toBeLessThanOrEqual(session.closeAt);
          if (i > 0) expect(slots[i].at).toBeGreaterThan(slots[i - 1].at);
        }
      }),
      { numRuns: 1_000, seed: SEED },
    );
  });
});

describe("what the fuzzing found (fixed)", () => {
  it("a bigint where a string belongs is a coded error, not a TypeError from JSON.stringify", () => {
    expect(() => parseInterval(10n as never)).toThrow('Interval must be a string like "5m", got 10n');
    expect(() => parseSessionTime(0n as never)).toThrow(
      'A session time must be a string like "09:35" or "open+5m", got 0n',
    );
  });

  it("an hour count whose minutes exceed the limit is refused, so every canonical interval parses", () => {
    expect(parseInterval("1666h").text).toBe("99960m");
    expect(() => parseInterval("1667h")).toThrow('"1667h" is not an interval (100020 minutes, above 100000)');
  });
});
