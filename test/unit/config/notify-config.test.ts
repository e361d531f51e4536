// The `notify:` block through the real config loader: every field's bad value is one problem with
// file, line, column and config path; a scanner's block overrides the session's key by key
// (`channels` whole) or turns alerts off; defaults fill the rest; a channel's missing
// environment variable is a config error naming the variable and the channel's place in the file,
// never a value.

import { tmpdir } from "node:os";
import { describe, expect, it } from "vitest";
import { createChannels } from "../../../src/alerts/channel-factory.js";
import { ConfigErrors } from "../../../src/config/config-problem.js";
import { parseSessionConfigText } from "../../../src/config/load-session-config.js";
import { configWithNotify, PLUGIN } from "../../integration/alerts/alert-test-session.js";

function problems(notifyLines: string[]): string[] {
  try {
    configWithNotify(notifyLines, "n.yaml");
  } catch (error) {
    if (error instanceof ConfigErrors) return error.message.split("\n");
    throw error;
  }
  throw new Error("the config loaded without problems");
}

const AT = "session_data.scanners[0].notify";
const TYPES = "webhook, slack, discord, telegram, email, command";
const PLACEHOLDERS = "{session}, {scanner}, {kind}, {date}, {time}, {count}, {symbols}, {entered}, {left}";

/** [notify lines under the scanner, the exact problem lines]. */
const CASES: ReadonlyArray<readonly [string[], string[]]> = [
  [["when: sometimes"], [`n.yaml:10:15 ${AT}.when: expected "new" or "every" or "changes", got "sometimes"`]],
  [["min_interval_minutes: -1"], [`n.yaml:10:31 ${AT}.min_interval_minutes: must be at least 0, got -1`]],
  [
    ["min_interval_minutes: 2000"],
    [`n.yaml:10:31 ${AT}.min_interval_minutes: must be at most 1440, got 2000`],
  ],
  [
    ["quiet_hours: [{ start: '25:00', end: '13:00' }]"],
    [`n.yaml:10:32 ${AT}.quiet_hours[0].start: "25:00" is not a time (expected HH:MM)`],
  ],
  [
    ["quiet_hours: [{ start: '12:00', end: '12:00' }]"],
    [`n.yaml:10:46 ${AT}.quiet_hours[0].end: start and end are the same time`],
  ],
  [["quiet_hours: [{ start: '12:00' }]"], [`n.yaml:10:23 ${AT}.quiet_hours[0].end: is required`]],
  [
    ["template: '{scanner} {price}'"],
    [`n.yaml:10:19 ${AT}.template: unknown placeholder {price} (known: ${PLACEHOLDERS})`],
  ],
  [["template: ''"], [`n.yaml:10:19 ${AT}.template: must not be empty`]],
  [["max_attempts: 0"], [`n.yaml:10:23 ${AT}.max_attempts: must be at least 1, got 0`]],
  [["max_attempts: 1.5"], [`n.yaml:10:23 ${AT}.max_attempts: expected a whole number, got 1.5`]],
  [["backoff_seconds: 0"], [`n.yaml:10:26 ${AT}.backoff_seconds: must be greater than 0, got 0`]],
  [["max_backoff_seconds: -5"], [`n.yaml:10:30 ${AT}.max_backoff_seconds: must be greater than 0, got -5`]],
  [["colour: red"], [`n.yaml:10:9 ${AT}.colour: unknown key "colour"`]],
  [["channels: {type: webhook}"], [`n.yaml:10:9 ${AT}.channels: expected a list, got a mapping`]],
  [
    ["channels: [{ type: pager }]"],
    [`n.yaml:10:28 ${AT}.channels[0].type: unknown channel type "pager" (known: ${TYPES})`],
  ],
  [
    ["channels: [{ url: 'http://127.0.0.1/x' }]"],
    [`n.yaml:10:20 ${AT}.channels[0].type: a channel needs a type (${TYPES})`],
  ],
  [["channels: [{ type: webhook }]"], [`n.yaml:10:20 ${AT}.channels[0].url: is required`]],
  [
    ["channels: [{ type: webhook, url: 'ftp://x' }]"],
    [`n.yaml:10:42 ${AT}.channels[0].url: "ftp://x" is not an http(s) URL`],
  ],
  [
    ["channels: [{ type: webhook, url: 'http://127.0.0.1/x', secret_env: 'not a name' }]"],
    [`n.yaml:10:76 ${AT}.channels[0].secret_env: "not a name" is not an environment variable name`],
  ],
  [
    ["channels: [{ type: webhook, url: 'http://127.0.0.1/x', token: abc }]"],
    [`n.yaml:10:64 ${AT}.channels[0].token: unknown key "token"`],
  ],
  [
    ["channels: [{ type: webhook, url: 'http://127.0.0.1/x', name: 'Bad Name' }]"],
    [
      `n.yaml:10:70 ${AT}.channels[0].name: "Bad Name" is not a channel name (lower-case letters, digits, "_" and "-")`,
    ],
  ],
  [
    ["channels: [{ type: webhook, url: 'http://127.0.0.1/x', timeout_seconds: 0 }]"],
    [`n.yaml:10:81 ${AT}.channels[0].timeout_seconds: must be greater than 0, got 0`],
  ],
  [
    ["channels: [{ type: webhook, url: 'http://127.0.0.1/x', rate_limit: { count: 0, per_seconds: 1 } }]"],
    [`n.yaml:10:85 ${AT}.channels[0].rate_limit.count: must be at least 1, got 0`],
  ],
  [
    ["channels: [{ type: webhook, url: 'http://127.0.0.1/x', rate_limit: { count: 1 } }]"],
    [`n.yaml:10:64 ${AT}.channels[0].rate_limit.per_seconds: is required`],
  ],
  [
    [
      "channels: [{ type: webhook, url: 'http://127.0.0.1/a' }, { type: webhook, url: 'http://127.0.0.1/b' }]",
    ],
    [
      `n.yaml:10:66 ${AT}.channels[1].name: duplicate channel name "webhook": channels[0] and channels[1] (give each a distinct name)`,
    ],
  ],
  [
    ["channels: [{ type: slack, url: 'http://127.0.0.1/slack/x' }]"],
    [
      `n.yaml:10:20 ${AT}.channels[0].url_env: is required`,
      `n.yaml:10:35 ${AT}.channels[0].url: unknown key "url"`,
    ],
  ],
  [["channels: [{ type: discord }]"], [`n.yaml:10:20 ${AT}.channels[0].url_env: is required`]],
  [["channels: [{ type: telegram, token_env: T }]"], [`n.yaml:10:20 ${AT}.channels[0].chat_id: is required`]],
  [
    ["channels: [{ type: telegram, token_env: T, chat_id: 1.5 }]"],
    [
      `n.yaml:10:61 ${AT}.channels[0].chat_id: expected a chat id (a whole number, or a string such as "@channel"), got 1.5`,
    ],
  ],
  [
    ["channels: [{ type: email, host: h, from: 'nope', to: [] }]"],
    [
      `n.yaml:10:50 ${AT}.channels[0].from: "nope" is not an e-mail address`,
      `n.yaml:10:58 ${AT}.channels[0].to: must list at least one address`,
    ],
  ],
  [
    ["channels: [{ type: email, host: h, from: a@b.co, to: [c@d.co], user_env: U }]"],
    [
      `n.yaml:10:20 ${AT}.channels[0].password_env: user_env and password_env go together: set both or neither`,
    ],
  ],
  [
    ["channels: [{ type: email, host: h, from: a@b.co, to: [c@d.co], port: 70000 }]"],
    [`n.yaml:10:78 ${AT}.channels[0].port: must be at most 65535, got 70000`],
  ],
  [
    ["channels: [{ type: email, host: h, from: a@b.co, to: [c@d.co], subject: '{nope}' }]"],
    [`n.yaml:10:81 ${AT}.channels[0].subject: unknown placeholder {nope} (known: ${PLACEHOLDERS})`],
  ],
  [
    ["channels: [{ type: telegram, token_env: T, chat_id: 5, api_url: 'api.telegram.org' }]"],
    [`n.yaml:10:73 ${AT}.channels[0].api_url: "api.telegram.org" is not an http(s) URL`],
  ],
  [
    ["channels: [{ type: email, host: h, from: a@b.co, to: [c@d.co], secure: 'yes' }]"],
    [`n.yaml:10:80 ${AT}.channels[0].secure: expected true or false, got "yes"`],
  ],
  [
    ["channels: [{ type: email, host: h, from: a@b.co, to: [c@d.co, 'desk'] }]"],
    [`n.yaml:10:71 ${AT}.channels[0].to[1]: "desk" is not an e-mail address`],
  ],
  [
    ["channels: [{ type: email, host: '', from: a@b.co, to: [c@d.co] }]"],
    [`n.yaml:10:41 ${AT}.channels[0].host: must not be empty`],
  ],
  [
    ["channels: [{ type: webhook, url: 'http://127.0.0.1/x', rate_limit: { count: 1, per_seconds: 0 } }]"],
    [`n.yaml:10:101 ${AT}.channels[0].rate_limit.per_seconds: must be greater than 0, got 0`],
  ],
  [["quiet_hours: '12:00-13:00'"], [`n.yaml:10:22 ${AT}.quiet_hours: expected a list, got "12:00-13:00"`]],
  [
    ["channels: [{ type: command, command: [''] }]"],
    [`n.yaml:10:47 ${AT}.channels[0].command[0]: must not be empty`],
  ],
  [
    ["channels: [{ type: command, command: [] }]"],
    [`n.yaml:10:37 ${AT}.channels[0].command: must name the program (and its arguments)`],
  ],
  [
    ["channels: [{ type: command, command: 'notify-send' }]"],
    [`n.yaml:10:46 ${AT}.channels[0].command: expected a list, got "notify-send"`],
  ],
];

describe("notify config errors", () => {
  it.each(CASES)("%j", (lines, expected) => {
    const found = problems(lines);
    expect(found[0].startsWith("error")).toBe(false);
    expect(found).toEqual(expected);
  });

  it("locates problems of the session-level block at its own path", () => {
    expect(() =>
      parseSessionConfigText(
        [
          "name: x",
          "mode: live",
          "notify:",
          "  when: always",
          "  channels: [{ type: slack }]",
          "session_data: {}",
          "",
        ].join("\n"),
        "s.yaml",
        tmpdir(),
      ),
    ).toThrow(
      's.yaml:4:9 notify.when: expected "new" or "every" or "changes", got "always"\ns.yaml:5:14 notify.channels[0].url_env: is required',
    );
  });

  it("refuses a scanner notify that is neither false nor a mapping", () => {
    expect(() =>
      parseSessionConfigText(
        [
          "name: live",
          "mode: live",
          "session_data:",
          "  scanners:",
          "    - name: gaps",
          `      plugin: ${PLUGIN}`,
          "      universe: [AAPL]",
          "      cron: '35 9 * * 1-5'",
          "      notify: true",
          "",
        ].join("\n"),
        "t.yaml",
        tmpdir(),
      ),
    ).toThrow("t.yaml:9:15 session_data.scanners[0].notify: expected false or a mapping, got true");
  });
});

describe("notify resolution", () => {
  const text = (scannerNotify: string[]) =>
    [
      "name: live",
      "mode: live",
      "notify:",
      "  when: changes",
      "  min_interval_minutes: 15",
      "  quiet_hours: [{ start: '12:00', end: '13:30' }]",
      "  max_attempts: 4",
      "  channels:",
      "    - { type: slack, url_env: SLACK_URL }",
      "session_data:",
      "  scanners:",
      "    - name: gaps",
      `      plugin: ${PLUGIN}`,
      "      universe: [AAPL]",
      "      cron: '35 9 * * 1-5'",
      ...scannerNotify.map((line) => `      ${line}`),
      "    - name: other",
      `      plugin: ${PLUGIN}`,
      "      universe: [AAPL]",
      "      cron: '35 9 * * 1-5'",
      "",
    ].join("\n");

  it("gives every scanner the session's block, a scanner's keys over it, and nothing for notify: false", () => {
    const loaded = parseSessionConfigText(
      text([
        "notify:",
        "  when: new",
        "  channels: [{ type: webhook, name: hook, url: 'http://127.0.0.1:9/h' }]",
      ]),
      "r.yaml",
      tmpdir(),
    );
    expect(loaded.notify.get("gaps")).toEqual({
      policy: {
        rule: "new",
        minIntervalMs: 15 * 60_000,
        quietHours: [{ startMinute: 720, endMinute: 810 }],
        template: "{scanner} {date} {time}: {symbols}",
        channels: ["hook"],
      },
      channels: [
        {
          name: "hook",
          config: { type: "webhook", name: "hook", url: "http://127.0.0.1:9/h" },
          location: {
            file: "r.yaml",
            line: 18,
            column: 20,
            path: "session_data.scanners[0].notify.channels[0]",
          },
        },
      ],
      retry: { maxAttempts: 4, backoffMs: 2_000, maxBackoffMs: 300_000 },
    });
    expect(loaded.notify.get("other")).toEqual({
      policy: {
        rule: "changes",
        minIntervalMs: 15 * 60_000,
        quietHours: [{ startMinute: 720, endMinute: 810 }],
        template: "{scanner} {date} {time}: entered {symbols}; left {left}",
        channels: ["slack"],
      },
      channels: [
        {
          name: "slack",
          config: { type: "slack", url_env: "SLACK_URL" },
          location: { file: "r.yaml", line: 9, column: 7, path: "notify.channels[0]" },
        },
      ],
      retry: { maxAttempts: 4, backoffMs: 2_000, maxBackoffMs: 300_000 },
    });
    const off = parseSessionConfigText(text(["notify: false"]), "r.yaml", tmpdir());
    expect([...off.notify.keys()]).toEqual(["other"]);
  });

  it("names the channel and the variable when a secret's environment variable is missing, never a value", () => {
    const loaded = parseSessionConfigText(
      text([
        "notify:",
        "  channels:",
        "    - { type: telegram, token_env: BOT_TOKEN, chat_id: 5 }",
        "    - { type: webhook, url: 'http://127.0.0.1:9/h', secret_env: HOOK_KEY }",
      ]),
      "r.yaml",
      tmpdir(),
    );
    expect(() => createChannels(loaded.notify, { HOOK_KEY: "present-value", SLACK_URL: "" })).toThrow(
      [
        'r.yaml:9:7 notify.channels[0].url_env: url_env: the environment variable SLACK_URL is not set (channel "slack")',
        'r.yaml:18:13 session_data.scanners[0].notify.channels[0].token_env: token_env: the environment variable BOT_TOKEN is not set (channel "telegram")',
      ].join("\n"),
    );
    try {
      createChannels(loaded.notify, { HOOK_KEY: "present-value" });
    } catch (error) {
      expect(String((error as Error).message)).not.toContain("present-value");
    }
  });

  it("refuses a command channel whose pass_env names a variable that is not set", () => {
    const loaded = parseSessionConfigText(
      text([
        "notify:",
        "  channels:",
        "    - { type: command, command: [/bin/true], pass_env: [DESK_URL, DESK_TOKEN] }",
      ]),
      "r.yaml",
      tmpdir(),
    );
    expect(() => createChannels(loaded.notify, { DESK_URL: "http://127.0.0.1:9", SLACK_URL: "u" })).toThrow(
      'r.yaml:18:13 session_data.scanners[0].notify.channels[0].pass_env[1]: pass_env[1]: the environment variable DESK_TOKEN is not set (channel "command")',
    );
  });
});

describe("channel instances", () => {
  it("shares one channel (and its rate limit) between scanners with the same settings", () => {
    const loaded = parseSessionConfigText(
      [
        "name: live",
        "mode: live",
        "notify:",
        "  channels: [{ type: slack, url_env: SLACK_URL }]",
        "session_data:",
        "  scanners:",
        ...["a", "b", "c"].flatMap((name) => [
          `    - name: ${name}`,
          `      plugin: ${PLUGIN}`,
          "      universe: [AAPL]",
          "      cron: '35 9 * * 1-5'",
        ]),
        "      notify: { channels: [{ type: slack, url_env: SLACK_URL, rate_limit: { count: 3, per_seconds: 1 } }] }",
        "",
      ].join("\n"),
      "s.yaml",
      tmpdir(),
    );
    const channels = createChannels(loaded.notify, { SLACK_URL: "http://127.0.0.1:9/hook" });
    const slackOf = (scanner: string) => channels.get(scanner)?.get("slack")?.channel;
    expect(slackOf("a")).toBeDefined();
    expect(slackOf("a")).toBe(slackOf("b"));
    expect(slackOf("c")).not.toBe(slackOf("a"));
    expect([slackOf("a")?.limiter.count, slackOf("a")?.limiter.windowMs]).toEqual([1, 1_000]);
    expect([slackOf("c")?.limiter.count, slackOf("c")?.limiter.windowMs]).toEqual([3, 1_000]);
  });
});
