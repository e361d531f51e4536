// `npm run docs`: regenerates docs/indicators.md from the built indicator registry (run after
// `npm run build`, which the npm script does first). The staleness test in
// test/unit/indicators/catalog-doc.test.ts renders the same page from the sources.

import { writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { renderIndicatorCatalog } from "../dist/indicators/catalog-doc.js";
import { defaultIndicatorRegistry } from "../dist/indicators/registry.js";

const target = fileURLToPath(new URL("../docs/indicators.md", import.meta.url));
writeFileSync(target, renderIndicatorCatalog(defaultIndicatorRegistry()));
process.stdout.write(`wrote ${target}\n`);
