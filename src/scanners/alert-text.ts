// The text of an alert (chat messages, e-mail bodies): a template with `{placeholder}`s filled
// from the slot. `{symbols}` lists the alerted symbols with the flat values the plugin put in its
// metadata for them (`AAPL (gap_percent=2.4, volume=1200000)`); numbers keep at most 4 decimals.

import type { AlertRule, AlertSymbol } from "./alert-types.js";

export const TEMPLATE_PLACEHOLDERS = [
  "session",
  "scanner",
  "kind",
  "date",
  "time",
  "count",
  "symbols",
  "entered",
  "left",
] as const;
export type TemplatePlaceholder = (typeof TEMPLATE_PLACEHOLDERS)[number];

export const DEFAULT_TEMPLATE = "{scanner} {date} {time}: {symbols}";
export const DEFAULT_CHANGES_TEMPLATE = "{scanner} {date} {time}: entered {symbols}; left {left}";

const PLACEHOLDER = /\{([a-z_]+)\}/g;

/** The placeholders of `template` that are not known (empty when it is fine). */
export function unknownPlaceholders(template: string): string[] {
  const unknown: string[] = [];
  for (const match of template.matchAll(PLACEHOLDER)) {
    if (!(TEMPLATE_PLACEHOLDERS as readonly string[]).includes(match[1])) unknown.push(match[0]);
  }
  return unknown;
}

/** The default template of a rule. */
export function defaultTemplate(rule: AlertRule): string {
  return rule === "changes" ? DEFAULT_CHANGES_TEMPLATE : DEFAULT_TEMPLATE;
}

export interface TemplateValues {
  readonly session: string;
  readonly scanner: string;
  readonly kind: string;
  readonly date: string;
  /** `HH:MM` (or `HH:MM:SS`) in the exchange's time. */
  readonly time: string;
  readonly symbols: readonly AlertSymbol[];
  readonly left: readonly string[];
}

/** `HH:MM` (with `:SS` when not on the minute) of an ISO instant with its offset (local time). */
export function clockOf(isoInstant: string): string {
  const clock = isoInstant.slice(11, 19);
  return clock.endsWith(":00") ? clock.slice(0, 5) : clock;
}

export function renderTemplate(template: string, values: TemplateValues): string {
  const fill: Record<TemplatePlaceholder, string> = {
    session: values.session,
    scanner: values.scanner,
    kind: values.kind,
    date: values.date,
    time: values.time,
    count: String(values.symbols.length),
    symbols: listOrDash(values.symbols.map(symbolWithValues)),
    entered: listOrDash(values.symbols.map((entry) => entry.symbol)),
    left: listOrDash(values.left),
  };
  return template.replace(PLACEHOLDER, (whole, name: string) =>
    name in fill ? fill[name as TemplatePlaceholder] : whole,
  );
}

function listOrDash(items: readonly string[]): string {
  return items.length === 0 ? "-" : items.join(", ");
}

function symbolWithValues(entry: AlertSymbol): string {
  const { values } = entry;
  if (typeof values !== "object" || values === null || Array.isArray(values)) return entry.symbol;
  const parts: string[] = [];
  for (const [key, value] of Object.entries(values)) {
    if (typeof value === "number") parts.push(`${key}=${formatNumber(value)}`);
    else if (typeof value === "string" || typeof value === "boolean") parts.push(`${key}=${value}`);
  }
  return parts.length === 0 ? entry.symbol : `${entry.symbol} (${parts.join(", ")})`;
}

function formatNumber(value: number): string {
  return Number.isInteger(value) ? String(value) : String(Number(value.toFixed(4)));
}
