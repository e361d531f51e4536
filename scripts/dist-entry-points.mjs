// The entry points of the bundled build (scripts/bundle-dist.mjs), apart so that tests can read them.

/**
 * The modules loaded by path (relative to dist/): the package's exports, the CLI and the modules it
 * starts as a worker or loads with `require`, what scripts/ and the docs import, and the modules
 * the tests of the build import (supervised-commands.test.ts, startup-modules.test.ts).
 */
export const ENTRY_POINTS = [
  "index.js",
  "testing/index.js",
  "cli/main.js",
  "cli/command-worker.js",
  "cli/program.js",
  "cli/supervisor.js",
  "cli/commands/index.js",
  "cli/commands/supervised.js",
  "cli/commands/run.js",
  "cli/commands/daemon.js",
  "cli/commands/validate.js",
  "config/config-reference-doc.js",
  "indicators/catalog-doc.js",
  "indicators/registry.js",
];
