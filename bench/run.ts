// `npm run bench`: runs every workload (or those named on the command line), prints one JSON
// document to stdout and writes it to bench/results/latest.json. Exits 1 if an output check fails.

import { mkdirSync, writeFileSync } from "node:fs";
import { cpus, totalmem } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { type BenchResult, isTargetMet } from "./bench-result.js";
import { workloads } from "./workloads/index.js";

const wanted = new Set(process.argv.slice(2));
const selected = workloads.filter((workload) => wanted.size === 0 || wanted.has(workload.name));
const results: Array<BenchResult & { targetsMet: Record<string, boolean> }> = [];
for (const workload of selected) {
  process.stderr.write(`bench: ${workload.name}…\n`);
  const result = await workload.run();
  const targetsMet: Record<string, boolean> = {};
  for (const target of result.targets)
    targetsMet[`${target.metric} ${target.kind} ${target.value}`] = isTargetMet(result, target);
  results.push({ ...result, targetsMet });
}

const report = {
  machine: {
    node: process.version,
    cpus: cpus().length,
    cpuModel: cpus()[0]?.model,
    memoryBytes: totalmem(),
  },
  ranAt: new Date().toISOString(),
  results,
};
const json = JSON.stringify(report, null, 2);
process.stdout.write(`${json}\n`);
// The compiled file sits in .bench-build/bench/; results go to the source tree's bench/results.
const resultsDir = join(dirname(fileURLToPath(import.meta.url)), "..", "..", "bench", "results");
mkdirSync(resultsDir, { recursive: true });
writeFileSync(join(resultsDir, "latest.json"), `${json}\n`);
const failedChecks = results.flatMap((result) =>
  Object.entries(result.checks)
    .filter(([, passed]) => !passed)
    .map(([check]) => `${result.name}: ${check}`),
);
if (failedChecks.length > 0) {
  process.stderr.write(`bench: output checks failed:\n${failedChecks.join("\n")}\n`);
  process.exitCode = 1;
}
