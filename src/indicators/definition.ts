// What the registry knows about one indicator type: its parameters (a zod schema that is both the
// runtime check and the type), how to build an instance, and which parameters name it in a key.

import type { z } from "zod";
import type { Indicator } from "./indicator.js";
import type { IndicatorBank } from "./internal/indicator-bank.js";

export interface IndicatorDefinition<Schema extends z.ZodType = z.ZodType> {
  /** Registry name, lower-case: `sma`, `rel_volume`. */
  readonly name: string;
  /** One line for listings and docs. */
  readonly description: string;
  /** Output field names for multi-output indicators; `undefined` when the value is a number. */
  readonly outputs: readonly string[] | undefined;
  /** Parameter schema with documented defaults; unknown parameters are rejected. */
  readonly params: Schema;
  /** The parameter values that appear in the key, in order (`sma` 20 → `sma_20_1d`; `vwap` → none). */
  readonly keyParts: (params: z.output<Schema>) => readonly number[];
  readonly create: (params: z.output<Schema>) => Indicator;
  /**
   * Built-ins only: the state of one key for many symbols in one bank (internal/indicator-bank.ts),
   * which an IndicatorManager feeds and reads without an object per symbol. Without it, the
   * manager holds the instances `create` builds.
   */
  readonly bank?: IndicatorBankOption<z.output<Schema>>;
}

/** How a built-in's instances are laid out in a bank instead (IndicatorDefinition.bank). */
export interface IndicatorBankOption<Params> {
  /**
   * The `create` whose instances the bank stands for: a definition copied with another `create`
   * (a wrapper around a built-in) is not bank-backed, so its own `create` is the one called.
   */
  readonly replaces: (params: Params) => Indicator;
  readonly create: (params: Params) => IndicatorBank;
}
