// Renders the indicator catalog as Markdown (docs/indicators.md) from a registry: each indicator's
// description, value, parameters (type, default and bounds from the JSON Schema `registry.list()`
// gives), keys for the default parameters, and requiredBars/stableBars read from an instance built
// with the defaults. Nothing here is written by hand per indicator, so the page cannot drift from
// the code: a test renders the default registry and compares it with the committed page, and
// `npm run docs` rewrites the page.
//
// The output is already in the form Biome's Markdown formatter gives (tables padded to their
// widest cell), so `npm run lint` and the staleness test agree on the committed file.

import type { z } from "zod";
import type { IndicatorListing, IndicatorParamsJsonSchema, IndicatorRegistry } from "./indicator-registry.js";
import { resolveIndicatorSpec } from "./indicator-spec.js";

/** Intervals the key examples are shown on. */
const KEY_EXAMPLE_INTERVALS = ["1d", "5m"] as const;

/** The catalog page of every indicator in `registry`, in its alphabetical order. */
export function renderIndicatorCatalog(registry: IndicatorRegistry): string {
  const entries = registry.list().map((listing) => describeEntry(registry, listing));
  const blocks: string[] = [
    "<!-- Generated from the indicator registry by `npm run docs` (src/indicators/catalog-doc.ts). Do not edit by hand: a test fails when this page and the registry disagree. -->",
    "# Indicator catalog",
    [
      "Every indicator in the registry, with its parameters, its value, the key it is registered under",
      "and its warm-up. The conventions (seeding and how it compares with TA-Lib, session rules of",
      "`vwap` and `gap`) are in the README's [Indicators](../README.md#indicators) section and, with",
      "the formulas, in the header comment of each indicator's source file in `src/indicators/`.",
    ].join("\n"),
    [
      "- **Create** one with `createIndicator(name, params)` (parameters not given take their default;",
      "  unknown or bad ones are an `IndicatorError` naming the parameter).",
      "- **Value**: `null` until the indicator is ready, then a number or, for multi-output",
      "  indicators, one reused object (copy it with `{ ...value }` to keep it).",
      "- **Key**: `{name}_{key parameters…}_{interval}`, the interval in canonical form (`1h` → `60m`).",
      "- **requiredBars**: completed bars until the first value; **stableBars**: bars until start-up",
      "  effects (the seed of a smoothed average) weigh less than 1e-6. Both are shown for the",
      "  default parameters and grow with the periods.",
    ].join("\n"),
    renderTable(
      ["indicator", "value", "key (defaults, 5m)", "requiredBars", "stableBars"],
      entries.map((entry) => [
        `[${entry.name}](#${entry.name})`,
        entry.outputs === undefined ? "number" : `\`{ ${entry.outputs.join(", ")} }\``,
        `\`${entry.keys[KEY_EXAMPLE_INTERVALS.length - 1]}\``,
        String(entry.requiredBars),
        String(entry.stableBars),
      ]),
      ["left", "left", "left", "right", "right"],
    ),
  ];
  for (const entry of entries) blocks.push(...renderEntry(entry));
  return `${blocks.join("\n\n")}\n`;
}

interface ParameterDoc {
  readonly name: string;
  readonly type: string;
  readonly defaultValue: string;
  readonly constraints: string;
}

interface CatalogEntry {
  readonly name: string;
  readonly description: string;
  readonly outputs: readonly string[] | undefined;
  readonly parameters: readonly ParameterDoc[];
  readonly rules: readonly string[];
  /** Keys with the default parameters, one per KEY_EXAMPLE_INTERVALS entry. */
  readonly keys: readonly string[];
  readonly createCall: string;
  readonly requiredBars: number;
  readonly stableBars: number;
}

function describeEntry(registry: IndicatorRegistry, listing: IndicatorListing): CatalogEntry {
  const definition = registry.get(listing.name);
  const defaults = registry.parseParams(listing.name, {});
  const instance = registry.create(listing.name, {});
  const parameters = Object.entries(listing.params.properties ?? {}).map(([name, schema]) =>
    describeParameter(name, typeof schema === "object" ? schema : {}, listing.params),
  );
  return {
    name: listing.name,
    description: listing.description,
    outputs: listing.outputs,
    parameters,
    rules: crossParameterRules(definition.params),
    keys: KEY_EXAMPLE_INTERVALS.map(
      (interval) => resolveIndicatorSpec(registry, listing.name, { interval }).key,
    ),
    createCall:
      Object.keys(defaults).length === 0
        ? `createIndicator("${listing.name}")`
        : `createIndicator("${listing.name}", ${formatParams(defaults)})`,
    requiredBars: instance.requiredBars,
    stableBars: instance.stableBars,
  };
}

function renderEntry(entry: CatalogEntry): string[] {
  const blocks = [`## ${entry.name}`, asSentence(entry.description)];
  const value =
    entry.outputs === undefined
      ? "a number"
      : `an object \`{ ${entry.outputs.join(", ")} }\` (one reused object)`;
  const [dailyKey, ...otherKeys] = entry.keys;
  blocks.push(
    [
      `- **Value**: ${value}, \`null\` until ready.`,
      `- **Keys with the defaults**: \`${dailyKey}\` on ${KEY_EXAMPLE_INTERVALS[0]}, ${otherKeys
        .map((key, index) => `\`${key}\` on ${KEY_EXAMPLE_INTERVALS[index + 1]}`)
        .join(", ")}.`,
      `- **Warm-up with the defaults**: requiredBars ${entry.requiredBars}, stableBars ${entry.stableBars}.`,
      `- **Create**: \`${entry.createCall}\``,
    ].join("\n"),
  );
  if (entry.parameters.length === 0) {
    blocks.push("No parameters.");
  } else {
    blocks.push(
      renderTable(
        ["parameter", "type", "default", "allowed values"],
        entry.parameters.map((parameter) => [
          `\`${parameter.name}\``,
          parameter.type,
          parameter.defaultValue,
          parameter.constraints,
        ]),
        ["left", "left", "right", "left"],
      ),
    );
  }
  if (entry.rules.length > 0) {
    blocks.push(`Also checked: ${entry.rules.join("; ")}.`);
  }
  return blocks;
}

function describeParameter(
  name: string,
  schema: IndicatorParamsJsonSchema,
  parent: IndicatorParamsJsonSchema,
): ParameterDoc {
  const type =
    schema.type === "integer"
      ? "whole number"
      : typeof schema.type === "string"
        ? schema.type
        : Array.isArray(schema.enum)
          ? "one of"
          : "any";
  const required = Array.isArray(parent.required) && parent.required.includes(name);
  const defaultValue =
    schema.default === undefined ? (required ? "required" : "none") : JSON.stringify(schema.default);
  return { name, type, defaultValue, constraints: describeBounds(schema) };
}

/** `1 to 100000`, `> 0`, `≥ 2`, `one of "a", "b"`, or `any` when the schema sets no bound. */
function describeBounds(schema: IndicatorParamsJsonSchema): string {
  if (Array.isArray(schema.enum)) return schema.enum.map((value) => JSON.stringify(value)).join(", ");
  const lower =
    typeof schema.minimum === "number"
      ? { value: schema.minimum, strict: false }
      : typeof schema.exclusiveMinimum === "number"
        ? { value: schema.exclusiveMinimum, strict: true }
        : undefined;
  const upper =
    typeof schema.maximum === "number"
      ? { value: schema.maximum, strict: false }
      : typeof schema.exclusiveMaximum === "number"
        ? { value: schema.exclusiveMaximum, strict: true }
        : undefined;
  if (lower && upper && !lower.strict && !upper.strict) return `${lower.value} to ${upper.value}`;
  const parts: string[] = [];
  if (lower) parts.push(`${lower.strict ? ">" : "≥"} ${lower.value}`);
  if (upper) parts.push(`${upper.strict ? "<" : "≤"} ${upper.value}`);
  return parts.length > 0 ? parts.join(" and ") : "any";
}

/**
 * Messages of the checks a parameter schema runs across parameters (zod `.refine` on the object,
 * e.g. macd's "fast must be below slow"), which JSON Schema cannot express. Only checks whose
 * message is fixed text are shown.
 */
function crossParameterRules(schema: z.ZodType): string[] {
  const checks = (schema.def as { checks?: readonly z.core.$ZodCheck<never>[] }).checks ?? [];
  const rules: string[] = [];
  for (const check of checks) {
    const { error } = check._zod.def;
    if (error === undefined) continue;
    let message: unknown;
    try {
      message = error({ code: "custom", input: undefined, path: [] } as never);
    } catch {
      // A message that needs a real issue to be computed is not fixed text: leave it out.
      continue;
    }
    const text = typeof message === "string" ? message : (message as { message?: unknown })?.message;
    if (typeof text === "string" && text.length > 0) rules.push(text);
  }
  return rules;
}

/** The description as a sentence: some end without a full stop. */
function asSentence(text: string): string {
  const trimmed = text.trim();
  return /[.!?]$/.test(trimmed) ? trimmed : `${trimmed}.`;
}

function formatParams(params: Readonly<Record<string, unknown>>): string {
  const fields = Object.entries(params).map(([name, value]) => `${name}: ${JSON.stringify(value)}`);
  return `{ ${fields.join(", ")} }`;
}

type Alignment = "left" | "right";

/** A Markdown table padded the way Biome formats one, so the formatter leaves it as it is. */
function renderTable(
  header: readonly string[],
  rows: readonly (readonly string[])[],
  alignment: readonly Alignment[],
): string {
  const widths = header.map((title, column) =>
    Math.max(3, title.length, ...rows.map((row) => row[column].length)),
  );
  const line = (cells: readonly string[]) =>
    `| ${cells.map((cell, column) => pad(cell, widths[column], alignment[column])).join(" | ")} |`;
  const rule = `| ${widths.map((width, column) => (alignment[column] === "right" ? `${"-".repeat(width - 1)}:` : "-".repeat(width))).join(" | ")} |`;
  return [line(header), rule, ...rows.map(line)].join("\n");
}

function pad(text: string, width: number, alignment: Alignment): string {
  return alignment === "right" ? text.padStart(width) : text.padEnd(width);
}
