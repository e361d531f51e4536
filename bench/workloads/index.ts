// Every benchmark workload `npm run bench` runs, in order.

import type { BenchWorkload } from "../bench-result.js";
import { backtestContendersWorkload } from "./backtest-contenders.js";
import { backtestScalingWorkload, backtestThroughputWorkload } from "./backtest-throughput.js";
import { calendarWorkload } from "./calendar.js";
import { clusterBacktestWorkload } from "./cluster-backtest.js";
import { clusterSweepWorkload } from "./cluster-sweep.js";
import { coldStartWorkload } from "./cold-start.js";
import { haTakeoverWorkload } from "./ha-takeover.js";
import { indicatorFanoutWorkload } from "./indicator-fanout.js";
import { indicatorsWorkload } from "./indicators.js";
import { journalWorkload } from "./journal.js";
import { scoringWorkload } from "./scoring.js";
import { sessionProvisioningWorkload } from "./session-provisioning.js";
import { storeWorkload } from "./store.js";
import { storeBackendsWorkload } from "./store-backends.js";
import { storeUniverseReadWorkload } from "./store-universe-read.js";
import { supervisionWorkload } from "./supervision.js";
import { universeDayWorkload } from "./universe-day.js";

export const workloads: readonly BenchWorkload[] = [
  calendarWorkload,
  indicatorsWorkload,
  indicatorFanoutWorkload,
  storeWorkload,
  storeUniverseReadWorkload,
  storeBackendsWorkload,
  journalWorkload,
  sessionProvisioningWorkload,
  backtestThroughputWorkload,
  backtestScalingWorkload,
  backtestContendersWorkload,
  clusterBacktestWorkload,
  clusterSweepWorkload,
  scoringWorkload,
  universeDayWorkload,
  coldStartWorkload,
  supervisionWorkload,
  haTakeoverWorkload,
];
