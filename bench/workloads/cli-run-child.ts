// `scanwright run` as a user runs it (dist/cli/main.js: the supervisor, the session on its worker
// thread, the summary table), in a process of its own that writes its ProcessFigures (wall since
// start, CPU of every thread, peak RSS) as JSON to the file named by its first argument when it
// exits. The rest of the arguments are the command's:
//   node cli-run-child.js FIGURES.json run CONFIG --journal JOURNAL --no-edge

import { writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { processFigures } from "./process-figures.js";

const cliPath = fileURLToPath(new URL("../../../dist/cli/main.js", import.meta.url));
const [figuresPath, ...args] = process.argv.slice(2);
if (figuresPath === undefined) throw new Error("usage: cli-run-child.js FIGURES.json <scanwright arguments>");
process.argv.splice(2, process.argv.length - 2, ...args);
process.on("exit", () => writeFileSync(figuresPath, JSON.stringify(processFigures())));
await import(cliPath);
