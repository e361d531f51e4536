// Renders docs/config-reference.md from the session config schema: one table per mapping (key,
// type, default, what it means and which values it takes), from the schema's JSON Schema and the
// descriptions on its fields, so the page cannot drift from what the loader accepts. `npm run docs`
// writes it; a test fails when the committed page differs.

import { writeFileSync } from "node:fs";
import { z } from "zod";
import { renderMarkdownTable } from "./markdown-table.js";
import { sessionConfigSchema } from "./session-config.js";

type JsonSchema = z.core.JSONSchema.BaseSchema;

/** A mapping of the schema to document, with the path it is reached by (`session_data.scanners[]`). */
interface Section {
  readonly title: string;
  /** The object as an author writes it (defaulted keys optional). */
  readonly input: JsonSchema;
  /** The same object as the code receives it (where transformed keys still show their defaults). */
  readonly output: JsonSchema | undefined;
}

const LARGEST_SHOWN_BOUND = Number.MAX_SAFE_INTEGER;
const TOP_LEVEL = "Top level";

const INTRODUCTION = `# Session config reference

<!-- Generated from the zod schemas in src/config by \`npm run docs\`; do not edit by hand. -->

A session config is one YAML file. \`scanwright validate CONFIG\` checks it the way a run loads it and
prints every problem at once, each as \`file:line:column path: message\`. Unknown keys are errors.
Relative paths (\`store\`, \`journal\`, \`calendar_overrides\`, a scanner's \`plugin\` and universe file)
are taken from the config file's folder.

\`\`\`yaml
name: momentum-week
mode: backtest
backtest: { start: 2024-11-25, end: 2024-11-29 }
store: ../data/bars.db
session_data:
  symbols: [SPY]
  scanners:
    - name: momentum
      plugin: ../plugins/momentum.ts
      universe: universes/large-caps.txt
      pre_session: true
      regular_session:
        - { start: open+5m, end: "10:30", interval: 5m }
        - { start: "13:00", end: close-15m, interval: 15m }
      promote: true
      config:
        min_change_percent: 2
\`\`\`
`;

export function renderConfigReference(): string {
  const input = z.toJSONSchema(sessionConfigSchema, { io: "input", unrepresentable: "any" });
  const output = z.toJSONSchema(sessionConfigSchema, { io: "output", unrepresentable: "any" });
  const sections: Section[] = [];
  collectSections(TOP_LEVEL, input, output, sections);
  const rendered = new Map<string, string>();
  const parts = [INTRODUCTION];
  for (const section of sections) {
    const shape = JSON.stringify(section.input.properties);
    const same = rendered.get(shape);
    parts.push(`## ${section.title === TOP_LEVEL ? TOP_LEVEL : `\`${section.title}\``}\n`);
    if (section.input.description) parts.push(`${sentence(section.input.description)}\n`);
    if (same !== undefined) {
      parts.push(`The same keys as ${same}.\n`);
      continue;
    }
    rendered.set(shape, `\`${section.title}\``);
    parts.push(`${renderTable(section)}\n`);
  }
  return parts.join("\n");
}

/** Writes the page (`npm run docs` calls this after building). */
export function writeConfigReference(target: string): void {
  writeFileSync(target, renderConfigReference());
}

function collectSections(
  title: string,
  input: JsonSchema,
  output: JsonSchema | undefined,
  sections: Section[],
): void {
  sections.push({ title, input, output });
  for (const [key, property] of Object.entries(input.properties ?? {})) {
    if (typeof property !== "object") continue;
    const outputProperty = asSchema(output?.properties?.[key]);
    const path = title === TOP_LEVEL ? key : `${title}.${key}`;
    const object = objectOf(property);
    if (object) {
      collectSections(path, object, objectOf(outputProperty), sections);
      continue;
    }
    const items = asSchema(property.items);
    const itemObject = items && objectOf(items);
    if (itemObject) {
      collectSections(`${path}[]`, itemObject, objectOf(asSchema(outputProperty?.items)), sections);
      continue;
    }
    // A list of tagged mappings (the notify channels): one section per variant, by its tag.
    const outputVariants = asSchema(outputProperty?.items)?.oneOf ?? [];
    (items?.oneOf ?? []).forEach((option, index) => {
      const variant = objectOf(asSchema(option));
      const tag = variant && taggedVariant(variant);
      if (!variant || !tag) return;
      const outputVariant = objectOf(asSchema(outputVariants[index]));
      collectSections(`${path}[] (${tag})`, variant, outputVariant, sections);
    });
  }
}

/** `type: webhook` for a variant whose `type` key is a constant. */
function taggedVariant(variant: JsonSchema): string | undefined {
  const tag = asSchema(variant.properties?.type)?.const;
  return typeof tag === "string" ? `type: ${tag}` : undefined;
}

function renderTable(section: Section): string {
  const required = new Set(section.input.required ?? []);
  const rows = Object.entries(section.input.properties ?? {}).map(([key, property]) => {
    const schema = asSchema(property) ?? {};
    const defaultValue = schema.default ?? asSchema(section.output?.properties?.[key])?.default;
    const shownDefault = required.has(key)
      ? "required"
      : defaultValue === undefined
        ? "—"
        : `\`${JSON.stringify(defaultValue)}\``;
    const rules = describeRules(schema);
    const description = [schema.description ? sentence(schema.description) : "", rules]
      .filter(Boolean)
      .join(" ");
    return [`\`${key}\``, describeType(schema, key, section.title), shownDefault, description];
  });
  return renderMarkdownTable(["key", "type", "default", "description"], rows);
}

function describeType(schema: JsonSchema, key: string, title: string): string {
  if (Array.isArray(schema.anyOf)) {
    return schema.anyOf.map((option) => describeType(asSchema(option) ?? {}, key, title)).join(" or ");
  }
  if (schema.const !== undefined) return `\`${JSON.stringify(schema.const)}\``;
  if (Array.isArray(schema.enum))
    return schema.enum.map((value) => `\`${JSON.stringify(value)}\``).join(" or ");
  const types = Array.isArray(schema.type) ? schema.type : [schema.type];
  return types.map((type) => describeSingleType(type, schema, key, title)).join(" or ");
}

function describeSingleType(type: unknown, schema: JsonSchema, key: string, title: string): string {
  const path = title === TOP_LEVEL ? key : `${title}.${key}`;
  switch (type) {
    case "string":
      return "string";
    case "number":
      return "number";
    case "integer":
      return "whole number";
    case "boolean":
      return "true/false";
    case "array": {
      const items = asSchema(schema.items) ?? {};
      if (objectOf(items)) return `list of mappings (\`${path}[]\`)`;
      if (Array.isArray(items.oneOf)) return `list of mappings (\`${path}[] (type: …)\`)`;
      return `list of ${plural(describeType(items, key, title))}`;
    }
    case "object":
      return schema.properties ? `mapping (\`${path}\`)` : "mapping";
    default:
      return "any";
  }
}

/** Bounds, lengths and patterns the JSON Schema states, as a short sentence. */
function describeRules(schema: JsonSchema): string {
  const rules: string[] = [];
  const lower = bound(schema.minimum, "≥") ?? bound(schema.exclusiveMinimum, ">");
  const upper = bound(schema.maximum, "≤") ?? bound(schema.exclusiveMaximum, "<");
  if (lower) rules.push(lower);
  if (upper) rules.push(upper);
  if (schema.minLength === 1) rules.push("not empty");
  if (typeof schema.pattern === "string") rules.push(`matches \`${schema.pattern}\``);
  for (const option of schema.anyOf ?? []) {
    const minItems = asSchema(option)?.minItems;
    if (typeof minItems === "number")
      rules.push(`a list needs at least ${minItems} item${minItems === 1 ? "" : "s"}`);
  }
  if (typeof schema.minItems === "number") rules.push(`at least ${schema.minItems}`);
  return rules.length === 0 ? "" : `Rule: ${rules.join(", ")}.`;
}

function bound(value: unknown, symbol: string): string | undefined {
  if (typeof value !== "number" || Math.abs(value) >= LARGEST_SHOWN_BOUND) return undefined;
  return `${symbol} ${value}`;
}

function objectOf(schema: JsonSchema | undefined): JsonSchema | undefined {
  return schema?.type === "object" && schema.properties !== undefined ? schema : undefined;
}

function asSchema(value: unknown): JsonSchema | undefined {
  return typeof value === "object" && value !== null && !Array.isArray(value)
    ? (value as JsonSchema)
    : undefined;
}

function plural(type: string): string {
  if (type === "whole number" || type === "number" || type === "string") return `${type}s`;
  return type;
}

function sentence(text: string): string {
  const trimmed = text.trim();
  return /[.!?]$/.test(trimmed) ? trimmed : `${trimmed}.`;
}
