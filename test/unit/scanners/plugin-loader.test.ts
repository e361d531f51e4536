// The plugin loader: TypeScript plugins through tsx and JavaScript ones through Node's import, the
// default export's shape, and the scanner's `config:` block parsed by the plugin's zod schema.
// Every refusal is a coded error naming the plugin file and the config entry it came from.
// The fixtures import `defineScanner` from "scanwright", which vitest resolves to src/ (see
// plugin-identity.test.ts for the same plugins loaded by the build, as a run loads them).

import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { ConfigError, PluginError, ScanwrightError } from "../../../src/core/errors.js";
import type { ScanContext } from "../../../src/scanners/define-scanner.js";
import { loadScanner } from "../../../src/scanners/plugin-loader.js";
import type { ScannerSpec } from "../../../src/scanners/scanner-spec.js";

const PLUGINS = fileURLToPath(new URL("../../fixtures/plugins/", import.meta.url));
const SOURCE = "configs/week.yaml:12:7 session_data.scanners[1]";

function spec(file: string, config: unknown = {}): ScannerSpec {
  return {
    name: "under-test",
    plugin: `${PLUGINS}${file}`,
    enabled: true,
    universe: ["AIG", "SPY"],
    indicators: [],
    pre_session: undefined,
    regular_session: [],
    cron: "*/5 10-15 * * 1-5",
    timeout_ms: 1_000,
    promote: false,
    max_consecutive_failures: 3,
    config,
    source: SOURCE,
  };
}

/** What loadScanner threw for `file`, failing the test when it loaded. */
async function loadError(file: string, config: unknown = {}): Promise<ScanwrightError> {
  try {
    await loadScanner(spec(file, config));
  } catch (error) {
    if (error instanceof ScanwrightError) return error;
    throw error;
  }
  throw new Error(`${file} loaded`);
}

describe("loadScanner on valid plugins", () => {
  it("loads a TypeScript plugin with no build step and fills in its config defaults", async () => {
    const scannerSpec = spec("min-score.ts", { label: "long names" });
    const loaded = await loadScanner(scannerSpec);
    expect(loaded.spec).toBe(scannerSpec);
    expect(loaded.config).toEqual({ minScore: 1, label: "long names" });
    expect(loaded.definition.name).toBe("min-score");
    expect(Object.keys(loaded.definition)).toEqual(["name", "configSchema", "setup", "scan", "teardown"]);

    // The hooks are the plugin's own code, compiled on the fly.
    const context = { universe: ["A", "AIG", "SPY"], config: loaded.config } as unknown as ScanContext;
    const state = await loaded.definition.setup!(context as ScanContext<unknown, undefined>);
    expect(state).toEqual({ threshold: 1 });
    expect(await loaded.definition.scan({ ...context, state: { threshold: 3 } })).toEqual({
      symbols: ["AIG", "SPY"],
      metadata: { label: "long names" },
    });
    expect(await loaded.definition.teardown!({ ...context, state })).toBeUndefined();
  });

  it("parses an empty config block to the schema's defaults", async () => {
    const loaded = await loadScanner(spec("min-score.ts"));
    expect(loaded.config).toEqual({ minScore: 1, label: "hits" });
  });

  it("loads a JavaScript (.mjs) plugin and passes its config through as written when it has no schema", async () => {
    const config = { anything: [1, 2], nested: { ok: true } };
    const loaded = await loadScanner(spec("plain-scan.mjs", config));
    expect(loaded.definition.name).toBe("plain-scan");
    expect(Object.keys(loaded.definition)).toEqual(["name", "scan"]);
    expect(loaded.config).toBe(config);
    const context = { universe: ["AIG"] } as unknown as ScanContext;
    expect(await loaded.definition.scan(context)).toEqual({ symbols: ["AIG"] });
  });
});

describe("loadScanner on a plugin compiled as CommonJS", () => {
  it("takes the definition from exports.default of a plugin compiled to CommonJS", async () => {
    const loaded = await loadScanner(spec("commonjs/compiled-as-cjs.js"));
    expect(loaded.definition.name).toBe("compiled-as-cjs");
    expect(await loaded.definition.scan({} as ScanContext)).toEqual({ symbols: ["SPY"] });
  });
});

describe("loadScanner refusals", () => {
  const where = (file: string) => `${PLUGINS}${file} (${SOURCE})`;

  it("refuses a plugin file that does not exist", async () => {
    const error = await loadError("missing-plugin.ts");
    expect(error).toBeInstanceOf(PluginError);
    expect(error.code).toBe("SCN_ERR_PLUGIN");
    expect(error.message).toBe(`Plugin file ${where("missing-plugin.ts")} does not exist`);
  });

  it("reports a module that throws while it is imported, keeping the original error as the cause", async () => {
    const error = await loadError("throws-on-import.ts");
    expect(error).toBeInstanceOf(PluginError);
    expect(error.code).toBe("SCN_ERR_PLUGIN");
    expect(error.message).toBe(
      `Plugin ${where("throws-on-import.ts")} failed to load: cannot reach the rates service`,
    );
    expect(error.cause).toBeInstanceOf(Error);
    expect((error.cause as Error).message).toBe("cannot reach the rates service");
  });

  it("refuses a module without a default export", async () => {
    const error = await loadError("no-default-export.ts");
    expect(error).toBeInstanceOf(PluginError);
    expect(error.code).toBe("SCN_ERR_PLUGIN");
    expect(error.message).toBe(
      `Plugin ${where("no-default-export.ts")} must default-export defineScanner({...}), got undefined`,
    );
  });

  it("refuses a default export that is not an object (the scan function itself)", async () => {
    const error = await loadError("default-function.ts");
    expect(error).toBeInstanceOf(PluginError);
    expect(error.code).toBe("SCN_ERR_PLUGIN");
    expect(error.message).toBe(
      `Plugin ${where("default-function.ts")} must default-export defineScanner({...}), got a function`,
    );
  });

  it("refuses a definition whose name is blank", async () => {
    const error = await loadError("no-name.ts");
    expect(error).toBeInstanceOf(PluginError);
    expect(error.code).toBe("SCN_ERR_PLUGIN");
    expect(error.message).toBe(`Plugin ${where("no-name.ts")} has no name (defineScanner({ name: "…", … }))`);
  });

  it("refuses a definition without a scan function", async () => {
    const error = await loadError("no-scan.ts");
    expect(error).toBeInstanceOf(PluginError);
    expect(error.code).toBe("SCN_ERR_PLUGIN");
    expect(error.message).toBe(`Plugin ${where("no-scan.ts")} has no scan function`);
  });

  it("refuses a setup that is not a function", async () => {
    const error = await loadError("setup-not-function.ts");
    expect(error).toBeInstanceOf(PluginError);
    expect(error.code).toBe("SCN_ERR_PLUGIN");
    expect(error.message).toBe(
      `Plugin ${where("setup-not-function.ts")}: setup must be a function, got object`,
    );
  });

  it("refuses a configSchema that is not a zod schema", async () => {
    const error = await loadError("schema-not-zod.ts");
    expect(error).toBeInstanceOf(PluginError);
    expect(error.code).toBe("SCN_ERR_PLUGIN");
    expect(error.message).toBe(`Plugin ${where("schema-not-zod.ts")}: configSchema must be a zod schema`);
  });

  it("refuses a config block that fails the plugin's schema, naming the config entry, plugin and file", async () => {
    const error = await loadError("min-score.ts", { minScore: -1, label: 5, extra: true });
    expect(error).toBeInstanceOf(ConfigError);
    expect(error.code).toBe("SCN_ERR_CONFIG");
    expect(error.message).toBe(
      `${SOURCE}.config does not fit plugin "min-score" (${PLUGINS}min-score.ts): ` +
        "minScore: Too small: expected number to be >=0; " +
        "label: Invalid input: expected string, received number; " +
        '(root): Unrecognized key: "extra"',
    );
    expect(error.location).toEqual({ path: `${SOURCE}.config` });
  });
});
