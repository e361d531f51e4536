// The `notify:` block (session default at the top level, and per scanner): which channels a
// scanner's hits are sent to, when (`new`, `every`, `changes`, a minimum interval per symbol, quiet
// hours), the text template and the retry policy. Every field is optional in a block: a scanner's
// block overrides the session block key by key (its `channels` list replaces the session's whole),
// and `notify: false` on a scanner turns its alerts off. Secrets (signing keys, tokens, passwords,
// Slack/Discord webhook URLs, which embed their token) are named by environment variable only.

import { z } from "zod";
import { unknownPlaceholders } from "../scanners/alert-text.js";
import { ALERT_RULES } from "../scanners/alert-types.js";

const ENV_NAME_PATTERN = /^[A-Za-z_][A-Za-z0-9_]*$/;
const CHANNEL_NAME_PATTERN = /^[a-z0-9_-]+$/;
const CLOCK_PATTERN = /^([01][0-9]|2[0-3]):([0-5][0-9])$/;

export const CHANNEL_TYPES = ["webhook", "slack", "discord", "telegram", "email", "command"] as const;
export type ChannelType = (typeof CHANNEL_TYPES)[number];

/** The name of an environment variable holding a secret (never the secret itself). */
const envName = z.string().regex(ENV_NAME_PATTERN, {
  error: (issue) => `${JSON.stringify(issue.input)} is not an environment variable name`,
});

const httpUrl = z.string().refine(isHttpUrl, {
  error: (issue) => `${JSON.stringify(issue.input)} is not an http(s) URL`,
});

/** A text template: only the known `{placeholders}`. */
const templateText = z
  .string()
  .min(1)
  .superRefine((text, ctx) => {
    const unknown = unknownPlaceholders(text);
    if (unknown.length > 0) {
      ctx.addIssue({
        code: "custom",
        message: `unknown placeholder ${unknown.join(", ")} (known: {session}, {scanner}, {kind}, {date}, {time}, {count}, {symbols}, {entered}, {left})`,
      });
    }
  });

const clockText = z.string().regex(CLOCK_PATTERN, {
  error: (issue) => `${JSON.stringify(issue.input)} is not a time (expected HH:MM)`,
});

export const rateLimitSchema = z
  .strictObject({
    count: z.number().int().min(1).describe("Messages allowed per window."),
    per_seconds: z.number().positive().max(86_400).describe("Length of the window, seconds."),
  })
  .describe("At most `count` messages per `per_seconds` on this channel.");

/** Keys every channel takes. */
const channelCommon = {
  name: z
    .string()
    .regex(CHANNEL_NAME_PATTERN, {
      error: (issue) =>
        `${JSON.stringify(issue.input)} is not a channel name (lower-case letters, digits, "_" and "-")`,
    })
    .optional()
    .describe("Name of the channel in this block (default: its type); unique within the block."),
  timeout_seconds: z
    .number()
    .positive()
    .max(600)
    .optional()
    .describe("Longest one delivery attempt may take (default 10)."),
  rate_limit: rateLimitSchema
    .optional()
    .describe(
      "Sending limit (default: Slack 1 per second, Discord 5 per 2 s, Telegram 1 per second, none for the others).",
    ),
};

export const webhookChannelSchema = z
  .strictObject({
    type: z.literal("webhook"),
    url: httpUrl.describe("Where the alert JSON is POSTed."),
    secret_env: envName
      .optional()
      .describe(
        "Environment variable holding the HMAC-SHA256 key; the body is signed in `X-Scanwright-Signature`.",
      ),
    ...channelCommon,
  })
  .describe("JSON POST of the full alert, with `Idempotency-Key` and (with `secret_env`) a signature.");

export const slackChannelSchema = z
  .strictObject({
    type: z.literal("slack"),
    url_env: envName.describe("Environment variable holding the Slack incoming-webhook URL."),
    ...channelCommon,
  })
  .describe('A Slack incoming webhook (`{"text": …}`).');

export const discordChannelSchema = z
  .strictObject({
    type: z.literal("discord"),
    url_env: envName.describe("Environment variable holding the Discord webhook URL."),
    ...channelCommon,
  })
  .describe('A Discord webhook (`{"content": …}`).');

export const telegramChannelSchema = z
  .strictObject({
    type: z.literal("telegram"),
    token_env: envName.describe("Environment variable holding the bot token."),
    chat_id: z
      .union([z.string().min(1), z.number().int()], {
        error: (issue) =>
          issue.code === "invalid_union"
            ? issue.input === undefined
              ? "is required"
              : `expected a chat id (a whole number, or a string such as "@channel"), got ${JSON.stringify(issue.input)}`
            : undefined,
      })
      .describe("Chat to post to: a numeric id or `@channelname`."),
    api_url: httpUrl.optional().describe("Bot API base URL (default `https://api.telegram.org`)."),
    ...channelCommon,
  })
  .describe("Telegram Bot API `sendMessage`.");

export const emailChannelSchema = z
  .strictObject({
    type: z.literal("email"),
    host: z.string().min(1).describe("SMTP server host."),
    port: z
      .number()
      .int()
      .min(1)
      .max(65_535)
      .optional()
      .describe("SMTP port (default 587, 465 with `secure`)."),
    secure: z
      .boolean()
      .optional()
      .describe("TLS from the first byte (port 465); else STARTTLS when offered."),
    user_env: envName.optional().describe("Environment variable holding the SMTP user name."),
    password_env: envName.optional().describe("Environment variable holding the SMTP password."),
    from: z
      .email({ error: (issue) => `${JSON.stringify(issue.input)} is not an e-mail address` })
      .describe("Sender address."),
    to: z
      .array(z.email({ error: (issue) => `${JSON.stringify(issue.input)} is not an e-mail address` }))
      .min(1, { error: "must list at least one address" })
      .describe("Recipients."),
    subject: templateText.optional().describe("Subject template (default `{scanner}: {count} at {time}`)."),
    ...channelCommon,
  })
  .superRefine(checkCredentialsPair, { when: () => true })
  .describe("E-mail over SMTP; the message id is the alert's idempotency key.");

export const commandChannelSchema = z
  .strictObject({
    type: z.literal("command"),
    command: z
      .array(z.string().min(1))
      .min(1, { error: "must name the program (and its arguments)" })
      .describe("Program and arguments (no shell); it gets the alert JSON on stdin and must exit 0."),
    pass_env: z
      .array(envName)
      .optional()
      .describe(
        "Environment variables the program gets besides PATH, HOME, USER, LOGNAME, SHELL, LANG, LC_ALL, TZ and TMPDIR (each must be set); nothing else of the engine's environment is passed.",
      ),
    ...channelCommon,
  })
  .describe("Runs a local program with the alert JSON on stdin.");

export const channelSchema = z.discriminatedUnion(
  "type",
  [
    webhookChannelSchema,
    slackChannelSchema,
    discordChannelSchema,
    telegramChannelSchema,
    emailChannelSchema,
    commandChannelSchema,
  ],
  {
    error: (issue) => {
      if (issue.code !== "invalid_union") return undefined;
      const type = (issue.input as { type?: unknown } | undefined)?.type;
      const known = CHANNEL_TYPES.join(", ");
      return type === undefined
        ? `a channel needs a type (${known})`
        : `unknown channel type ${JSON.stringify(type)} (known: ${known})`;
    },
  },
);

export const quietHoursSchema = z
  .strictObject({
    start: clockText.describe(
      "First minute of the quiet period, `HH:MM` in the exchange's time (New York for the NYSE).",
    ),
    end: clockText.describe("First minute after it (may be before `start`: the period spans midnight)."),
  })
  .refine((period) => period.start !== period.end, {
    error: "start and end are the same time",
    path: ["end"],
  })
  .describe("A daily period without alerts.");

export const notifyBlockSchema = z
  .strictObject({
    channels: z.array(channelSchema).optional().describe("Where alerts go."),
    when: z
      .enum(ALERT_RULES)
      .optional()
      .describe(
        "`new` (default): symbols not among the scanner's earlier hits that day; `every`: every hit of every slot; `changes`: symbols that entered or left since the previous slot.",
      ),
    min_interval_minutes: z
      .number()
      .min(0)
      .max(1_440)
      .optional()
      .describe(
        "A symbol is alerted again by the same scanner at the earliest this many minutes later that day (default 0).",
      ),
    quiet_hours: z
      .array(quietHoursSchema)
      .optional()
      .describe(
        "Periods without alerts; their slots are left out of the rules (a symbol first seen then is `new` after).",
      ),
    template: templateText
      .optional()
      .describe(
        "Text of chat messages and e-mails: `{scanner}`, `{time}`, `{date}`, `{kind}`, `{count}`, `{symbols}` (with their metadata values), `{entered}`, `{left}`.",
      ),
    max_attempts: z
      .number()
      .int()
      .min(1)
      .max(100)
      .optional()
      .describe("Delivery attempts before an alert is `failed` (default 8)."),
    backoff_seconds: z
      .number()
      .positive()
      .max(3_600)
      .optional()
      .describe("Wait after the first failed attempt; doubled after each further one (default 2)."),
    max_backoff_seconds: z
      .number()
      .positive()
      .max(86_400)
      .optional()
      .describe("Longest wait between attempts (default 300)."),
  })
  .superRefine(checkChannelNames, { when: () => true })
  .describe(
    "Alerts: channels, rules, text and retries (every key optional; a scanner's keys override the session's).",
  );

/** A scanner's `notify`: a block, or `false` for no alerts from this scanner. */
export const scannerNotifySchema = z.union([z.literal(false), notifyBlockSchema], {
  error: (issue) =>
    issue.code === "invalid_union" && (typeof issue.input !== "object" || issue.input === null)
      ? `expected false or a mapping, got ${JSON.stringify(issue.input)}`
      : undefined,
});

export type NotifyBlock = z.output<typeof notifyBlockSchema>;
export type ChannelConfig = z.output<typeof channelSchema>;

function checkChannelNames(block: unknown, ctx: z.RefinementCtx): void {
  const channels = (block as { channels?: unknown })?.channels;
  if (!Array.isArray(channels)) return;
  const first = new Map<string, number>();
  channels.forEach((channel: unknown, index) => {
    if (typeof channel !== "object" || channel === null) return;
    const { name, type } = channel as { name?: unknown; type?: unknown };
    const effective = typeof name === "string" ? name : typeof type === "string" ? type : undefined;
    if (effective === undefined) return;
    const earlier = first.get(effective);
    if (earlier === undefined) {
      first.set(effective, index);
      return;
    }
    ctx.addIssue({
      code: "custom",
      path: ["channels", index, "name"],
      message: `duplicate channel name ${JSON.stringify(effective)}: channels[${earlier}] and channels[${index}] (give each a distinct name)`,
    });
  });
}

function checkCredentialsPair(channel: unknown, ctx: z.RefinementCtx): void {
  const { user_env, password_env } = (channel ?? {}) as { user_env?: unknown; password_env?: unknown };
  if ((user_env === undefined) === (password_env === undefined)) return;
  ctx.addIssue({
    code: "custom",
    path: [user_env === undefined ? "user_env" : "password_env"],
    message: "user_env and password_env go together: set both or neither",
  });
}

function isHttpUrl(text: string): boolean {
  try {
    const url = new URL(text);
    return url.protocol === "http:" || url.protocol === "https:";
  } catch {
    return false;
  }
}
