import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { chooseStorePath, resolveStorePath } from "../../../src/data/store-path.js";

const cwd = "/work/project";

describe("resolveStorePath", () => {
  it("defaults to .scanwright/bars.db in the working directory", () => {
    expect(resolveStorePath({ env: {}, cwd })).toBe("/work/project/.scanwright/bars.db");
  });

  it("takes SCANWRIGHT_STORE over the default", () => {
    expect(resolveStorePath({ env: { SCANWRIGHT_STORE: "/data/env.db" }, cwd })).toBe("/data/env.db");
  });

  it("takes the config over the environment", () => {
    expect(
      resolveStorePath({ config: "stores/config.db", env: { SCANWRIGHT_STORE: "/data/env.db" }, cwd }),
    ).toBe(join(cwd, "stores/config.db"));
  });

  it("takes the flag over everything", () => {
    expect(
      resolveStorePath({ flag: "flag.db", config: "/c.db", env: { SCANWRIGHT_STORE: "/data/env.db" }, cwd }),
    ).toBe("/work/project/flag.db");
  });

  it("passes a PostgreSQL URL from SCANWRIGHT_STORE through untouched", () => {
    const url = "postgres://scan:secret@127.0.0.1:5432/bars";
    expect(chooseStorePath({ env: { SCANWRIGHT_STORE: url }, cwd })).toEqual({ path: url, source: "env" });
  });

  it("ignores empty values and passes :memory: through", () => {
    expect(resolveStorePath({ flag: "  ", config: "", env: { SCANWRIGHT_STORE: "" }, cwd })).toBe(
      "/work/project/.scanwright/bars.db",
    );
    expect(resolveStorePath({ flag: ":memory:", env: {}, cwd })).toBe(":memory:");
  });
});

describe("chooseStorePath", () => {
  it("says which setting chose the store, for messages that name it", () => {
    const env = { SCANWRIGHT_STORE: "/data/env.db" };
    expect(chooseStorePath({ flag: "f.db", config: "/c.db", env, cwd })).toEqual({
      path: "/work/project/f.db",
      source: "flag",
    });
    expect(chooseStorePath({ config: "/c.db", env, cwd })).toEqual({ path: "/c.db", source: "config" });
    expect(chooseStorePath({ env, cwd })).toEqual({ path: "/data/env.db", source: "env" });
    expect(chooseStorePath({ env: {}, cwd })).toEqual({
      path: "/work/project/.scanwright/bars.db",
      source: "default",
    });
    expect(chooseStorePath({ flag: ":memory:", env, cwd })).toEqual({ path: ":memory:", source: "flag" });
  });
});
