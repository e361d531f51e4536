// Turns a journaled scan row into the outbox rows of its alerts (one per channel of the scanner's
// notify policy), for the journal to write in the same transaction as the row. The rules' state of
// each scanner's day is kept in memory and, on the first row of a day in this process, rebuilt by
// replaying the rows already journaled that day (this run and the runs it continues), so a
// restarted daemon alerts exactly what an uninterrupted one would have.

import { createHash } from "node:crypto";
import { ExchangeCalendar } from "../time/exchange-calendar.js";
import { applyAlertRule, type DayAlertState, newDayAlertState, type RuleInput } from "./alert-rules.js";
import { clockOf, renderTemplate } from "./alert-text.js";
import type { AlertPayload, AlertStatus, AlertSymbol, NotifyPolicy } from "./alert-types.js";
import type { RunMode } from "./journal-types.js";

export interface AlertJournalOptions {
  /** Each alerting scanner's policy, by scanner name; scanners not in it send nothing. */
  readonly policies: ReadonlyMap<string, NotifyPolicy>;
  /** Journal a backtest's alerts `pending` (to be sent, `--send-alerts`) instead of `recorded`. */
  readonly sendBacktests?: boolean;
  /** The session's exchange calendar: alert times and quiet hours are in its zone (default NYSE). */
  readonly calendar?: ExchangeCalendar;
}

const DAY_MS = 86_400_000;

/** Values of one outbox insert, in ALERT_COLUMNS order. */
export type EncodedAlert = readonly [
  runId: number,
  scanner: string,
  kind: string,
  scheduledAt: number,
  sessionDate: string,
  channel: string,
  key: string,
  status: AlertStatus,
  payload: string,
];

export const ALERT_COLUMNS =
  "run_id, scanner, kind, scheduled_at, session_date, channel, idempotency_key, status, payload";

export interface PlannedRun {
  readonly id: number;
  readonly name: string;
  readonly mode: RunMode;
}

/** The row being journaled, as encoded (status after the metadata check, metadata as JSON text). */
export interface PlannedRow extends RuleInput {
  readonly scanner: string;
  readonly sessionDate: string;
  readonly metadataJson: string;
}

/** The day's rows of `scanner` journaled so far for `run` and the runs it continues, in slot order. */
export type DayHistory = (run: PlannedRun, scanner: string, sessionDate: string) => RuleInput[];

export class AlertPlanner {
  private readonly days = new Map<string, { readonly day: string; readonly state: DayAlertState }>();
  private readonly calendar: ExchangeCalendar;
  private readonly minuteOfDay: (time: number) => number;

  constructor(
    private readonly options: AlertJournalOptions,
    private readonly history: DayHistory,
  ) {
    const calendar = options.calendar ?? new ExchangeCalendar();
    this.calendar = calendar;
    this.minuteOfDay = (time) => {
      const local = time + calendar.offsetAt(time);
      return Math.floor((((local % DAY_MS) + DAY_MS) % DAY_MS) / 60_000);
    };
  }

  /** Whether `scanner` has alerts at all (rows of others skip the planner). */
  alerts(scanner: string): boolean {
    return this.options.policies.has(scanner);
  }

  plan(run: PlannedRun, row: PlannedRow): EncodedAlert[] {
    const policy = this.options.policies.get(row.scanner);
    if (!policy) return [];
    const state = this.stateOf(run, row.scanner, row.sessionDate, policy);
    const outcome = applyAlertRule(policy, state, row, this.minuteOfDay);
    if (!outcome || policy.channels.length === 0) return [];
    const metadata = JSON.parse(row.metadataJson) as unknown;
    const symbols: AlertSymbol[] = outcome.alerted.map((symbol) => ({
      symbol,
      values: valuesOf(metadata, symbol),
    }));
    const instant = this.calendar.formatInstant(row.scheduledAt);
    const text = renderTemplate(policy.template, {
      session: run.name,
      scanner: row.scanner,
      kind: row.kind,
      date: row.sessionDate,
      time: clockOf(instant),
      symbols,
      left: outcome.left,
    });
    const status: AlertStatus = run.mode === "live" || this.options.sendBacktests ? "pending" : "recorded";
    return policy.channels.map((channel): EncodedAlert => {
      const key = idempotencyKey(run, row, channel);
      const payload: AlertPayload = {
        id: key,
        session: run.name,
        run: run.id,
        scanner: row.scanner,
        kind: row.kind,
        sessionDate: row.sessionDate,
        scheduledAt: instant,
        rule: policy.rule,
        channel,
        symbols,
        left: outcome.left,
        hits: row.symbols,
        text,
      };
      return [
        run.id,
        row.scanner,
        row.kind,
        row.scheduledAt,
        row.sessionDate,
        channel,
        key,
        status,
        JSON.stringify(payload),
      ];
    });
  }

  private stateOf(
    run: PlannedRun,
    scanner: string,
    sessionDate: string,
    policy: NotifyPolicy,
  ): DayAlertState {
    const day = `${run.id}\u0000${sessionDate}`;
    const known = this.days.get(scanner);
    if (known?.day === day) return known.state;
    const state = newDayAlertState();
    for (const earlier of this.history(run, scanner, sessionDate)) {
      applyAlertRule(policy, state, earlier, this.minuteOfDay);
    }
    this.days.set(scanner, { day, state });
    return state;
  }
}

/**
 * The idempotency key of an alert: the same (session, run, scanner, slot, channel) always gives
 * the same key, so a receiver can drop a delivery it has already seen.
 */
export function idempotencyKey(
  run: PlannedRun,
  row: { readonly scanner: string; readonly kind: string; readonly scheduledAt: number },
  channel: string,
): string {
  const identity = [run.name, run.id, row.scanner, row.kind, row.scheduledAt, channel].join("\u0000");
  return `sw-${createHash("sha256").update(identity).digest("hex").slice(0, 32)}`;
}

/** The plugin's values for `symbol`: `metadata.hits[symbol]`, else `metadata[symbol]`, else null. */
function valuesOf(metadata: unknown, symbol: string): unknown {
  if (typeof metadata !== "object" || metadata === null) return null;
  const hits = (metadata as { hits?: unknown }).hits;
  if (typeof hits === "object" && hits !== null && symbol in hits) {
    return (hits as Record<string, unknown>)[symbol] ?? null;
  }
  return (metadata as Record<string, unknown>)[symbol] ?? null;
}
