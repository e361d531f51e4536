// A member of an HA daemon group in tests: the built CLI (`scanwright daemon … --ha …`) in a child
// process, its stderr (JSON log lines) kept and waited on line by line.

import { type CliOutput, runBuiltCli, type Terminate } from "./built-cli.js";

export interface Member {
  readonly name: string;
  readonly lines: string[];
  readonly done: Promise<CliOutput>;
  terminate: Terminate;
  /** Resolves once `predicate` holds for the member's stderr lines (checked at each new line). */
  waitFor(predicate: (lines: readonly string[]) => boolean, what: string): Promise<void>;
}

export function startMember(
  name: string,
  args: readonly string[],
  cwd: string,
  env: Readonly<Record<string, string>> = {},
): Member {
  const lines: string[] = [];
  const waiters: Array<{ predicate: (lines: readonly string[]) => boolean; resolve: () => void }> = [];
  let terminate: Terminate = () => {
    throw new Error(`${name} has not printed yet`);
  };
  const member: Member = {
    name,
    lines,
    terminate: (signal) => terminate(signal),
    done: runBuiltCli(
      args,
      cwd,
      (line, stop) => {
        terminate = stop;
        lines.push(line);
        for (const waiter of [...waiters]) {
          if (waiter.predicate(lines)) {
            waiters.splice(waiters.indexOf(waiter), 1);
            waiter.resolve();
          }
        }
      },
      env,
    ),
    waitFor: (predicate, what) =>
      new Promise<void>((resolve, reject) => {
        if (predicate(lines)) return resolve();
        waiters.push({ predicate, resolve });
        void member.done.then((out) => {
          if (!predicate(lines))
            reject(new Error(`${name} ended (${out.exitCode}) before ${what}:\n${out.stderr}`));
        });
      }),
  };
  return member;
}

/** How many of `lines` log the message `msg`. */
export const messages = (lines: readonly string[], msg: string) =>
  lines.filter((line) => line.includes(`"msg":"${msg}"`)).length;
export const isLeading = (lines: readonly string[]) => messages(lines, "HA: leading") > 0;

/** The first of `members` to lead (each is waited on; the others stay standing by). */
export function firstLeader(members: readonly Member[]): Promise<Member> {
  return Promise.any(members.map((member) => member.waitFor(isLeading, "leading").then(() => member)));
}

/** `daemon CONFIG` replaying the one day `date` at `speed` into `journal`. */
export function replayDayArgs(config: string, date: string, speed: string, journal: string): string[] {
  return ["daemon", config, "--replay-from", date, "--speed", speed, "--days", "1", "--journal", journal];
}

/** What makes a daemon a member of `group` on the Redis at `redisUrl`, with a lease of `leaseSeconds`. */
export function haFlags(redisUrl: string, group: string, leaseSeconds: string): string[] {
  return ["--ha", redisUrl, "--ha-group", group, "--ha-lease-seconds", leaseSeconds];
}
