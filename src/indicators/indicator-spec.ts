// From what a config or an adhoc call says (`sma`, { period: 20, interval: "1d" }) to a validated
// indicator spec: its definition, parameters with defaults applied, key and canonical interval.
// `period` is the seed's shorthand for the `period` parameter; it is an error on an indicator
// without one, or when it disagrees with `params.period`.

import { IndicatorError } from "../core/errors.js";
import { type Interval, parseInterval } from "../core/interval.js";
import type { IndicatorDefinition } from "./definition.js";
import { indicatorKey } from "./indicator-key.js";
import {
  hasParameter,
  type IndicatorParamsInput,
  type IndicatorRegistry,
  parseDefinitionParams,
} from "./indicator-registry.js";

export interface IndicatorSpec {
  /** Shorthand for `params.period`. */
  readonly period?: number;
  readonly interval: Interval | string;
  readonly params?: IndicatorParamsInput;
}

export interface ResolvedIndicatorSpec {
  readonly definition: IndicatorDefinition;
  /** Validated parameters, defaults applied (the schema's output). */
  readonly params: Readonly<Record<string, unknown>>;
  /** `sma_20_1d`. */
  readonly key: string;
  /** Canonical interval text (`1h` → `60m`). */
  readonly interval: string;
}

export function resolveIndicatorSpec(
  registry: IndicatorRegistry,
  type: string,
  spec: IndicatorSpec,
): ResolvedIndicatorSpec {
  const definition = registry.get(type);
  const interval = typeof spec.interval === "string" ? parseInterval(spec.interval).text : spec.interval.text;
  const params = parseDefinitionParams(definition, mergePeriod(definition, spec));
  const key = indicatorKey(definition.name, definition.keyParts(params), interval);
  return { definition, params, key, interval };
}

function mergePeriod(definition: IndicatorDefinition, spec: IndicatorSpec): unknown {
  const params = spec.params ?? {};
  if (spec.period === undefined) return params;
  if (!hasParameter(definition, "period")) {
    throw new IndicatorError(
      `${definition.name}: has no parameter "period", got period ${JSON.stringify(spec.period)}`,
      { location: { path: "period" } },
    );
  }
  const fromParams = typeof params === "object" && params !== null ? params.period : undefined;
  if (fromParams !== undefined && fromParams !== spec.period) {
    throw new IndicatorError(
      `${definition.name}: period ${JSON.stringify(spec.period)} and params.period ${JSON.stringify(fromParams)} disagree`,
      { location: { path: "params.period" } },
    );
  }
  return { ...params, period: spec.period };
}
