import { defineConfig } from "vitest/config";

// Vite 8's oxc transform reads experimentalDecorators/emitDecoratorMetadata from tsconfig.json,
// which includes test/, so decorated classes work in tests without a plugin.
export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    setupFiles: ["test/setup/reflect-metadata.ts"],
    // Generous on purpose: the suite must pass on a loaded machine (CI, two cores shared by many
    // processes), where child processes, SQLite files and the build-backed fixtures are slow. A
    // test that waits on real time bounds its own waits; these only catch a test that hangs.
    testTimeout: 120_000,
    hookTimeout: 120_000,
    pool: "forks",
  },
});
