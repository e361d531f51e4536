// Builds the delivery channels of a session from the resolved notify settings: secrets read from
// the named environment variables (a missing or empty one is a config error naming the channel's
// config path and the variable, never a value), a command channel's program environment (the
// basics and its `pass_env`, never the engine's whole environment), default rate limits per service, and one shared
// instance per distinct channel setting (a session-level channel used by several scanners is one
// endpoint with one rate limit).

import { ConfigErrors, type ConfigProblem } from "../config/config-problem.js";
import type { ChannelConfig } from "../config/notify-config.js";
import type { ResolvedChannel, ResolvedNotify, RetryPolicy } from "../config/notify-resolve.js";
import { clockOf, renderTemplate, type TemplateValues } from "../scanners/alert-text.js";
import type { AlertPayload } from "../scanners/alert-types.js";
import { type AlertChannel, DEFAULT_TIMEOUT_MS } from "./alert-channel.js";
import { ChatWebhookChannel, DISCORD_FORMAT, SLACK_FORMAT } from "./chat-webhook-channel.js";
import { CommandChannel } from "./command-channel.js";
import { EmailChannel } from "./email-channel.js";
import { RateLimiter } from "./rate-limiter.js";
import { TELEGRAM_API_URL, TelegramChannel } from "./telegram-channel.js";
import { WebhookChannel } from "./webhook-channel.js";

export type Environment = Readonly<Record<string, string | undefined>>;

/** Published limits of the chat services (per webhook or chat). */
export const DEFAULT_RATE_LIMITS: Readonly<
  Partial<Record<ChannelConfig["type"], { count: number; perMs: number }>>
> = {
  slack: { count: 1, perMs: 1_000 },
  discord: { count: 5, perMs: 2_000 },
  telegram: { count: 1, perMs: 1_000 },
};

/** What a command channel's program gets of the engine's environment without `pass_env`. */
export const COMMAND_BASE_ENV = [
  "PATH",
  "HOME",
  "USER",
  "LOGNAME",
  "SHELL",
  "LANG",
  "LC_ALL",
  "TZ",
  "TMPDIR",
];

export const DEFAULT_EMAIL_SUBJECT = "{scanner}: {count} at {time}";

export interface ChannelTarget {
  readonly channel: AlertChannel;
  readonly retry: RetryPolicy;
}

/** scanner → channel name → target. */
export type ChannelDirectory = ReadonlyMap<string, ReadonlyMap<string, ChannelTarget>>;

/**
 * The channels of every alerting scanner. Throws one ConfigErrors listing every channel whose
 * environment variable is missing.
 */
export function createChannels(
  notify: ReadonlyMap<string, ResolvedNotify>,
  env: Environment,
): ChannelDirectory {
  const problems: ConfigProblem[] = [];
  const shared = new Map<string, AlertChannel>();
  const directory = new Map<string, Map<string, ChannelTarget>>();
  for (const [scanner, resolved] of notify) {
    const targets = new Map<string, ChannelTarget>();
    for (const entry of resolved.channels) {
      const identity = JSON.stringify(entry.config);
      let channel = shared.get(identity);
      if (!channel) {
        channel = buildChannel(entry, env, problems);
        if (channel) shared.set(identity, channel);
      }
      if (channel) targets.set(entry.name, { channel, retry: resolved.retry });
    }
    directory.set(scanner, targets);
  }
  if (problems.length > 0) {
    problems.sort((a, b) => (a.line ?? 0) - (b.line ?? 0) || (a.column ?? 0) - (b.column ?? 0));
    throw new ConfigErrors(problems);
  }
  return directory;
}

function buildChannel(
  entry: ResolvedChannel,
  env: Environment,
  problems: ConfigProblem[],
): AlertChannel | undefined {
  const { config } = entry;
  let missing = false;
  const secret = (variable: string | undefined, key: string): string | undefined => {
    if (variable === undefined) return undefined;
    const value = env[variable];
    if (value === undefined || value === "") {
      missing = true;
      problems.push({
        ...entry.location,
        path: `${entry.location.path}.${key}`,
        message: `${key}: the environment variable ${variable} is not set (channel ${JSON.stringify(entry.name)})`,
      });
      return undefined;
    }
    return value;
  };
  const timeoutMs = Math.round((config.timeout_seconds ?? DEFAULT_TIMEOUT_MS / 1000) * 1000);
  const limit = config.rate_limit
    ? { count: config.rate_limit.count, perMs: Math.round(config.rate_limit.per_seconds * 1000) }
    : DEFAULT_RATE_LIMITS[config.type];
  const limiter = limit ? new RateLimiter(limit.count, limit.perMs) : RateLimiter.unlimited();
  const common = { timeoutMs, limiter };
  switch (config.type) {
    case "webhook": {
      const key = secret(config.secret_env, "secret_env");
      if (missing) return undefined;
      return new WebhookChannel({ url: config.url, secret: key, label: `webhook ${entry.name}`, ...common });
    }
    case "slack":
    case "discord": {
      const url = secret(config.url_env, "url_env");
      if (missing || url === undefined) return undefined;
      const format = config.type === "slack" ? SLACK_FORMAT : DISCORD_FORMAT;
      return new ChatWebhookChannel({
        url,
        format,
        label: `${config.type} ${entry.name} (${config.url_env})`,
        ...common,
      });
    }
    case "telegram": {
      const token = secret(config.token_env, "token_env");
      if (missing || token === undefined) return undefined;
      return new TelegramChannel({
        apiUrl: config.api_url ?? TELEGRAM_API_URL,
        token,
        chatId: config.chat_id,
        label: `telegram ${entry.name} (chat ${config.chat_id})`,
        ...common,
      });
    }
    case "email": {
      const user = secret(config.user_env, "user_env");
      const pass = secret(config.password_env, "password_env");
      if (missing) return undefined;
      const subject = config.subject ?? DEFAULT_EMAIL_SUBJECT;
      return new EmailChannel({
        host: config.host,
        port: config.port ?? (config.secure ? 465 : 587),
        secure: config.secure ?? false,
        auth: user !== undefined && pass !== undefined ? { user, pass } : undefined,
        from: config.from,
        to: config.to,
        subject: (alert) => renderTemplate(subject, templateValues(alert)),
        label: `email ${entry.name} (${config.host})`,
        ...common,
      });
    }
    case "command": {
      // The engine's environment holds secrets (other channels' tokens, a journal URL with its
      // password): the program gets only the basics and what the config names.
      const programEnv: Record<string, string> = {};
      for (const name of COMMAND_BASE_ENV) {
        const value = env[name];
        if (value !== undefined) programEnv[name] = value;
      }
      for (const [index, name] of (config.pass_env ?? []).entries()) {
        const value = secret(name, `pass_env[${index}]`);
        if (value !== undefined) programEnv[name] = value;
      }
      if (missing) return undefined;
      return new CommandChannel({
        argv: config.command,
        env: programEnv,
        label: `command ${entry.name}`,
        ...common,
      });
    }
  }
}

function templateValues(alert: AlertPayload): TemplateValues {
  return {
    session: alert.session,
    scanner: alert.scanner,
    kind: alert.kind,
    date: alert.sessionDate,
    time: clockOf(alert.scheduledAt),
    symbols: alert.symbols,
    left: alert.left,
  };
}
