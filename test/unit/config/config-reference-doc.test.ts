import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { renderConfigReference } from "../../../src/config/config-reference-doc.js";
import { renderMarkdownTable } from "../../../src/config/markdown-table.js";
import { sessionConfigSchema } from "../../../src/config/session-config.js";

const REFERENCE_PAGE = fileURLToPath(new URL("../../../docs/config-reference.md", import.meta.url));

/** 1-based number and both versions of the first line where two texts differ. */
function firstDifference(committed: string, rendered: string): string {
  const a = committed.split("\n");
  const b = rendered.split("\n");
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    if (a[i] !== b[i]) {
      return `first difference at line ${i + 1}:\n  committed: ${a[i] ?? "(end of file)"}\n  rendered:  ${b[i] ?? "(end of file)"}`;
    }
  }
  return "no line differs";
}

describe("docs/config-reference.md", () => {
  const page = renderConfigReference();

  it("is the reference rendered from the schemas", () => {
    const committed = readFileSync(REFERENCE_PAGE, "utf8").replace(/\r\n/g, "\n");
    if (committed !== page) {
      expect.fail(
        `docs/config-reference.md is stale: run \`npm run docs\`\n${firstDifference(committed, page)}`,
      );
    }
  });

  it("has a section per mapping, in the order a config nests them", () => {
    expect(page.split("\n").filter((line) => line.startsWith("## "))).toEqual([
      "## Top level",
      "## `backtest`",
      "## `feed`",
      "## `session_data`",
      "## `session_data.historical[]`",
      "## `session_data.indicators[]`",
      "## `session_data.scanners[]`",
      "## `session_data.scanners[].indicators[]`",
      "## `session_data.scanners[].regular_session[]`",
      "## `notify`",
      ...["webhook", "slack", "discord", "telegram", "email", "command"].flatMap((type) => [
        `## \`notify.channels[] (type: ${type})\``,
        `## \`notify.channels[] (type: ${type}).rate_limit\``,
      ]),
      "## `notify.quiet_hours[]`",
      "## `sweep`",
      "## `cluster`",
    ]);
  });

  it("shows each key's type, default (from the output side when the input side hides it) and rules", () => {
    const rows = page.split("\n").map((line) => line.replace(/ {2,}/g, " "));
    expect(rows).toContain(
      "| `timeout_seconds` | number | `30` | Longest a hook (`setup`, `scan`, `teardown`) may run before it is recorded as `timeout`. Rule: > 0. |",
    );
    expect(rows).toContain(
      "| `pre_session` | true/false or string | `false` | Pre-session scan: `false`, `true` (at 09:00) or a time `HH:MM` from 04:00 to before 09:30. |",
    );
    expect(rows).toContain(
      "| `universe` | list of strings or string | required | Symbols the scanner watches: a list (`[AIG, SPY]`) or a universe file (one symbol per line, `#` comments). Rule: a list needs at least 1 item. |",
    );
    expect(rows).toContain(
      '| `mode` | `"backtest"` or `"live"` | `"backtest"` | `backtest` replays stored bars over `backtest.start`…`end`; `live` runs on the wall clock. |',
    );
  });

  it("refers to a mapping documented earlier instead of repeating it", () => {
    const section = page.slice(page.indexOf("## `session_data.scanners[].indicators[]`"));
    expect(section.split("\n").slice(0, 5)).toEqual([
      "## `session_data.scanners[].indicators[]`",
      "",
      "An indicator provisioned (through addIndicator) for every symbol it applies to.",
      "",
      "The same keys as `session_data.indicators[]`.",
    ]);
  });

  it("opens with an example config the schema accepts", () => {
    const example = /```yaml\n([\s\S]*?)```/.exec(page)?.[1] ?? "";
    const parsed = sessionConfigSchema.safeParse(parse(example));
    expect(parsed.error?.issues ?? []).toEqual([]);
    expect(parsed.data?.session_data.scanners.map((scanner) => scanner.name)).toEqual(["momentum"]);
  });
});

describe("renderMarkdownTable", () => {
  it("pads every column to its widest cell and escapes pipes", () => {
    expect(
      renderMarkdownTable(
        ["key", "rule"],
        [
          ["`a`", "x | y"],
          ["`long_key`", "-"],
        ],
      ),
    ).toBe(
      [
        "| key        | rule   |",
        "| ---------- | ------ |",
        "| `a`        | x \\| y |",
        "| `long_key` | -      |",
      ].join("\n"),
    );
  });
});
