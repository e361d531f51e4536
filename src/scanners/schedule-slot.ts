// One scan slot of a trading day — which scanner runs, when, and which part of its schedule asked
// for it — and the rule that merges two sources of one scanner asking for the same instant.

/** The part of a scanner's schedule a slot comes from. */
export type ScanSlotKind = "pre_session" | "regular" | "cron";

export interface ScanSlot {
  /** The scanner's name (`ScannerTiming.name`). */
  readonly scanner: string;
  /** Epoch ms of the slot: the scan runs once every bar ending at or before it has been applied. */
  readonly at: number;
  readonly kind: ScanSlotKind;
}

/** When one scanner has several sources at the same instant it gets one slot: the lowest rank wins. */
export const SLOT_KIND_RANK: Readonly<Record<ScanSlotKind, number>> = {
  pre_session: 0,
  regular: 1,
  cron: 2,
};
