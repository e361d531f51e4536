// The edge lines under `scanwright run`'s summary: each scanner's mean return at one horizon
// (`close`, entry `next_open`) against its universe at the same slots, with the 95 % interval.
// `scanwright evaluate` gives the full picture; this is the one-glance answer.

import type { ScanwrightError } from "../core/errors.js";
import { ENTRY_RULE_DESCRIPTIONS } from "../scoring/entry-rules.js";
import { buildReport } from "../scoring/score-report.js";
import { compareText } from "../scoring/score-run.js";
import type { RunScores } from "../scoring/score-types.js";
import { signed } from "./evaluation-output.js";
import { formatTable } from "./text-table.js";

export function formatEdgeSummary(scores: RunScores): string {
  const report = buildReport(scores, { groups: ["all"] });
  const horizon = report.horizons[0];
  const lines = [
    `Edge at ${horizon} (entry ${report.entryRule}: ${ENTRY_RULE_DESCRIPTIONS[report.entryRule]}), in %, over each scanner's universe at the same slots:`,
  ];
  const rows = report.rows
    .filter((row) => row.horizon === horizon)
    // In the order of the summary table above (by scanner name).
    .sort((a, b) => compareText(a.scanner, b.scanner))
    .map((row) => [
      row.scanner,
      String(row.hits),
      String(row.nulls),
      signed(row.meanReturn),
      signed(row.baselineMean),
      signed(row.edge),
      row.edgeLow === null || row.edgeHigh === null
        ? "-"
        : `[${signed(row.edgeLow)}, ${signed(row.edgeHigh)}]`,
    ]);
  lines.push(
    ...formatTable(
      [
        { title: "scanner" },
        { title: "hits", align: "right" },
        { title: "null", align: "right" },
        { title: "mean", align: "right" },
        { title: "baseline", align: "right" },
        { title: "edge", align: "right" },
        { title: "95 % CI", align: "right" },
      ],
      rows,
    ),
  );
  return `${lines.join("\n")}\n`;
}

/** The warning printed instead when the edge cannot be computed (the backtest itself succeeded). */
export function edgeUnavailable(error: ScanwrightError): string {
  return `warning: no edge computed: ${error.message}\n`;
}
