import { describe, expect, it } from "vitest";
import {
  isPostgresUrl,
  redactUrl,
  scrubPassword,
  serverOf,
  urlHasPassword,
} from "../../../src/data/pg/pg-url.js";

describe("PostgreSQL locations", () => {
  it("tells a URL from a file path", () => {
    expect(["postgres://h/db", "POSTGRESQL://h/db", " postgres://h/db"].map(isPostgresUrl)).toEqual([
      true,
      true,
      true,
    ]);
    expect(["bars.db", ":memory:", "/data/postgres://x", "postgres:/h/db"].map(isPostgresUrl)).toEqual([
      false,
      false,
      false,
      false,
    ]);
  });

  it("shows a URL only with its password replaced, and scrubs it from driver messages", () => {
    const url = "postgres://scan:p%40ss@db.internal:5433/bars?sslmode=require";
    expect(urlHasPassword(url)).toBe(true);
    expect(redactUrl(url)).toBe("postgres://scan:***@db.internal:5433/bars?sslmode=require");
    expect(redactUrl("postgres://scan@db/bars")).toBe("postgres://scan@db/bars");
    expect(urlHasPassword("postgres://scan@db/bars")).toBe(false);
    expect(scrubPassword('password "p@ss" rejected', url)).toBe('password "***" rejected');
  });

  it("names the server as host:port, with the PG* variables and libpq's defaults filling gaps", () => {
    expect(serverOf("postgres://scan@db.internal:5433/bars", {})).toBe("db.internal:5433");
    expect(serverOf("postgres:///bars", { PGHOST: "10.0.0.9", PGPORT: "6432" })).toBe("10.0.0.9:6432");
    expect(serverOf("postgres:///bars", {})).toBe("localhost:5432");
  });

  it("refuses a URL it cannot parse without repeating it", () => {
    expect(() => redactUrl("postgres://scan:secret@[bad/bars")).toThrow(
      "PostgreSQL URL is not a valid URL (postgres://user@host:port/database)",
    );
  });
});
