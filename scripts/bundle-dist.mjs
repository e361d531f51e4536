// Part of `npm run build`, after tsc: bundles tsc's JavaScript in dist/ (not the TypeScript
// sources, so tsyringe's decorator metadata stays as tsc emitted it) into the package's entry
// points and the modules the engine loads by path, with the code they share in dist/chunks/.
// Loading about 170 small ES modules through Node's loader costs more than the code itself (the
// engine's entry 250 → 165 ms of wall, about 100 ms less CPU, measured in fresh processes): what a
// process loads is now a few files. The packages a plugin may share objects with stay external
// (zod above all: a plugin's `zod` is the very module the engine uses), and every entry of one
// build shares the same chunks, so a thread holds one copy of each engine module (one
// `scanwright`: DI tokens, `instanceof` checks) whichever entries it loads. tsc's declaration files stay where they are.
//
// `import.meta.url` is where a module finds its neighbours (the dashboard's page folder, the
// command worker, package.json, the entry plugins import): in a bundle it would be the URL of the
// output file the module's code landed in. Each use is therefore written as the URL the module had
// in tsc's layout, computed from the output file it landed in.

import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join, relative, sep } from "node:path";
import { build } from "esbuild";
import { ENTRY_POINTS } from "./dist-entry-points.mjs";

const DIST = "dist";
const STAGE = "dist.bundle";

/**
 * The packages bundled into the engine's chunks: pure JavaScript the engine alone uses, none of
 * whose objects a plugin gets or hands back. yaml (the config's parser); tsyringe (the session's
 * wiring: its containers and decorators stay inside createSession, and as 41 CommonJS files it took
 * 60–100 ms of CPU to load through Node's loader); reflect-metadata (the polyfill tsyringe needs:
 * its 0.2 registry is shared through `Symbol.for`, so a copy a user's own code loads beside it
 * reads and writes the same metadata). Every other package stays external.
 */
const BUNDLED_PACKAGES = new Set(
  process.env.SW_BUNDLED?.split(",") ?? ["yaml", "tsyringe", "reflect-metadata"],
);
const manifest = JSON.parse(readFileSync("package.json", "utf8"));
const EXTERNAL_PACKAGES = Object.keys({ ...manifest.dependencies, ...manifest.devDependencies }).filter(
  (name) => !BUNDLED_PACKAGES.has(name),
);

const PLACEHOLDER = "__scanwright_module_url__";
const PLACEHOLDER_LITERAL = new RegExp(`"${PLACEHOLDER}([^"]+)"`, "g");

/** Replaces each module's `import.meta.url` by a placeholder naming the module's path in dist/. */
const moduleUrlPlaceholders = {
  name: "module-url-placeholders",
  setup(bundler) {
    bundler.onLoad({ filter: /\.js$/ }, (args) => {
      const contents = readFileSync(args.path, "utf8");
      if (!contents.includes("import.meta.url")) return undefined;
      const path = relative(DIST, args.path).split(sep).join("/");
      return { contents: contents.replaceAll("import.meta.url", `"${PLACEHOLDER}${path}"`), loader: "js" };
    });
  },
};

/** Every file under `folder` (relative paths). */
function filesUnder(folder) {
  return readdirSync(folder, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => relative(folder, join(entry.parentPath, entry.name)));
}

// A second run would bundle the bundle (its module URLs already resolved): tsc must run first.
if (readFileSync(join(DIST, "index.js"), "utf8").includes('"./chunks/')) {
  throw new Error("dist/ is bundled already: run tsc -p tsconfig.build.json first (npm run build)");
}
rmSync(STAGE, { recursive: true, force: true });

const result = await build({
  entryPoints: ENTRY_POINTS.map((entry) => join(DIST, entry)),
  outdir: STAGE,
  outbase: DIST,
  bundle: true,
  splitting: true,
  format: "esm",
  platform: "node",
  target: "node20",
  external: EXTERNAL_PACKAGES.flatMap((name) => [name, `${name}/*`]),
  // A bundled CommonJS package's `require` of Node's built-ins.
  banner: {
    js: 'import { createRequire as __scanwrightCreateRequire } from "node:module"; const require = __scanwrightCreateRequire(import.meta.url);',
  },
  chunkNames: "chunks/[name]-[hash]",
  sourcemap: "linked",
  metafile: true,
  logLevel: "warning",
  plugins: [moduleUrlPlaceholders],
});

// The placeholders become the module's own URL, relative to the output file's.
for (const output of Object.keys(result.metafile.outputs)) {
  if (!output.endsWith(".js")) continue;
  const text = readFileSync(output, "utf8");
  const fixed = text.replace(PLACEHOLDER_LITERAL, (_, path) => {
    const fromOutput = relative(dirname(relative(STAGE, output)), path)
      .split(sep)
      .join("/");
    return `new URL(${JSON.stringify(fromOutput)}, import.meta.url).href`;
  });
  if (fixed !== text) writeFileSync(output, fixed);
}

// tsc's JavaScript (and an earlier build's chunks) give way to the bundle; the declaration files
// and the dashboard's page (classic scripts served as they are) stay.
const PAGE = join("web", "page") + sep;
for (const file of filesUnder(DIST)) {
  if ((file.endsWith(".js") || file.endsWith(".js.map")) && !file.startsWith(PAGE)) rmSync(join(DIST, file));
}
for (const file of filesUnder(STAGE)) {
  mkdirSync(dirname(join(DIST, file)), { recursive: true });
  renameSync(join(STAGE, file), join(DIST, file));
}
rmSync(STAGE, { recursive: true, force: true });
