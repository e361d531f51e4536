import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { resolveStorePath } from "../../../src/data/store-path.js";

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

  it("ignores empty values and passes :memory: through", () => {
    expect(resolveStorePath({ flag: "  ", config: "", env: { SCANWRIGHT_STORE: "" }, cwd })).toBe(
      "/work/project/.scanwright/bars.db",
    );
    expect(resolveStorePath({ flag: ":memory:", env: {}, cwd })).toBe(":memory:");
  });
});
