// DI tokens of the session core and of the ports it consumes. Each token carries its type; only
// src/runtime binds them to concrete instances.

import { createToken } from "../core/di-token.js";
import type { Logger } from "../core/logger.js";
import type { SeriesMemory } from "../core/series-memory.js";
import type { BarFeed } from "../data/bar-feed.js";
import type { BarStorePort } from "../data/bar-store-port.js";
import type { IndicatorManager } from "../indicators/indicator-manager.js";
import type { IndicatorRegistry } from "../indicators/indicator-registry.js";
import type { Clock } from "../time/clock.js";
import type { ExchangeCalendar } from "../time/exchange-calendar.js";
import type { SessionDataSpec } from "./session-spec.js";

export const TOKENS = {
  calendar: createToken<ExchangeCalendar>("calendar"),
  clock: createToken<Clock>("clock"),
  barStore: createToken<BarStorePort>("bar-store"),
  barFeed: createToken<BarFeed>("bar-feed"),
  logger: createToken<Logger>("logger"),
  indicatorRegistry: createToken<IndicatorRegistry>("indicator-registry"),
  indicatorManager: createToken<IndicatorManager>("indicator-manager"),
  sessionDataSpec: createToken<SessionDataSpec>("session-data-spec"),
  warmupMultiplier: createToken<number>("warmup-multiplier"),
  seriesMemory: createToken<SeriesMemory>("series-memory"),
} as const;
