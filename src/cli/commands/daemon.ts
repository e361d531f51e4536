// `scanwright daemon CONFIG`: runs a session live through the trading days (runtime/live-daemon.ts).
// Two timelines:
//   - the real date (a `mode: live` config without --replay-from): the WallClock; it sleeps between
//     sessions. Its bars come from the config's `feed:` (runtime/feed-from-config.ts): a vendor's
//     stream (alpaca, binance), or the store's bars as the minutes end (`replay`, the default).
//     --start-at with --speed runs that timeline accelerated from a given instant (a vendor feed
//     against a local server that keeps the same time: the end-to-end tests).
//   - a paced replay (--replay-from DATE, any config; a `mode: backtest` config runs live only this
//     way): the store's bars of DATE onwards on a ScaledClock at --speed, from DATE's pre-market
//     (or the given time), jumping over the nights, through --days sessions or the last stored day.
// One daemon at a time per journal and session (runtime/daemon-lock.ts): a second one is refused.
// SIGINT/SIGTERM/SIGHUP stop it cleanly (exit 0); under the built CLI's supervisor a session not
// stopped within the grace period, or at a second signal, is terminated (cli/supervisor.ts). Logs are JSON lines on stderr
// (--log-level); stdout gets the summary at the end, or with --json one event per line as the
// day goes (run-event-lines.ts) and a last `daemon_stopped` line. Exit codes: 0 clean stop or
// finish (isolated hook failures included), 1 runtime failure, 2 bad input.

import { dirname, resolve } from "node:path";
import { type Command, Option } from "commander";
import type { HaMembership } from "../../cluster/ha/ha-leadership.js";
import {
  DEFAULT_HA_GROUP_PREFIX,
  DEFAULT_HA_LEASE_SECONDS,
  resolveHaOptions,
} from "../../cluster/ha/ha-options.js";
import type { LeaderLease } from "../../cluster/ha/leader-lease.js";
import { chooseJournalPath, journalLabel } from "../../config/config-paths.js";
import { loadSessionConfig } from "../../config/load-session-config.js";
import { UsageError } from "../../core/errors.js";
import type { Logger } from "../../core/logger.js";
import { parseDateKey } from "../../core/new-york-time.js";
import type { BarStorePort } from "../../data/bar-store-port.js";
import { openBarStore } from "../../data/open-bar-store.js";
import { type AlertDelivery, alertJournalOptions, startAlertDelivery } from "../../runtime/alert-delivery.js";
import { createSession, type Session } from "../../runtime/create-session.js";
import { acquireDaemonLock, type DaemonLock } from "../../runtime/daemon-lock.js";
import { type ConfiguredFeed, createConfiguredFeed } from "../../runtime/feed-from-config.js";
import { type DaemonReport, runDaemon, tradingDayAt } from "../../runtime/live-daemon.js";
import { WarmStandby } from "../../runtime/warm-standby.js";
import { ScanJournal } from "../../scanners/scan-journal.js";
import { requireCalendarDate } from "../../time/calendar-range.js";
import type { Clock } from "../../time/clock.js";
import type { ExchangeCalendar } from "../../time/exchange-calendar.js";
import { calendarOf } from "../../time/markets/index.js";
import { ScaledClock } from "../../time/scaled-clock.js";
import { SimulatedClock } from "../../time/simulated-clock.js";
import { WallClock } from "../../time/wall-clock.js";
import { formatAlertSummary } from "../alert-summary.js";
import type { CliIO } from "../cli-io.js";
import { faultEventLine, onStopRequest } from "../command-supervision.js";
import { requireSessionStore } from "../existing-store.js";
import { loadScanners } from "../load-scanners.js";
import { wholeNumberOption } from "../parse-options.js";
import { createPinoLogger, LOG_LEVELS, type LogLevel } from "../pino-logger.js";
import type { CommandRegistrar } from "../program.js";
import { runEventLines, writeLines } from "../run-event-lines.js";
import { formatSummaryTable } from "../summary-table.js";

interface DaemonCliOptions {
  alertDrainSeconds?: number;
  json?: boolean;
  replayFrom?: ReplayStart;
  startAt?: ReplayStart;
  speed?: number;
  days?: number;
  store?: string;
  journal?: string;
  logLevel: LogLevel;
  ha?: string | true;
  haGroup?: string;
  haLeaseSeconds?: number;
}

/** Where a replay starts: a date, and a time on it in the exchange's zone (default: 04:00, the NYSE pre-market). */
interface ReplayStart {
  readonly date: string;
  /** `date` as `YYYYMMDD`. */
  readonly dateKey: number;
  readonly hour: number;
  readonly minute: number;
}

const MAX_SPEED = 1_000_000;
export const DEFAULT_ALERT_DRAIN_SECONDS = 30;
const FEED_INTERVAL = "1m";

export const registerDaemonCommand: CommandRegistrar = (program: Command, io: CliIO) => {
  program
    .command("daemon")
    .description(
      "run a session live: on the real date (a `mode: live` config), or as a paced replay of stored days (--replay-from)",
    )
    .argument("<config>", "session config (YAML)")
    .option(
      "--replay-from <date>",
      "replay the store from this date's pre-market (YYYY-MM-DD), or from a time in the exchange's zone (YYYY-MM-DDTHH:MM)",
      (value: string) => parseReplayStart(value),
    )
    .option(
      "--start-at <time>",
      "run the live timeline from this instant in the exchange's zone (YYYY-MM-DDTHH:MM) at --speed, with the config's feed (tests against a local vendor server)",
      (value: string) => parseReplayStart(value, "--start-at"),
    )
    .option(
      "--speed <factor>",
      "replay speed, replayed ms per real ms: 1 is real time (the default), 600 is ten minutes a second",
      parseSpeed,
    )
    .option(
      "--days <n>",
      "stop after the close of the Nth trading day",
      wholeNumberOption("--days", 1, 10_000),
    )
    .option(
      "--json",
      "print one JSON event per line as the day goes (day_start, setup, scan, teardown, promoted, error, missed, day_end) instead of the summary",
    )
    .option("--store <path>", "bar store file (overrides the config)")
    .option(
      "--journal <path>",
      "scan journal: a file or a postgres:// URL (default: the config's journal, $SCANWRIGHT_JOURNAL, else journal.db beside the store)",
    )
    .option(
      "--alert-drain-seconds <n>",
      `after the last session, wait up to N seconds for pending alerts to be delivered (default ${DEFAULT_ALERT_DRAIN_SECONDS})`,
      wholeNumberOption("--alert-drain-seconds", 0, 86_400),
    )
    .option(
      "--ha [url]",
      "run as one of a highly available group: lead while holding a lease in this Redis (redis://host:port; default $SCANWRIGHT_REDIS), else stand by",
    )
    .option(
      "--ha-group <name>",
      `the group's Redis key prefix (default ${DEFAULT_HA_GROUP_PREFIX}:<session name>)`,
    )
    .option(
      "--ha-lease-seconds <n>",
      `how long the lease lasts unrenewed: a dead leader is replaced within about that (default ${DEFAULT_HA_LEASE_SECONDS})`,
      wholeNumberOption("--ha-lease-seconds", 1, 3_600),
    )
    .addOption(
      new Option("--log-level <level>", "least severe log line written to stderr")
        .choices(LOG_LEVELS)
        .default("info"),
    )
    .addHelpText(
      "after",
      [
        "",
        "Examples:",
        "  scanwright daemon my-live-session.yaml    # a `mode: live` config, on the real date",
        "  scanwright daemon configs/demo.yaml --replay-from 2024-12-02 --speed 600 --days 2",
        "  scanwright daemon configs/demo.yaml --replay-from 2024-12-02T11:00 --speed 60 --log-level warn",
        "  scanwright daemon configs/demo.yaml --replay-from 2024-12-02 --speed 600 --json --log-level warn",
        "",
        "A replay without --speed runs in real time (--speed 1).",
        "SIGINT, SIGTERM or SIGHUP stops it after the running scan (exit 0; after 10 s the running hook is",
        "abandoned and journaled timeout); started again, it resumes the day:",
        "slots already journaled are not run again, slots that passed meanwhile are journaled as missed.",
        "",
        "With --ha, start the same command on several machines (one Redis, one journal): one leads, the",
        "others stand by warm (the session provisioned and kept current, no scans) and take over within",
        "--ha-lease-seconds when it dies or loses Redis.",
        "",
      ].join("\n"),
    )
    .action((config: string, options: DaemonCliOptions) => runDaemonCommand(io, config, options));
};

async function runDaemonCommand(io: CliIO, configPath: string, options: DaemonCliOptions): Promise<void> {
  const loaded = loadSessionConfig(configPath, { cwd: io.cwd });
  for (const warning of loaded.warnings) io.stderr.write(`warning: ${warning}\n`);
  const { config } = loaded;
  const replayFrom = options.replayFrom;
  const startAt = options.startAt;
  if (replayFrom !== undefined && startAt !== undefined) {
    throw new UsageError("--replay-from and --start-at exclude each other: a replay starts at its date");
  }
  if (startAt !== undefined && config.mode !== "live") {
    throw new UsageError(`--start-at runs a live config's feed: ${configPath} is a ${config.mode} config`);
  }
  if (replayFrom === undefined && config.mode !== "live") {
    const example = config.backtest ? ` (e.g. --replay-from ${config.backtest.start})` : "";
    throw new UsageError(
      `${configPath} is a ${config.mode} config: a daemon runs it only as a paced replay, give --replay-from DATE${example}`,
    );
  }
  if (replayFrom === undefined && startAt === undefined && options.speed !== undefined) {
    throw new UsageError(
      "--speed paces a replay or a --start-at run: give --replay-from DATE or --start-at TIME with it",
    );
  }

  const ha = resolveHaOptions(config.name, options, io.env);
  const calendar = calendarOf(loaded.config.exchange, loaded.calendarOverrides);
  const wall = new WallClock();
  const logger = createPinoLogger({
    level: options.logLevel,
    destination: io.stderr,
    clock: wall,
    bindings: { cmd: "daemon", session: config.name },
  });
  const store = openBarStore(requireSessionStore(io, loaded, options.store).path);
  const journalPath = chooseJournalPath({
    flag: options.journal,
    config: config.journal,
    env: io.env,
    cwd: io.cwd,
    storePath: store.path,
  });
  if (ha !== undefined && journalPath === ":memory:") {
    store.close();
    throw new UsageError("--ha needs a journal every member of the group opens: not :memory:");
  }
  let journal: ScanJournal | undefined;
  let delivery: AlertDelivery | undefined;
  let lock: DaemonLock | undefined;
  let lease: LeaderLease | undefined;
  let leading: Extract<HaMembership, { kind: "leading" }> | undefined;
  let vendorFeed: ConfiguredFeed | undefined;
  let session: Session | undefined;
  const controller = new AbortController();
  const supervision = io.supervision;
  let stopSignals: (() => void) | undefined;
  const onSignal = (signal: NodeJS.Signals): void => {
    logger.info(`${signal} received: stopping after the running scan (again to kill)`, { signal });
    controller.abort();
  };
  try {
    const scanners = await loadScanners(io, loaded.scanners);
    journal = ScanJournal.open(journalPath, { alerts: alertJournalOptions(loaded.notify, { calendar }) });
    stopSignals = onStopRequest(supervision, onSignal);
    // Known before standing by: the day a group's run ends is the same for every member.
    const lastDay =
      replayFrom === undefined
        ? liveLastDay(
            calendar,
            startAt === undefined ? wall.now() : startInstant(calendar, startAt),
            options.days,
          )
        : replayLastDay(calendar, store, replayFrom.date, options.days, logger);
    // The timeline starts once everything is loaded: a fast replay does not lose its first hours to it.
    const speed = options.speed ?? 1;
    const start = replayFrom ?? startAt;
    const openSession = async (): Promise<{ timeline: Clock; session: Session }> => {
      const originAt = start === undefined ? wall.now() : startInstant(calendar, start);
      const timeline: Clock = start === undefined ? wall : new ScaledClock(wall, { originAt, speed });
      // A replay always replays the store; the live timeline takes the config's feed.
      vendorFeed = createConfiguredFeed(
        replayFrom === undefined ? config.feed : { ...config.feed, vendor: "replay" },
        {
          store,
          timeline,
          calendar,
          logger,
          env: io.env,
        },
      );
      if (vendorFeed.vendor !== "replay") {
        logger.info("connecting to the market-data feed", { vendor: vendorFeed.vendor });
        await vendorFeed.start();
      }
      session = createSession(config, {
        clock: new SimulatedClock(originAt),
        calendar,
        store,
        feed: vendorFeed.feed,
        logger,
        baseDir: dirname(resolve(io.cwd, configPath)),
        env: io.env,
      });
      return { timeline, session };
    };
    let opened: { timeline: Clock; session: Session };
    let warm: WarmStandby | undefined;
    if (ha !== undefined) {
      // A warm standby: the session provisioned and kept current while standing by (warm-standby.ts).
      opened = await openSession();
      const standby = new WarmStandby(opened.session, {
        timeline: opened.timeline,
        replay: replayFrom === undefined ? undefined : { date: replayFrom.date, speed },
        lastDay,
        scanners: scanners.map((scanner) => scanner.spec),
        journal,
        wall,
        logger,
      });
      warm = standby;
      // One leader per group (the lease replaces the journal's lock file): stand by until leading.
      const doneMarker = JSON.stringify({ replay: replayFrom?.date ?? null, lastDay: lastDay ?? null });
      // The HA lease (ioredis) is loaded by an HA daemon only.
      const { joinHaGroup } = await import("../../cluster/ha/ha-leadership.js");
      const member = await joinHaGroup({
        ha,
        clock: wall,
        logger,
        signal: controller.signal,
        doneMarker,
        journal,
        standby: (signal) => standby.follow(signal),
        onLost: () => {
          controller.abort();
          void delivery?.stop();
        },
      });
      lease = member.lease;
      if (member.kind !== "leading") {
        io.stdout.write(
          member.kind === "done"
            ? `Daemon "${config.name}": the HA group's run is complete (another daemon led it), journal ${journalLabel(journalPath)}\n`
            : `Daemon "${config.name}" stopped while standing by, journal ${journalLabel(journalPath)}\n`,
        );
        return;
      }
      leading = member;
      // The last stretch the dead leader journaled since the standby's last catch-up.
      await standby.catchUp();
      logger.info("HA: taking over warm", {
        at: calendar.formatInstant(opened.session.clock.now()),
        dayOpen: standby.openDay?.date ?? null,
      });
    } else {
      if (journalPath !== ":memory:") {
        // One daemon per journal and session: a second one would run the live run's scans again.
        lock = acquireDaemonLock(journalPath, config.name, { inheritOwn: supervision?.isRestart === true });
      }
      opened = await openSession();
    }
    const writer = leading?.journal ?? journal;
    // Alerts left pending by an earlier process go out from here on, before the first slot.
    delivery = startAlertDelivery(journal, {
      notify: loaded.notify,
      env: io.env,
      scope: { session: config.name, mode: "live" },
      clock: wall,
      logger,
    });
    // A warm standby's session clock never stands ahead of its timeline (it follows it).
    const { timeline, session: running } = opened;
    if (options.json && supervision) {
      // For as long as the session's thread lives: a fault after the last event is reported too.
      supervision.onFault((fault) => writeLines(io, [faultEventLine(fault)]));
    }
    const report = await runDaemon(running, scanners, writer, {
      timeline,
      replay: replayFrom === undefined ? undefined : { date: replayFrom.date, speed },
      lastDay,
      signal: controller.signal,
      logger,
      onEvent: options.json ? (event) => writeLines(io, runEventLines(calendar, event)) : undefined,
      supervision,
      // Not told under --ha: the supervisor's end of a dead session's run would be a journal write
      // outside the fence; the next leader resumes the run left `running` instead.
      onRunStarted: (run) => {
        // Before the run's first write: the journal's database refuses a deposed leader from here on.
        leading?.claimRun(run);
        if (ha === undefined) {
          supervision?.runStarted({ journalPath, runId: run.id, session: config.name, mode: "live" });
        }
      },
      ...(warm?.openDay !== undefined ? { warmDay: warm.openDay } : {}),
      // Before each slot: the HA lease, or the daemon lock (on PostgreSQL it goes with a lost
      // connection: taken again, or a StoreError stops the daemon).
      ...(leading !== undefined
        ? { fence: leading.fence }
        : lock === undefined
          ? {}
          : { fence: verifyLock(lock) }),
    });
    await leading?.finish(report.status);
    if (delivery && report.status === "completed") {
      const drainMs = (options.alertDrainSeconds ?? DEFAULT_ALERT_DRAIN_SECONDS) * 1000;
      if (!(await delivery.drain(drainMs))) {
        logger.warn("alerts still pending after the drain time: they are sent at the next start", {
          drainSeconds: drainMs / 1000,
        });
      }
    }
    await delivery?.stop();
    if (options.json) {
      writeLines(io, [
        JSON.stringify({
          event: "daemon_stopped",
          status: report.status,
          run: report.run.id,
          origin: report.origin,
          days: report.days,
          slots: report.slots,
          missed: report.missed,
        }),
      ]);
    } else {
      io.stdout.write(describeReport(config.name, report, journalLabel(journalPath)));
      io.stdout.write(formatSummaryTable(journal.summary(report.run)));
      io.stdout.write(formatAlertSummary(journal.outbox.counts(report.run.id)));
    }
  } finally {
    session?.close();
    stopSignals?.();
    vendorFeed?.close();
    await delivery?.stop();
    try {
      // Closed through the fence: a daemon that lost its lease does not flush its pending rows.
      (leading?.journal ?? journal)?.close();
    } finally {
      // Released after the journal's last write, and even when that write fails.
      lock?.release();
      await lease?.close();
      store.close();
      wall.cancelAll();
    }
  }
}

/** `--days N` on the real date: through the Nth trading day from the one trading at `from` or next. */
function liveLastDay(calendar: ExchangeCalendar, from: number, days: number | undefined): string | undefined {
  if (days === undefined) return undefined;
  return calendar.nextTradingDay(tradingDayAt(calendar, from), days - 1);
}

function startInstant(calendar: ExchangeCalendar, start: ReplayStart): number {
  return calendar.wallTime(start.date, start.hour * 60 + start.minute);
}

/** A replay goes through `--days` trading days from its date, and never past the last stored day. */
function replayLastDay(
  calendar: ExchangeCalendar,
  store: BarStorePort,
  date: string,
  days: number | undefined,
  logger: Logger,
): string {
  const lastBarAt = Math.max(
    Number.NEGATIVE_INFINITY,
    ...store
      .listSeries()
      .filter((series) => series.interval === FEED_INTERVAL)
      .map((series) => series.lastTime),
  );
  if (!Number.isFinite(lastBarAt)) {
    throw new UsageError(`The bar store ${store.path} has no ${FEED_INTERVAL} bars to replay`);
  }
  const lastStored = calendar.dateOf(lastBarAt);
  const first = calendar.isTradingDay(date) ? date : calendar.nextTradingDay(date);
  if (first > lastStored) {
    throw new UsageError(
      `Nothing to replay from ${date}: the store's ${FEED_INTERVAL} bars end on ${lastStored}`,
    );
  }
  if (days === undefined) return lastStored;
  const wanted = calendar.nextTradingDay(first, days - 1);
  if (wanted <= lastStored) return wanted;
  logger.warn(`--days ${days} goes past the last stored day: the replay ends on ${lastStored}`, {
    lastStored,
  });
  return lastStored;
}

function describeReport(name: string, report: DaemonReport, journalPath: string): string {
  const days = report.days;
  const span = days.length === 0 ? "" : ` ${days[0]}${days.length > 1 ? ` → ${days[days.length - 1]}` : ""}`;
  const origin =
    report.origin === "resumed"
      ? ", resumed"
      : report.origin === "continued"
        ? `, continuing run ${report.continues}`
        : "";
  return (
    `Daemon "${name}" ${report.status}: run ${report.run.id}${origin}, ` +
    `${days.length} session${days.length === 1 ? "" : "s"}${span}, ${report.slots} scan slots, ` +
    `${report.missed} missed, journal ${journalPath}\n`
  );
}

function parseReplayStart(value: string, flag = "--replay-from"): ReplayStart {
  const match = /^(\d{4}-\d{2}-\d{2})(?:T(\d{2}):(\d{2}))?$/.exec(value.trim());
  const dateKey = match ? parseDateKey(match[1]) : undefined;
  if (!match || dateKey === undefined) {
    throw new UsageError(`${flag} must be YYYY-MM-DD or YYYY-MM-DDTHH:MM, got "${value}"`);
  }
  requireCalendarDate(match[1]);
  const hour = match[2] === undefined ? 4 : Number(match[2]);
  const minute = match[3] === undefined ? 0 : Number(match[3]);
  if (hour > 23 || minute > 59) {
    throw new UsageError(`${flag} has no such time of day: "${value}"`);
  }
  return { date: match[1], dateKey, hour, minute };
}

function parseSpeed(value: string): number {
  const speed = Number(value);
  if (value.trim() === "" || !Number.isFinite(speed) || speed <= 0 || speed > MAX_SPEED) {
    throw new UsageError(`--speed must be a number above 0 and at most ${MAX_SPEED}, got "${value}"`);
  }
  return speed;
}

/** The fence of a daemon holding `lock`: it is checked (re-taken if lost) before each slot. */
function verifyLock(lock: DaemonLock): () => Promise<boolean> {
  return async () => {
    lock.verify();
    return true;
  };
}
