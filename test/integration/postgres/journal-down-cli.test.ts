// The built CLI with its journal on a PostgreSQL server that is down at start: `run` and `results`
// print one coded line naming host:port, without the password or a stack trace, and exit 1 (a
// runtime failure, README "Errors and exit codes"); nothing is journaled anywhere.

import { cpSync, mkdtempSync, readdirSync, rmSync, symlinkSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runBuiltCli } from "../../helpers/built-cli.js";

const REPO = fileURLToPath(new URL("../../../", import.meta.url));

/** A port on 127.0.0.1 where nothing listens. */
async function closedPort(): Promise<number> {
  const listener = createServer();
  await new Promise<void>((resolve) => listener.listen(0, "127.0.0.1", resolve));
  const { port } = listener.address() as { port: number };
  await new Promise((resolve) => listener.close(resolve));
  return port;
}

describe("a journal on a PostgreSQL server that is down, through the built CLI", () => {
  let root: string;
  let port: number;
  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), "scanwright-journal-down-"));
    cpSync(join(REPO, "configs"), join(root, "configs"), { recursive: true });
    symlinkSync(join(REPO, "plugins"), join(root, "plugins"), "dir");
    const demo = await runBuiltCli(["demo"], root);
    expect(demo.exitCode).toBe(0);
    port = await closedPort();
  }, 120_000);
  afterAll(() => {
    rmSync(root, { recursive: true, force: true });
  });

  const expectedLine = () =>
    `error SCN_ERR_STORE: Scan journal postgres://scan:***@127.0.0.1:${port}/journal: cannot connect: the PostgreSQL server at 127.0.0.1:${port} refused the connection (is it running?)\n`;

  it("run: one coded line, exit 1, no password, no stack, no journal file", async () => {
    const url = `postgres://scan:hunter2@127.0.0.1:${port}/journal`;
    const out = await runBuiltCli(["run", "configs/demo.yaml", "--journal", url], root);
    expect(out).toEqual({ exitCode: 1, stdout: "", stderr: expectedLine() });
    expect(readdirSync(join(root, ".scanwright")).sort()).toEqual(["bars.db", "demo-universe.txt"]);
  }, 120_000);

  it("results, the journal from SCANWRIGHT_JOURNAL: the same line, exit 1", async () => {
    const url = `postgres://scan:hunter2@127.0.0.1:${port}/journal`;
    const out = await runBuiltCli(["results"], root, () => {}, { SCANWRIGHT_JOURNAL: url });
    expect(out).toEqual({ exitCode: 1, stdout: "", stderr: expectedLine() });
  }, 120_000);
});
