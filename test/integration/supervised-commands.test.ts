// The command worker registers only the supervised command it runs: each name's registrar, loaded
// on demand, registers that command alone, and with the same options and help as the full CLI's;
// the names are exactly the commands the supervisor runs on the worker. On the build: the
// registrars load their modules with `require`, which finds the built files.

import { describe, expect, it } from "vitest";

/** A module of the build (its types from the source: the build may not exist when this is typechecked). */
async function built<T>(path: string): Promise<T> {
  return (await import(new URL(`../../dist/cli/${path}`, import.meta.url).href)) as T;
}

const { commandRegistrars } =
  await built<typeof import("../../src/cli/commands/index.js")>("commands/index.js");
const { commandOf, SUPERVISED_REGISTRARS } =
  await built<typeof import("../../src/cli/commands/supervised.js")>("commands/supervised.js");
const { buildProgram } = await built<typeof import("../../src/cli/program.js")>("program.js");
const { isSupervised, SUPERVISED_COMMANDS } =
  await built<typeof import("../../src/cli/supervisor.js")>("supervisor.js");

/** Nothing is written: the programs are only built and their help read. */
const io: Parameters<typeof buildProgram>[0] = {
  stdout: process.stdout,
  stderr: process.stderr,
  env: {},
  cwd: "/",
};

describe("supervised commands", () => {
  it("are run, daemon and validate, and only they run supervised", () => {
    expect([...SUPERVISED_REGISTRARS.keys()]).toEqual(["run", "daemon", "validate"]);
    expect([...SUPERVISED_COMMANDS]).toEqual(["run", "daemon", "validate"]);
    expect(isSupervised(["--verbose", "run", "x.yaml"], {})).toBe(true);
    expect(isSupervised(["results", "--runs"], {})).toBe(false);
    expect(isSupervised(["run", "x.yaml"], { SCANWRIGHT_SUPERVISION: "off" })).toBe(false);
    expect(commandOf(["--verbose", "validate", "x.yaml"])).toBe("validate");
    expect(commandOf(["--help"])).toBe("");
  });

  for (const [name, load] of SUPERVISED_REGISTRARS) {
    it(`${name}: its registrar registers that command alone, as the full CLI does`, () => {
      const alone = buildProgram(io, [load()]);
      expect(alone.commands.map((command) => command.name())).toEqual([name]);
      const full = buildProgram(io, commandRegistrars).commands.find((command) => command.name() === name);
      expect(alone.commands[0].helpInformation()).toBe(full?.helpInformation());
    });
  }
});
