// How `scanwright evaluate` prints an EvaluationReport: aligned tables per scanner (all hits, by
// day, by time of day), CSV (one line per row, every figure, the entry rule on each line) or JSON
// (the report as is). Percent figures are returns in percent; rates are shares printed as percent.

import type { EvaluationReport, EvaluationRow, GroupKind } from "../scoring/score-report.js";
import { countOf, formatTable, type TableColumn } from "./text-table.js";

const GROUP_TITLES: Readonly<Record<GroupKind, string>> = {
  all: "all hits",
  day: "by session date",
  time: "by time of day (30-minute buckets of the slot from the open, exchange time)",
};

/** The report as text: a header stating every definition used, then the tables. */
export function formatEvaluationTables(report: EvaluationReport, title: string): string {
  const { confidence } = report;
  const lines = [
    title,
    `Entry: ${report.entryRule} (${report.entryDescription})`,
    `Returns in % per horizon (${report.horizons.join(", ")}); baseline: the scanner's universe at the same slot;`,
    `edge = mean of (hit return − baseline), ${confidence.level * 100} % CI: bootstrap of ${confidence.resamples.toLocaleString("en-US")} resamples, seed ${confidence.seed} (normal above ${confidence.normalAbove.toLocaleString("en-US")} hits).`,
    "A horizon without data (past the store's bars, or no entry) is counted in `null`, never as 0.",
  ];
  for (const scanner of report.scanners) {
    lines.push(
      "",
      `${scanner.name} (${scanner.direction}, universe ${countOf(scanner.universeSize, "symbol")}, ${countOf(scanner.hits, "hit", { grouped: true })})`,
    );
    const rows = report.rows.filter((row) => row.scanner === scanner.name);
    for (const group of ["all", "day", "time"] as const) {
      const ofGroup = rows.filter((row) => row.group === group);
      if (ofGroup.length === 0) continue;
      lines.push(`  ${GROUP_TITLES[group]}`);
      const keyColumn: TableColumn[] = group === "all" ? [] : [{ title: group === "day" ? "date" : "time" }];
      const columns: TableColumn[] = [
        ...keyColumn,
        { title: "horizon" },
        { title: "hits", align: "right" },
        { title: "null", align: "right" },
        { title: "mean", align: "right" },
        { title: "median", align: "right" },
        { title: "hit rate", align: "right" },
        { title: "MFE", align: "right" },
        { title: "MAE", align: "right" },
        { title: "baseline", align: "right" },
        { title: "base rate", align: "right" },
        { title: "edge", align: "right" },
        { title: "95 % CI", align: "right" },
      ];
      const cells = ofGroup.map((row) => [
        ...(group === "all" ? [] : [row.key]),
        row.horizon,
        String(row.hits),
        String(row.nulls),
        signed(row.meanReturn),
        signed(row.medianReturn),
        share(row.hitRate),
        signed(row.meanMfe),
        signed(row.meanMae),
        signed(row.baselineMean),
        share(row.baselineHitRate),
        signed(row.edge),
        interval(row),
      ]);
      for (const line of formatTable(columns, cells)) lines.push(`    ${line}`);
    }
  }
  return `${lines.join("\n")}\n`;
}

export const CSV_COLUMNS = [
  "run",
  "entry_rule",
  "scanner",
  "direction",
  "group",
  "key",
  "horizon",
  "hits",
  "nulls",
  "mean_return_pct",
  "median_return_pct",
  "hit_rate",
  "mean_mfe_pct",
  "mean_mae_pct",
  "baseline_mean_pct",
  "baseline_hit_rate",
  "edge_pct",
  "edge_ci_low_pct",
  "edge_ci_high_pct",
  "edge_ci_method",
] as const;

/** The report as CSV: a header line, then one line per row; null figures are empty fields. */
export function formatEvaluationCsv(report: EvaluationReport): string {
  const lines = [CSV_COLUMNS.join(",")];
  for (const row of report.rows) {
    lines.push(
      [
        report.run,
        report.entryRule,
        row.scanner,
        row.direction,
        row.group,
        row.key,
        row.horizon,
        row.hits,
        row.nulls,
        row.meanReturn,
        row.medianReturn,
        row.hitRate,
        row.meanMfe,
        row.meanMae,
        row.baselineMean,
        row.baselineHitRate,
        row.edge,
        row.edgeLow,
        row.edgeHigh,
        row.edgeInterval,
      ]
        .map(csvCell)
        .join(","),
    );
  }
  return `${lines.join("\n")}\n`;
}

/** `+0.123` / `-0.045` (percent, 3 decimals), `-` for null. */
export function signed(value: number | null): string {
  if (value === null) return "-";
  const text = Math.abs(value).toFixed(3);
  if (Number(text) === 0) return "0.000";
  return `${value < 0 ? "-" : "+"}${text}`;
}

/** A share as percent with one decimal (`54.2%`), `-` for null. */
export function share(value: number | null): string {
  return value === null ? "-" : `${(value * 100).toFixed(1)}%`;
}

function interval(row: EvaluationRow): string {
  if (row.edgeLow === null || row.edgeHigh === null) return "-";
  return `[${signed(row.edgeLow)}, ${signed(row.edgeHigh)}]`;
}

function csvCell(value: string | number | null): string {
  if (value === null) return "";
  if (typeof value === "number") return String(value);
  return /[",\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}
