import { defineConfig } from "vitest/config";

// Vite 8's oxc transform reads experimentalDecorators/emitDecoratorMetadata from tsconfig.json,
// which includes test/, so decorated classes work in tests without a plugin.
export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    setupFiles: ["test/setup/reflect-metadata.ts"],
    testTimeout: 30_000,
    pool: "forks",
  },
});
