// One problem found in a session config, and the error that carries every problem of one load:
// `ConfigErrors` is a `ConfigError` (code SCN_ERR_CONFIG) whose message lists the problems one per
// line, each as `configs/demo.yaml:14:7 session_data.scanners[0].regular_session[0].interval: "5x" is not an interval`.

import { ConfigError, formatLocation } from "../core/errors.js";

export interface ConfigProblem {
  /** The config file as the caller named it. */
  readonly file: string;
  /** 1-based; absent when the problem is the file itself (it cannot be read). */
  readonly line?: number;
  readonly column?: number;
  /** Config path (`session_data.scanners[0].name`); absent for YAML syntax problems. */
  readonly path?: string;
  readonly message: string;
}

/** Problems in file order (line, then column); problems at one position keep their order. */
export function sortConfigProblems(problems: readonly ConfigProblem[]): ConfigProblem[] {
  return problems
    .map((problem, order) => ({ problem, order }))
    .sort(
      (a, b) =>
        (a.problem.line ?? 0) - (b.problem.line ?? 0) ||
        (a.problem.column ?? 0) - (b.problem.column ?? 0) ||
        a.order - b.order,
    )
    .map(({ problem }) => problem);
}

/** `file:line:column path: message`. */
export function formatConfigProblem(problem: ConfigProblem): string {
  return `${formatLocation(problem)}: ${problem.message}`;
}

export class ConfigErrors extends ConfigError {
  readonly problems: readonly ConfigProblem[];

  constructor(problems: readonly ConfigProblem[], options: { readonly cause?: unknown } = {}) {
    const [first] = problems;
    super(problems.map(formatConfigProblem).join("\n"), {
      cause: options.cause,
      location: first && { file: first.file, line: first.line, column: first.column, path: first.path },
    });
    this.problems = problems;
  }
}
