// A markdown table with padded columns, so the generated page also reads well as plain text.

export function renderMarkdownTable(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const escaped = rows.map((row) => row.map((cell) => cell.replaceAll("|", "\\|")));
  const widths = header.map((title, column) =>
    Math.max(title.length, 3, ...escaped.map((row) => (row[column] ?? "").length)),
  );
  const line = (cells: readonly string[]) =>
    `| ${cells.map((cell, column) => cell.padEnd(widths[column])).join(" | ")} |`;
  return [line(header), line(widths.map((width) => "-".repeat(width))), ...escaped.map(line)].join("\n");
}
