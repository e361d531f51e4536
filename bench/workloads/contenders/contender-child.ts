// One contender run in a process of its own: `node contender-child.js '<ContenderRunRequest JSON>'`.
// Loads only its own library, runs the loop, and prints a ContenderRunResult: the whole process's
// figures up to the end of its work (wall since the process started, CPU, peak RSS) and its answer.

import { type ProcessFigures, processFigures } from "../process-figures.js";
import type { ContenderAnswer, ContenderIndicators, ContenderRequest } from "./contender-loop.js";

export type ContenderKind = "technicalindicators" | "trading-signals" | "typed-array";

export interface ContenderRunRequest extends ContenderRequest {
  readonly kind: ContenderKind;
}

export interface ContenderRunResult extends ProcessFigures, ContenderAnswer {}

async function contenderOf(kind: ContenderKind, count: number): Promise<ContenderIndicators> {
  switch (kind) {
    case "technicalindicators":
      return (await import("./technicalindicators-loop.js")).technicalIndicatorsContender(count);
    case "trading-signals":
      return (await import("./trading-signals-loop.js")).tradingSignalsContender(count);
    case "typed-array":
      return (await import("./typed-array-loop.js")).typedArrayContender(count);
  }
}

const requestText = process.argv[2];
if (requestText !== undefined && process.argv[1]?.endsWith("contender-child.js")) {
  const request = JSON.parse(requestText) as ContenderRunRequest;
  const { runContenderLoop } = await import("./contender-loop.js");
  const answer = runContenderLoop(request, await contenderOf(request.kind, request.symbols.length));
  const result: ContenderRunResult = { ...processFigures(), ...answer };
  process.stdout.write(`${JSON.stringify(result)}\n`);
}
