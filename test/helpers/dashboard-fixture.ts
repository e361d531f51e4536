// A small real backtest for the dashboard tests, made with the built CLI in a fresh folder: a
// 20-symbol demo market (1m bars on 2024-12-27, 12-30 and 12-31, daily history before), and a
// config with three of the repository's plugins (volume-spike on 5m slots, alerting through two
// local commands, one that succeeds and one that always fails; breakout-52w on 30m slots with
// daily indicators; gap-scanner, whose setup adds its indicator itself), backtested once into the
// folder's journal (where a backtest's alerts are `recorded`, not sent).

import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { BUILT_CLI, type CliOutput } from "./built-cli.js";

export const FIXTURE_DAYS = ["2024-12-27", "2024-12-30", "2024-12-31"] as const;

export interface DashboardFixture {
  readonly dir: string;
  readonly configPath: string;
  readonly storePath: string;
  readonly journalPath: string;
  dispose(): void;
}

/** Runs the built CLI to its end in `cwd`. */
export function cliSync(cwd: string, ...args: string[]): CliOutput {
  const result = spawnSync(process.execPath, [BUILT_CLI, ...args], {
    cwd,
    encoding: "utf8",
    timeout: 60_000,
  });
  return { exitCode: result.status, stdout: result.stdout, stderr: result.stderr };
}

export function buildDashboardFixture(): DashboardFixture {
  if (!existsSync(BUILT_CLI)) throw new Error(`${BUILT_CLI} is missing: run \`npm run build\` first`);
  const dir = realpathSync(mkdtempSync(join(tmpdir(), "scanwright-dashboard-")));
  const plugin = (name: string) => fileURLToPath(new URL(`../../plugins/${name}.ts`, import.meta.url));
  const configPath = join(dir, "dash.yaml");
  writeFileSync(
    configPath,
    [
      "name: dash",
      "mode: backtest",
      `backtest: { start: ${FIXTURE_DAYS[0]}, end: ${FIXTURE_DAYS[2]} }`,
      "store: bars.db",
      "journal: journal.db",
      "session_data:",
      "  scanners:",
      "    - name: volume-spike",
      `      plugin: ${plugin("volume-spike")}`,
      "      universe: demo-universe.txt",
      "      indicators: [{ type: rel_volume, period: 20, interval: 5m }]",
      "      regular_session: [{ start: open+5m, end: close, interval: 5m }]",
      "      config: { min_rel_volume: 3, min_price: 5 }",
      "      notify:",
      "        max_attempts: 1",
      "        channels:",
      `          - { name: desk, type: command, command: [${JSON.stringify(process.execPath)}, "-e", "0"] }`,
      `          - { name: broken, type: command, command: [${JSON.stringify(process.execPath)}, "-e", "process.exit(3)"] }`,
      "    - name: breakout-52w",
      `      plugin: ${plugin("breakout-52w")}`,
      "      universe: demo-universe.txt",
      "      indicators:",
      "        - { type: high_low, period: 252, interval: 1d }",
      "        - { type: avg_volume, period: 20, interval: 1d }",
      "      regular_session: [{ start: '10:00', end: close-30m, interval: 30m }]",
      "      config: { min_volume_ratio: 1.5 }",
      "    - name: gap-scanner",
      `      plugin: ${plugin("gap-scanner")}`,
      "      universe: demo-universe.txt",
      '      cron: "35 9 * * 1-5"',
      "      config: { min_gap_percent: 0.5, direction: both, min_volume: 0 }",
      "",
    ].join("\n"),
  );
  const fixture: DashboardFixture = {
    dir,
    configPath,
    storePath: join(dir, "bars.db"),
    journalPath: join(dir, "journal.db"),
    dispose: () => rmSync(dir, { recursive: true, force: true }),
  };
  for (const args of [
    ["demo", "--symbols", "20", "--days", "3", "--store", fixture.storePath],
    ["run", "dash.yaml"],
  ]) {
    const result = cliSync(dir, ...args);
    if (result.exitCode !== 0) {
      fixture.dispose();
      throw new Error(`scanwright ${args.join(" ")} failed (${result.exitCode}): ${result.stderr}`);
    }
  }
  return fixture;
}
