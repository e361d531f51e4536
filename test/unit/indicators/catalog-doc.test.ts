import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { renderIndicatorCatalog } from "../../../src/indicators/catalog-doc.js";
import type { IndicatorDefinition } from "../../../src/indicators/definition.js";
import { IndicatorRegistry } from "../../../src/indicators/indicator-registry.js";
import { defaultIndicatorRegistry } from "../../../src/indicators/registry.js";
import { SMA } from "../../../src/indicators/sma.js";

const CATALOG_PAGE = fileURLToPath(new URL("../../../docs/indicators.md", import.meta.url));

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

describe("docs/indicators.md", () => {
  it("is the catalog rendered from the default registry", () => {
    const committed = readFileSync(CATALOG_PAGE, "utf8").replace(/\r\n/g, "\n");
    const rendered = renderIndicatorCatalog(defaultIndicatorRegistry());
    if (committed !== rendered) {
      expect.fail(
        `docs/indicators.md is stale: run \`npm run docs\`\n${firstDifference(committed, rendered)}`,
      );
    }
  });
});

describe("renderIndicatorCatalog", () => {
  const bandParams = z
    .strictObject({
      period: z.number().int().min(2).max(500).default(10),
      width: z.number().positive().default(1.5),
      mode: z.enum(["close", "typical"]).default("close"),
    })
    .refine((params) => params.period > params.width, {
      error: "width must be below period",
      path: ["width"],
    });
  const bandDefinition: IndicatorDefinition<typeof bandParams> = {
    name: "band_test",
    description: "A test band without a full stop",
    outputs: ["upper", "lower"],
    params: bandParams,
    keyParts: (params) => [params.period, params.width],
    create: (params) => new SMA(params.period),
  };
  const page = renderIndicatorCatalog(new IndicatorRegistry([bandDefinition]));

  it("renders an indicator's section from its definition and a default instance", () => {
    const section = page.slice(page.indexOf("## band_test"));
    expect(section).toBe(
      [
        "## band_test",
        "",
        "A test band without a full stop.",
        "",
        "- **Value**: an object `{ upper, lower }` (one reused object), `null` until ready.",
        "- **Keys with the defaults**: `band_test_10_1.5_1d` on 1d, `band_test_10_1.5_5m` on 5m.",
        "- **Warm-up with the defaults**: requiredBars 10, stableBars 10.",
        '- **Create**: `createIndicator("band_test", { period: 10, width: 1.5, mode: "close" })`',
        "",
        "| parameter | type         | default | allowed values     |",
        "| --------- | ------------ | ------: | ------------------ |",
        "| `period`  | whole number |      10 | 2 to 500           |",
        "| `width`   | number       |     1.5 | > 0                |",
        '| `mode`    | string       | "close" | "close", "typical" |',
        "",
        "Also checked: width must be below period.",
        "",
      ].join("\n"),
    );
  });

  it("lists every indicator in the summary table, linked to its section", () => {
    expect(page).toContain(
      "| [band_test](#band_test) | `{ upper, lower }` | `band_test_10_1.5_5m` |           10 |         10 |",
    );
  });
});
