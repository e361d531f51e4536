// Writes the demo market's universe file (one symbol a line), the file demo configs point at.

import { mkdirSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";

export function writeDemoUniverse(path: string, symbols: readonly string[], seed: number): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(
    path,
    `# scanwright demo market, seed ${seed}: ${symbols.length} symbols\n${symbols.join("\n")}\n`,
  );
}
