// Aligned plain-text tables for command output: a header row and value rows, each column as wide as
// its widest cell, text columns padded on the right and number columns on the left, two spaces
// between columns, no trailing spaces.

export type ColumnAlign = "left" | "right";

export interface TableColumn {
  readonly title: string;
  readonly align?: ColumnAlign;
}

/** The table as lines (header first), without a final newline. */
export function formatTable(columns: readonly TableColumn[], rows: readonly (readonly string[])[]): string[] {
  const widths = columns.map((column, index) =>
    Math.max(column.title.length, ...rows.map((row) => (row[index] ?? "").length)),
  );
  const format = (cells: readonly string[]) =>
    columns
      .map((column, index) => {
        const cell = cells[index] ?? "";
        return column.align === "right" ? cell.padStart(widths[index]) : cell.padEnd(widths[index]);
      })
      .join("  ")
      .trimEnd();
  return [format(columns.map((column) => column.title)), ...rows.map((row) => format(row))];
}

/** `n noun` with the noun in the plural unless n is 1: `1 bar`, `0 bars`, `2,340 bars` (with `grouped`). */
export function countOf(value: number, noun: string, options: { grouped?: boolean } = {}): string {
  const text = options.grouped ? value.toLocaleString("en-US") : String(value);
  return `${text} ${noun}${value === 1 ? "" : "s"}`;
}
