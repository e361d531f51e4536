// `scanwright store info` and `scanwright --version` through the built CLI.

import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runBuiltCli } from "../../../helpers/built-cli.js";
import { buildSmallStore, type SmallStore } from "../../../helpers/small-store.js";

const PACKAGE_JSON = fileURLToPath(new URL("../../../../package.json", import.meta.url));

describe("scanwright --version", () => {
  it("prints the package's version and exits 0", async () => {
    const { version } = JSON.parse(readFileSync(PACKAGE_JSON, "utf8")) as { version: string };
    expect(version).toMatch(/^\d+\.\d+\.\d+/);
    for (const flag of ["--version", "-V"]) {
      expect(await runBuiltCli([flag], process.cwd())).toEqual({
        exitCode: 0,
        stdout: `${version}\n`,
        stderr: "",
      });
    }
  });
});

describe("scanwright store info", () => {
  let store: SmallStore;
  beforeAll(() => {
    store = buildSmallStore([
      ["SPY", "1m", "2024-11-25", "09:30"],
      ["SPY", "1m", "2024-11-25", "09:31"],
      ["SPY", "1m", "2024-11-27", "15:59"],
      ["SPY", "1d", "2024-11-22", "09:30"],
      ["AAPL", "1d", "2024-11-01", "09:30"],
      ["AAPL", "1d", "2024-11-04", "09:30"],
    ]);
  });
  afterAll(() => store?.dispose());

  it("gives each interval's symbols, bars and first and last dates", async () => {
    expect(await runBuiltCli(["store", "info", "--store", "bars.db"], store.dir)).toEqual({
      exitCode: 0,
      stdout: [
        `Store ${store.path}, trading dates of XNYS (America/New_York):`,
        "  1d        2 symbols            3 bars  2024-11-01 → 2024-11-22",
        "  1m        1 symbol             3 bars  2024-11-25 → 2024-11-27",
        "",
      ].join("\n"),
      stderr: "",
    });
  });

  it("lists every symbol's series with --symbols, or the ones named", async () => {
    const all = await runBuiltCli(["store", "info", "--store", "bars.db", "--symbols"], store.dir);
    expect(all.exitCode).toBe(0);
    expect(all.stdout.split("\n").slice(3)).toEqual([
      "  AAPL   1d              2 bars  2024-11-01 → 2024-11-04",
      "  SPY    1m              3 bars  2024-11-25 → 2024-11-27",
      "  SPY    1d              1 bar   2024-11-22 → 2024-11-22",
      "",
    ]);
    const named = await runBuiltCli(["store", "info", "--store", "bars.db", "--symbols", "spy"], store.dir);
    expect(named.stdout.split("\n").slice(3)).toEqual([
      "  SPY    1m              3 bars  2024-11-25 → 2024-11-27",
      "  SPY    1d              1 bar   2024-11-22 → 2024-11-22",
      "",
    ]);
  });

  it("prints one JSON document with --json, times in New York with their offset", async () => {
    const result = await runBuiltCli(
      ["store", "info", "--store", "bars.db", "--symbols", "AAPL", "--json"],
      store.dir,
    );
    expect(result.exitCode).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual({
      store: store.path,
      exchange: "XNYS",
      timeZone: "America/New_York",
      symbols: 2,
      intervals: [
        {
          interval: "1d",
          symbols: 2,
          bars: 3,
          first: "2024-11-01T09:30:00-04:00",
          last: "2024-11-22T09:30:00-05:00",
        },
        {
          interval: "1m",
          symbols: 1,
          bars: 3,
          first: "2024-11-25T09:30:00-05:00",
          last: "2024-11-27T15:59:00-05:00",
        },
      ],
      series: [
        {
          symbol: "AAPL",
          interval: "1d",
          bars: 2,
          first: "2024-11-01T09:30:00-04:00",
          last: "2024-11-04T09:30:00-05:00",
        },
      ],
    });
  });

  it("exits 2 for a symbol the store does not hold, and for a store that does not exist (creating none)", async () => {
    expect(await runBuiltCli(["store", "info", "--store", "bars.db", "--symbols", "QQQ"], store.dir)).toEqual(
      {
        exitCode: 2,
        stdout: "",
        stderr: `error SCN_ERR_USAGE: No bars of QQQ in the store "${store.path}"\n`,
      },
    );
    expect(await runBuiltCli(["store", "info", "--store", "other.db"], store.dir)).toEqual({
      exitCode: 2,
      stdout: "",
      stderr: `error SCN_ERR_USAGE: No bar store at "${join(store.dir, "other.db")}" (from --store); import bars first, or pass --store\n`,
    });
    expect(existsSync(join(store.dir, "other.db"))).toBe(false);
  });
});

describe("scanwright store optimize", () => {
  let store: SmallStore;
  beforeAll(() => {
    store = buildSmallStore([
      ["SPY", "1m", "2024-11-25", "09:30"],
      ["QQQ", "1m", "2024-11-25", "09:30"],
      ["SPY", "1m", "2024-11-26", "09:30"],
      ["SPY", "1d", "2024-11-22", "09:30"],
    ]);
  });
  afterAll(() => store?.dispose());

  it("names each step on stderr, reports the pages and sizes, and leaves every bar readable", async () => {
    const infoBefore = await runBuiltCli(["store", "info", "--store", "bars.db", "--symbols"], store.dir);
    const text = await runBuiltCli(["store", "optimize", "--store", "bars.db"], store.dir);
    expect(text.exitCode).toBe(0);
    expect(text.stderr).toBe(
      "optimize: reordering 4 chunks by time span and series…\noptimize: compacting the file (16 KiB pages)…\n",
    );
    expect(text.stdout).toMatch(
      new RegExp(
        `^Optimized ${store.path.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}: 4 chunks by time span and series, 16 KiB pages, \\d+\\.\\d MB → \\d+\\.\\d MB\\.\\n$`,
      ),
    );
    const json = await runBuiltCli(["store", "optimize", "--store", "bars.db", "--json"], store.dir);
    expect(json.exitCode).toBe(0);
    expect(JSON.parse(json.stdout)).toMatchObject({
      path: store.path,
      chunks: 4,
      pageSizeBefore: 16_384,
      pageSizeAfter: 16_384,
    });
    expect(await runBuiltCli(["store", "info", "--store", "bars.db", "--symbols"], store.dir)).toEqual(
      infoBefore,
    );
    expect(await runBuiltCli(["store", "optimize", "--store", "other.db"], store.dir)).toEqual({
      exitCode: 2,
      stdout: "",
      stderr: `error SCN_ERR_USAGE: No bar store at "${join(store.dir, "other.db")}" (from --store); import bars first, or pass --store\n`,
    });
  });
});
