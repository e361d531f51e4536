// How a hit's entry price is taken. Every rule uses only prices known at the entry time `entryAt`,
// and returns and excursions are measured from there.

import { UsageError } from "../core/errors.js";

export const ENTRY_RULES = ["next_open", "close_at_T", "vwap_next_5m"] as const;
export type EntryRule = (typeof ENTRY_RULES)[number];
export const DEFAULT_ENTRY_RULE: EntryRule = "next_open";

/** One line per rule, for help texts and every output's header. */
export const ENTRY_RULE_DESCRIPTIONS: Readonly<Record<EntryRule, string>> = {
  next_open: "open of the first 1m bar starting at or after the slot, before the session's close",
  close_at_T: "close of the last 1m bar ending at or before the slot",
  vwap_next_5m:
    "VWAP (typical price × volume) of the 1m bars of the 5 minutes from the first bar at or after the slot",
};

export function parseEntryRule(text: string): EntryRule {
  const found = ENTRY_RULES.find((rule) => rule.toLowerCase() === text.trim().toLowerCase());
  if (found === undefined) {
    throw new UsageError(`${JSON.stringify(text)} is not an entry rule: use ${ENTRY_RULES.join(", ")}`);
  }
  return found;
}
