// Turns zod issues into one readable line each: `path: message`, with array indices in brackets
// (`session_data.indicators[0].interval: "5x" is not an interval`).

import type { z } from "zod";

export function formatIssuePath(path: readonly PropertyKey[]): string {
  let text = "";
  for (const part of path) {
    if (typeof part === "number") text += `[${part}]`;
    else text += text === "" ? String(part) : `.${String(part)}`;
  }
  return text;
}

export function formatZodIssues(issues: readonly z.core.$ZodIssue[]): string {
  return issues.map((issue) => `${formatIssuePath(issue.path) || "(root)"}: ${issue.message}`).join("; ");
}
