// The indicator registry: an immutable name → definition map, built from a list of definitions.
// It is a value, not a global: the default catalog comes from `defaultIndicatorRegistry()`
// (registry.ts), and a user-extended one is `registry.with(myDefinition)`.
//
// Parameters are validated once, by the definition's zod schema; a failure becomes one
// IndicatorError that names the indicator and every bad parameter with what it must be, e.g.
// `sma: parameter "period" must be a whole number ≥ 1, got 0`.

import { z } from "zod";
import { IndicatorError } from "../core/errors.js";
import type { IndicatorDefinition } from "./definition.js";
import type { Indicator } from "./indicator.js";

/** Parameters as an author writes them (before defaults): `{ period: 20 }`. */
export type IndicatorParamsInput = Readonly<Record<string, unknown>>;

/** JSON Schema of an indicator's parameters (input side: defaults shown, defaulted fields optional). */
export type IndicatorParamsJsonSchema = z.core.JSONSchema.BaseSchema;

export interface IndicatorListing {
  readonly name: string;
  readonly description: string;
  readonly outputs: readonly string[] | undefined;
  readonly params: IndicatorParamsJsonSchema;
}

const NAME_PATTERN = /^[a-z][a-z0-9_]*[a-z]$|^[a-z]$/;
const LARGEST_SHOWN_BOUND = Number.MAX_SAFE_INTEGER;

export class IndicatorRegistry {
  private readonly definitions: ReadonlyMap<string, IndicatorDefinition>;

  constructor(definitions: readonly IndicatorDefinition[]) {
    const byName = new Map<string, IndicatorDefinition>();
    for (const definition of definitions) {
      if (!NAME_PATTERN.test(definition.name)) {
        throw new IndicatorError(
          `Indicator name "${definition.name}" must be lower-case letters, digits and "_", starting and ending with a letter`,
        );
      }
      if (byName.has(definition.name)) {
        throw new IndicatorError(`Indicator "${definition.name}" is defined twice`);
      }
      byName.set(definition.name, definition);
    }
    this.definitions = byName;
  }

  /** A new registry with these definitions added (names must not exist yet). */
  with(...definitions: readonly IndicatorDefinition[]): IndicatorRegistry {
    return new IndicatorRegistry([...this.definitions.values(), ...definitions]);
  }

  has(name: string): boolean {
    return this.definitions.has(name);
  }

  /** The definition of `name`, or an IndicatorError `Unknown indicator "smaa" (known: …)`. */
  get(name: string): IndicatorDefinition {
    const definition = this.definitions.get(name);
    if (definition) return definition;
    const shown = typeof name === "string" ? `"${name}"` : String(name);
    const lower = typeof name === "string" ? name.trim().toLowerCase() : "";
    const hint = lower !== name && this.definitions.has(lower) ? ` (did you mean "${lower}"?)` : "";
    throw new IndicatorError(
      `Unknown indicator ${shown}${hint}; known indicators: ${this.names().join(", ")}`,
    );
  }

  /** Names in alphabetical order. */
  names(): string[] {
    return [...this.definitions.keys()].sort();
  }

  /** Every indicator with its description, outputs and parameter JSON Schema, by name. */
  list(): IndicatorListing[] {
    return this.names().map((name) => {
      const definition = this.get(name);
      return {
        name,
        description: definition.description,
        outputs: definition.outputs,
        params: z.toJSONSchema(definition.params, { io: "input" }),
      };
    });
  }

  /** Validates parameters (defaults applied) or throws one IndicatorError listing every bad one. */
  parseParams(name: string, params: IndicatorParamsInput = {}): Readonly<Record<string, unknown>> {
    const definition = this.get(name);
    return parseDefinitionParams(definition, params);
  }

  /** A new, empty indicator instance. */
  create(name: string, params: IndicatorParamsInput = {}): Indicator {
    const definition = this.get(name);
    return definition.create(parseDefinitionParams(definition, params));
  }
}

/** Whether a definition declares a parameter of that name. */
export function hasParameter(definition: IndicatorDefinition, parameter: string): boolean {
  const schema = definition.params;
  return schema instanceof z.ZodObject && Object.hasOwn(schema.shape, parameter);
}

/** Names of the parameters a definition declares (empty when its schema is not an object). */
export function parameterNames(definition: IndicatorDefinition): string[] {
  const schema = definition.params;
  return schema instanceof z.ZodObject ? Object.keys(schema.shape) : [];
}

/** Runs the definition's schema on `params`; a failure is one IndicatorError naming each parameter. */
export function parseDefinitionParams(
  definition: IndicatorDefinition,
  params: unknown,
): Readonly<Record<string, unknown>> {
  const result = definition.params.safeParse(params);
  if (result.success) return result.data as Readonly<Record<string, unknown>>;
  const problems = result.error.issues.map((issue) => describeIssue(definition, params, issue));
  const firstPath = result.error.issues[0]?.path[0];
  throw new IndicatorError(`${definition.name}: ${problems.join("; ")}`, {
    location: typeof firstPath === "string" ? { path: `params.${firstPath}` } : undefined,
  });
}

function describeIssue(definition: IndicatorDefinition, params: unknown, issue: z.core.$ZodIssue): string {
  if (issue.code === "unrecognized_keys") {
    const known = parameterNames(definition);
    const knownText = known.length > 0 ? `parameters: ${known.join(", ")}` : "it has no parameters";
    return issue.keys.map((key) => `unknown parameter "${key}" (${knownText})`).join("; ");
  }
  const parameter = issue.path[0];
  if (typeof parameter !== "string") {
    if (issue.code === "invalid_type" && issue.path.length === 0) {
      return `parameters must be an object, got ${showValue(params)}`;
    }
    return issue.message;
  }
  if (issue.code === "custom") return issue.message;
  const given = isRecord(params) ? params[parameter] : undefined;
  if (given === undefined) return `parameter "${parameter}" is required`;
  const constraint = describeParameter(definition, parameter);
  const must = constraint ? `must be ${constraint}` : issue.message;
  return `parameter "${parameter}" ${must}, got ${showValue(given)}`;
}

/** "a whole number ≥ 1", "a number > 0", "a whole number from 1 to 500", `one of "a", "b"` … */
function describeParameter(definition: IndicatorDefinition, parameter: string): string | undefined {
  let property: z.core.JSONSchema.BaseSchema | undefined;
  try {
    const schema = z.toJSONSchema(definition.params, { io: "input", unrepresentable: "any" });
    const candidate = schema.properties?.[parameter];
    property = typeof candidate === "object" ? candidate : undefined;
  } catch {
    // A schema JSON Schema cannot express: fall back to zod's own message.
    return undefined;
  }
  if (!property) return undefined;
  if (Array.isArray(property.enum)) return `one of ${property.enum.map(showValue).join(", ")}`;
  let what: string;
  switch (property.type) {
    case "integer":
      what = "a whole number";
      break;
    case "number":
      what = "a number";
      break;
    case "boolean":
      return "true or false";
    case "string":
      return "a string";
    default:
      return undefined;
  }
  const lower = boundText(property.minimum, "≥") ?? boundText(property.exclusiveMinimum, ">");
  const upper = boundText(property.maximum, "≤") ?? boundText(property.exclusiveMaximum, "<");
  if (property.minimum !== undefined && property.maximum !== undefined && lower && upper) {
    return `${what} from ${property.minimum} to ${property.maximum}`;
  }
  const bounds = [lower, upper].filter((part) => part !== undefined);
  return bounds.length > 0 ? `${what} ${bounds.join(" and ")}` : what;
}

function boundText(bound: unknown, symbol: string): string | undefined {
  if (typeof bound !== "number" || Math.abs(bound) >= LARGEST_SHOWN_BOUND) return undefined;
  return `${symbol} ${bound}`;
}

function showValue(value: unknown): string {
  if (value === undefined) return "undefined";
  if (typeof value === "number" && !Number.isFinite(value)) return String(value);
  return JSON.stringify(value) ?? String(value);
}

function isRecord(value: unknown): value is Readonly<Record<string, unknown>> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
