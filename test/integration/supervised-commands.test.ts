// The command worker registers only the supervised command it runs: each name's registrar, loaded
// on demand, registers that command alone, and with the same options and help as the full CLI's;
// the names are exactly the commands the supervisor runs on the worker. On the build: the
// registrars load their modules with `require`, which finds the built files.

import { describe, expect, it } from "vitest";
import { commandRegistrars } from "../../dist/cli/commands/index.js";
import { commandOf, SUPERVISED_REGISTRARS } from "../../dist/cli/commands/supervised.js";
import { buildProgram } from "../../dist/cli/program.js";
import { isSupervised, SUPERVISED_COMMANDS } from "../../dist/cli/supervisor.js";

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
