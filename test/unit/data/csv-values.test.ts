import { describe, expect, it } from "vitest";
import {
  daysFromCivil,
  explainTimestamp,
  readDateKey,
  readDecimal,
  readTimestamp,
} from "../../../src/data/csv-values.js";

const decimal = (text: string) => readDecimal(text, 0, text.length);
const timestamp = (text: string) => readTimestamp(text, 0, text.length);
const dateKey = (text: string) => readDateKey(text, 0, text.length);

describe("readDecimal", () => {
  it("gives exactly the double Number() gives", () => {
    const samples = [
      "167.41",
      "0.1",
      "0.3",
      "97.53",
      "393.0299",
      "0.8613657",
      "0.00892857",
      "1",
      "-2.5",
      "+3.25",
      "90673494",
      "1234567.891011",
      "9007199254740993", // beyond 2^53: slow path
      "0.12345678901234567890123", // more than 22 fraction digits: slow path
      "1e3",
      "1.5E-2",
      ".5",
      "5.",
      " 12.5 ",
    ];
    for (const sample of samples) expect(decimal(sample)).toBe(Number(sample));
  });

  it("reads a field inside a line without slicing it", () => {
    const line = "2013-10-07,167.41,x";
    expect(readDecimal(line, 11, 17)).toBe(167.41);
  });

  it("is NaN for anything that is not a plain decimal", () => {
    for (const bad of ["", " ", "abc", "1.2.3", "0x10", "1,5", "--1", "Infinity", "NaN", "12a", "."]) {
      expect(decimal(bad)).toBeNaN();
    }
  });
});

describe("readDateKey", () => {
  it("reads YYYY-MM-DD and YYYYMMDD", () => {
    expect(dateKey("2013-10-07")).toBe(20131007);
    expect(dateKey("20140609")).toBe(20140609);
    expect(dateKey("2024-02-29")).toBe(20240229);
  });

  it("rejects impossible dates and other shapes", () => {
    for (const bad of [
      "2023-02-29",
      "1900-02-29",
      "2013-13-01",
      "2013-00-10",
      "2013-04-31",
      "2013/10/07",
      "13-10-07",
      "2013-10-7",
    ]) {
      expect(dateKey(bad)).toBeNaN();
    }
    expect(dateKey("2000-02-29")).toBe(20000229);
  });
});

describe("daysFromCivil", () => {
  it("matches Date.UTC", () => {
    for (const [year, month, day] of [
      [1970, 1, 1],
      [1969, 12, 31],
      [2000, 2, 29],
      [2013, 10, 7],
      [2100, 3, 1],
      [1600, 1, 1],
    ]) {
      expect(daysFromCivil(year, month, day)).toBe(Date.UTC(year, month - 1, day) / 86_400_000);
    }
  });
});

describe("readTimestamp", () => {
  it("reads ISO-8601 instants with an offset as epoch ms", () => {
    expect(timestamp("2013-10-07T09:30:00-04:00")).toBe(Date.UTC(2013, 9, 7, 13, 30));
    expect(timestamp("2013-12-02T09:30:00-05:00")).toBe(Date.UTC(2013, 11, 2, 14, 30));
    expect(timestamp("2013-10-07T13:30:00Z")).toBe(Date.UTC(2013, 9, 7, 13, 30));
    expect(timestamp("2013-10-07 09:30:00-0400")).toBe(Date.UTC(2013, 9, 7, 13, 30));
    expect(timestamp("2013-10-07T09:30-04:00")).toBe(Date.UTC(2013, 9, 7, 13, 30));
    expect(timestamp("2013-10-07T09:30:15.250+05:30")).toBe(Date.UTC(2013, 9, 7, 4, 0, 15, 250));
    expect(timestamp("2025-07-01T16:00:00-04:00")).toBe(Date.parse("2025-07-01T16:00:00-04:00"));
  });

  it("is NaN without an offset or with an invalid part", () => {
    for (const bad of [
      "2013-10-07T09:30:00",
      "2013-10-07",
      "2013-10-07T24:00:00-04:00",
      "2013-10-07T09:60:00-04:00",
      "2013-02-30T09:30:00-04:00",
      "2013-10-07T09:30:00-4:00",
      "2013-10-07T09:30:00-04:00x",
      "2013-10-07X09:30:00-04:00",
      "1381152600000",
    ]) {
      expect(timestamp(bad)).toBeNaN();
    }
  });

  it("explains a missing offset apart from other mistakes", () => {
    expect(explainTimestamp("2013-10-07T09:30:00")).toBe(
      'timestamp "2013-10-07T09:30:00" has no zone offset (expected e.g. "2013-10-07T09:30:00-04:00")',
    );
    expect(explainTimestamp("2013-03-10T02:30:00", "America/New_York")).toBe(
      'timestamp "2013-03-10T02:30:00" does not exist in America/New_York (a daylight-saving gap) or is not a real time',
    );
    expect(explainTimestamp("yesterday")).toBe(
      'timestamp "yesterday" is not an ISO-8601 date-time or epoch time (expected e.g. "2013-10-07T09:30:00-04:00", "2013-10-07 09:30" or 1381152600)',
    );
    expect(explainTimestamp("13811526000001")).toBe(
      'timestamp "13811526000001" is not epoch seconds (up to 11 digits) or milliseconds (12 or 13 digits)',
    );
  });
});
