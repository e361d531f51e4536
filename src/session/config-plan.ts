// What the config's session data asks of every symbol on one session date: the streams (each with
// its base first), the history windows, and each configured indicator resolved (parameters
// validated, key made) with its requirements. A day start provisions thousands of symbols that all
// ask the same questions, so the plan answers each once per date instead of once per symbol.
//
// Each answer is worked out when a provisioning first needs it and kept, a failure included: a
// symbol's provisioning that reaches a step which cannot be worked out fails there with that
// error, exactly as when every symbol worked it out itself.

import { parseInterval } from "../core/interval.js";
import type { IndicatorRegistry } from "../indicators/indicator-registry.js";
import { type ResolvedIndicatorSpec, resolveIndicatorSpec } from "../indicators/indicator-spec.js";
import {
  type HistoryWindow,
  type IndicatorRequirements,
  type RequirementAnalyzer,
  requiredIntervals,
} from "./requirement-analyzer.js";
import type { SessionDataSpec } from "./session-spec.js";

/** A configured indicator, resolved, with what it needs on the plan's date. */
export interface PlannedIndicator {
  readonly resolved: ResolvedIndicatorSpec;
  readonly requirements: IndicatorRequirements;
}

export class ConfigPlan {
  /** Stream interval texts to ensure, per configured stream: its base first when it is derived. */
  readonly streams: ReadonlyArray<() => readonly string[]>;
  /** Per configured history window: the window on the plan's date (`undefined`: none to load). */
  readonly history: ReadonlyArray<() => HistoryWindow | undefined>;
  /** Per configured indicator, in config order. */
  readonly indicators: ReadonlyArray<() => PlannedIndicator>;

  constructor(
    readonly date: string,
    spec: SessionDataSpec,
    registry: IndicatorRegistry,
    analyzer: RequirementAnalyzer,
  ) {
    this.streams = spec.streams.map((stream) => once(() => requiredIntervals(parseInterval(stream))));
    this.history = spec.historical.map((window) =>
      once(() => analyzer.forBars(window.interval, window.days, date).history),
    );
    this.indicators = spec.indicators.map((request) =>
      once(() => {
        const resolved = resolveIndicatorSpec(registry, request.type, request);
        return { resolved, requirements: analyzer.forResolvedIndicator(resolved, date) };
      }),
    );
  }
}

/** `compute`'s answer, worked out on the first call and given (or thrown) again at every later one. */
function once<T>(compute: () => T): () => T {
  let outcome: { readonly value: T } | { readonly error: unknown } | undefined;
  return () => {
    if (outcome === undefined) {
      try {
        outcome = { value: compute() };
      } catch (error) {
        outcome = { error };
      }
    }
    if ("error" in outcome) throw outcome.error;
    return outcome.value;
  };
}
