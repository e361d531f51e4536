// The read side for other views (the dashboard, a report): a run's stored scores as the figures
// `evaluate` printed, without scoring anything again. `undefined` when the run was never evaluated.

import { buildReport, type EvaluationReport, type ReportOptions } from "./score-report.js";
import { ScoreTable } from "./score-table.js";

export function readStoredReport(
  journalPath: string,
  run: number,
  options: ReportOptions = {},
): EvaluationReport | undefined {
  const table = ScoreTable.open(journalPath);
  try {
    const scores = table.read(run);
    return scores === undefined ? undefined : buildReport(scores, options);
  } finally {
    table.close();
  }
}
