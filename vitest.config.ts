import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

const source = (path: string) => fileURLToPath(new URL(path, import.meta.url));

// Vite 8's oxc transform reads experimentalDecorators/emitDecoratorMetadata from tsconfig.json,
// which includes test/, so decorated classes work in tests without a plugin.
//
// `scanwright` (what plugins, fixtures and examples import) resolves to src/, like the relative
// imports of the tests: one instance of every engine module in a test, the code as it stands (not
// the last build). The tests that run dist/ in a child process get it rebuilt when src/ is newer
// (test/setup/build-dist.ts).
export default defineConfig({
  resolve: {
    alias: [
      { find: /^scanwright$/, replacement: source("./src/index.ts") },
      { find: /^scanwright\/testing$/, replacement: source("./src/testing/index.ts") },
    ],
  },
  test: {
    include: ["test/**/*.test.ts"],
    globalSetup: ["test/setup/build-dist.ts"],
    setupFiles: ["test/setup/reflect-metadata.ts"],
    // Generous on purpose: the suite must pass on a loaded machine (CI, two cores shared by many
    // processes), where child processes, SQLite files and the build-backed fixtures are slow. A
    // test that waits on real time bounds its own waits; these only catch a test that hangs (a
    // 40-run property test took 150 s with the load average at 20 and two busy loops beside it).
    testTimeout: 600_000,
    hookTimeout: 600_000,
    pool: "forks",
  },
});
