// Loading the plugins of a command's enabled scanners, under the supervisor when there is one.

import { type LoadedScanner, loadScannerWith } from "../scanners/plugin-loader.js";
import type { ScannerSpec } from "../scanners/scanner-spec.js";
import type { CliIO } from "./cli-io.js";

/**
 * Loads the enabled scanners' plugins; one past its load limit (or, supervised, one whose module
 * blocked its thread) sits out with a warning, its setup journaled `timeout`. A plugin that fails
 * to load is a PluginError, as before.
 */
export async function loadScanners(io: CliIO, specs: readonly ScannerSpec[]): Promise<LoadedScanner[]> {
  const scanners: LoadedScanner[] = [];
  for (const spec of specs) {
    if (!spec.enabled) continue;
    const scanner = await loadScannerWith(spec, {
      watch: io.supervision?.watch,
      abandoned: io.supervision?.abandoned,
    });
    if (scanner.loadFailure !== undefined) {
      io.stderr.write(
        `warning: scanner "${spec.name}" (${spec.plugin}): ${scanner.loadFailure}; it sits out the run\n`,
      );
    }
    scanners.push(scanner);
  }
  return scanners;
}
