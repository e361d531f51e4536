// Checked reads of snapshot fields. `restore` reads every field through these first and only then
// assigns, so a snapshot that does not fit throws an IndicatorError and changes nothing.

import { IndicatorError } from "../../core/errors.js";
import type { IndicatorSnapshot } from "../indicator.js";

export type SnapshotFields = Readonly<Record<string, unknown>>;

/**
 * Checks that a snapshot belongs to this indicator type with these parameters (a snapshot of
 * `sma` 20 cannot resume `sma` 50) and returns its fields.
 */
export function readSnapshotHeader(
  type: string,
  snapshot: IndicatorSnapshot,
  params: Readonly<Record<string, number>>,
): SnapshotFields {
  if (typeof snapshot !== "object" || snapshot === null)
    throw new IndicatorError(`${type}: snapshot must be an object, got ${JSON.stringify(snapshot)}`);
  if (snapshot["type"] !== type)
    throw new IndicatorError(
      `${type}: snapshot is of type ${JSON.stringify(snapshot["type"])}, expected "${type}"`,
    );
  for (const name in params) {
    if (snapshot[name] !== params[name])
      throw new IndicatorError(
        `${type}: snapshot has ${name} ${JSON.stringify(snapshot[name])}, this instance has ${params[name]}`,
      );
  }
  return snapshot;
}

export function readFiniteNumber(
  owner: string,
  fields: SnapshotFields,
  field: string,
  label = field,
): number {
  const value = fields[field];
  if (typeof value !== "number" || !Number.isFinite(value))
    throw new IndicatorError(
      `${owner}: snapshot field "${label}" must be a finite number, got ${JSON.stringify(value)}`,
    );
  return value;
}

/** A finite number or `null` (used for a value that is not there yet). */
export function readNullableNumber(
  owner: string,
  fields: SnapshotFields,
  field: string,
  label = field,
): number | null {
  if (fields[field] === null) return null;
  return readFiniteNumber(owner, fields, field, label);
}

export function readWholeNumber(owner: string, fields: SnapshotFields, field: string, label = field): number {
  const value = fields[field];
  if (typeof value !== "number" || !Number.isSafeInteger(value) || value < 0)
    throw new IndicatorError(
      `${owner}: snapshot field "${label}" must be a whole number ≥ 0, got ${JSON.stringify(value)}`,
    );
  return value;
}

/** Reads a nested plain object (e.g. a reused output object). */
export function readObject(owner: string, fields: SnapshotFields, field: string): SnapshotFields | null {
  const value = fields[field];
  if (value === null) return null;
  if (typeof value !== "object" || Array.isArray(value))
    throw new IndicatorError(
      `${owner}: snapshot field "${field}" must be an object or null, got ${JSON.stringify(value)}`,
    );
  return value as SnapshotFields;
}
