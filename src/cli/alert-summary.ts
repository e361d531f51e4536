// The alerts of a run as a short table after the scan summary: per scanner, how many alerts were
// sent, are still pending, failed for good, or were only recorded (a backtest without
// --send-alerts). Nothing is printed for a run without alerts.

import type { AlertCounts } from "../scanners/alert-types.js";
import { formatTable } from "./text-table.js";

export function formatAlertSummary(counts: readonly AlertCounts[]): string {
  if (counts.length === 0) return "";
  const table = formatTable(
    [
      { title: "alerts of" },
      { title: "sent", align: "right" },
      { title: "pending", align: "right" },
      { title: "failed", align: "right" },
      { title: "recorded", align: "right" },
    ],
    counts.map((row) => [
      row.scanner,
      String(row.sent),
      String(row.pending),
      String(row.failed),
      String(row.recorded),
    ]),
  );
  return `\n${table.join("\n")}\n`;
}
