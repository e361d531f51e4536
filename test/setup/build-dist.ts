// Vitest global setup: rebuilds dist/ when src/ changed since the last build. In-process tests run
// src/ itself (vitest.config.ts resolves `scanwright` there), but the tests that run the built CLI
// in a child process, or pack the package, run dist/: they must not test a stale build.

import { execFileSync } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const BUILT_ENTRY = join(ROOT, "dist", "index.js");

/** The latest modification time among the build's inputs (src/, the build config, the bundler's). */
function newestInput(): number {
  let newest = Math.max(
    statSync(join(ROOT, "tsconfig.json")).mtimeMs,
    statSync(join(ROOT, "tsconfig.build.json")).mtimeMs,
    statSync(join(ROOT, "scripts", "bundle-dist.mjs")).mtimeMs,
  );
  for (const entry of readdirSync(join(ROOT, "src"), { recursive: true, withFileTypes: true })) {
    if (entry.isFile()) newest = Math.max(newest, statSync(join(entry.parentPath, entry.name)).mtimeMs);
  }
  return newest;
}

export default function buildDistWhenStale(): void {
  // The bundle rewrites the entry on each build, so the entry's time is the build's time.
  if (existsSync(BUILT_ENTRY) && statSync(BUILT_ENTRY).mtimeMs >= newestInput()) return;
  execFileSync(
    process.execPath,
    [join(ROOT, "node_modules", "typescript", "bin", "tsc"), "-p", "tsconfig.build.json"],
    {
      cwd: ROOT,
      stdio: "inherit",
    },
  );
  // The dashboard's page files are copied next to the compiled server, and tsc's modules bundled,
  // as `npm run build` does.
  for (const script of ["copy-web-page.mjs", "bundle-dist.mjs"]) {
    execFileSync(process.execPath, [join(ROOT, "scripts", script)], { cwd: ROOT, stdio: "inherit" });
  }
}
