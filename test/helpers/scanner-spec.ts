// A scanner's spec as the config loader would give it, for tests that build LoadedScanners by hand:
// no universe, no schedule, 10 s hook limit, three failures in a row, unless `overrides` says.

import type { ScannerSpec } from "../../src/scanners/scanner-spec.js";

export function scannerSpec(name: string, overrides: Partial<ScannerSpec> = {}): ScannerSpec {
  return {
    name,
    plugin: `/plugins/${name}.ts`,
    enabled: true,
    universe: [],
    indicators: [],
    pre_session: undefined,
    regular_session: [],
    cron: undefined,
    timeout_ms: 10_000,
    promote: false,
    max_consecutive_failures: 3,
    config: {},
    source: `test session_data.scanners[${name}]`,
    ...overrides,
  };
}
