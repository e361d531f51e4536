// The files of the dashboard page: its own (src/web/page/, copied next to the compiled server by
// `npm run build`) and the chart library's standalone build, read from the installed
// `lightweight-charts` package. The report inlines the same files.

import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

/** Page files the server hands out, by the name in their URL (`/page/NAME`). */
export const PAGE_FILES = {
  "index.html": "text/html; charset=utf-8",
  "style.css": "text/css; charset=utf-8",
  "page-dom.js": "text/javascript; charset=utf-8",
  "chart-view.js": "text/javascript; charset=utf-8",
  "app.js": "text/javascript; charset=utf-8",
  "report.js": "text/javascript; charset=utf-8",
} as const;
export type PageFile = keyof typeof PAGE_FILES;

/** The TradingView notice the chart library's license asks every page to show. */
export const CHART_ATTRIBUTION = "Charts by TradingView Lightweight Charts™, Copyright (c) TradingView, Inc.";
export const CHART_ATTRIBUTION_URL = "https://www.tradingview.com/";

const pageFolder = fileURLToPath(new URL("./page/", import.meta.url));

export function readPageFile(name: PageFile): string {
  return readFileSync(join(pageFolder, name), "utf8");
}

/** The chart library's standalone build (defines the global `LightweightCharts`). */
export function readChartLibrary(): string {
  const require = createRequire(import.meta.url);
  const packageJson = require.resolve("lightweight-charts/package.json");
  return readFileSync(
    join(dirname(packageJson), "dist", "lightweight-charts.standalone.production.js"),
    "utf8",
  );
}

export function isPageFile(name: string): name is PageFile {
  return Object.hasOwn(PAGE_FILES, name);
}
