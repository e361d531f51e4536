// Alerts for a run, wired in one place: the journal options that make the scanners' rows carry
// their alerts into the outbox, and the delivery (channels from the config and the environment,
// a dispatcher woken by every commit that holds alerts), started before the run and drained or
// stopped after it. A session without `notify` gets neither.

import { AlertDispatcher } from "../alerts/alert-dispatcher.js";
import { createChannels, type Environment } from "../alerts/channel-factory.js";
import type { ResolvedNotify } from "../config/notify-resolve.js";
import type { Logger } from "../core/logger.js";
import type { OutboxScope } from "../scanners/alert-outbox.js";
import type { AlertJournalOptions } from "../scanners/alert-planner.js";
import type { NotifyPolicy } from "../scanners/alert-types.js";
import type { ScanJournal } from "../scanners/scan-journal.js";
import type { Clock } from "../time/clock.js";
import type { ExchangeCalendar } from "../time/exchange-calendar.js";

/** The journal's alert options for these notify settings; `undefined` when no scanner alerts. */
export function alertJournalOptions(
  notify: ReadonlyMap<string, ResolvedNotify>,
  options: { readonly sendBacktests?: boolean; readonly calendar?: ExchangeCalendar } = {},
): AlertJournalOptions | undefined {
  if (notify.size === 0) return undefined;
  const policies = new Map<string, NotifyPolicy>();
  for (const [scanner, resolved] of notify) policies.set(scanner, resolved.policy);
  return { policies, sendBacktests: options.sendBacktests ?? false, calendar: options.calendar };
}

export interface AlertDeliveryOptions {
  readonly notify: ReadonlyMap<string, ResolvedNotify>;
  /** Where the secrets' environment variables are read. */
  readonly env: Environment;
  readonly scope: OutboxScope;
  /** Real time: retries and rate limits wait on it. */
  readonly clock: Clock;
  readonly logger: Logger;
}

export interface AlertDelivery {
  readonly dispatcher: AlertDispatcher;
  /** Waits until nothing deliverable is pending, at most `timeoutMs`; `false` if time ran out. */
  drain(timeoutMs?: number): Promise<boolean>;
  /** Stops delivering (attempts under way get a grace time, then are cut); what is pending stays for the next start. */
  stop(): Promise<void>;
}

/**
 * Starts delivering the outbox of `journal` (including alerts left pending by an earlier process);
 * `undefined` when no scanner alerts. A missing environment variable is a ConfigErrors, thrown
 * before anything starts.
 */
export function startAlertDelivery(
  journal: ScanJournal,
  options: AlertDeliveryOptions,
): AlertDelivery | undefined {
  if (options.notify.size === 0) return undefined;
  const channels = createChannels(options.notify, options.env);
  const dispatcher = new AlertDispatcher({
    outbox: journal.outbox,
    scope: options.scope,
    channels,
    clock: options.clock,
    logger: options.logger,
  });
  const unsubscribe = journal.onAlertsCommitted(() => dispatcher.wake());
  dispatcher.start();
  return {
    dispatcher,
    drain: (timeoutMs) => dispatcher.settled(timeoutMs),
    stop: async () => {
      unsubscribe();
      await dispatcher.stop();
    },
  };
}
