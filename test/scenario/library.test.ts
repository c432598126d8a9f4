// The shipped scenario library: every file validates, runs, meets the targets and expectations
// written in it, and reproduces its pinned (golden) trace hash. A hash changes only on purpose:
// regenerate with `UPDATE_GOLDEN=1 npx vitest run test/scenario/library.test.ts` and say why in
// the commit.

import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadScenario, runScenario } from "../../src/scenario/index.js";

const folder = "scenarios";
const goldenFile = "test/scenario/golden-traces.json";
const files = readdirSync(folder)
  .filter((name) => name.endsWith(".yaml"))
  .sort();
const golden: Record<string, string> = existsSync(goldenFile) ? JSON.parse(readFileSync(goldenFile, "utf8")) : {};
const updating = process.env.UPDATE_GOLDEN === "1";
const measured: Record<string, string> = {};

describe("scenario library", () => {
  it("ships the scenarios the README promises", () => {
    expect(files).toEqual(
      expect.arrayContaining(["region-outage-2am.yaml", "replication-lag.yaml", "traffic-spike.yaml"]),
    );
  });

  describe.each(files)("%s", (name) => {
    const path = join(folder, name);
    const scenario = loadScenario(readFileSync(path, "utf8"), path);
    const result = runScenario(scenario, { version: "golden" });
    measured[name] = result.traceHash;

    it("meets every SLO target and expectation written in it", () => {
      const failed = [...result.slo, ...result.expectations].filter((t) => !t.pass);
      expect(failed.map((t) => `${t.name}: ${t.actualText} (target ${t.target})`)).toEqual([]);
      expect(result.pass).toBe(true);
    });

    it("loads each of its variants (scenario/variants.ts)", () => {
      for (const variant of scenario.variants)
        expect(loadScenario(readFileSync(path, "utf8"), path, { variant }).variant).toBe(variant);
    });

    it("declares at least one expectation to check", () => {
      expect(result.slo.length + result.expectations.length).toBeGreaterThan(0);
    });

    it("reproduces its golden trace hash", () => {
      if (updating) return;
      expect(
        golden[name],
        `no golden hash for ${name}; run UPDATE_GOLDEN=1 npx vitest run ${goldenFile.replace("golden-traces.json", "library.test.ts")}`,
      ).toBeDefined();
      expect(result.traceHash).toBe(golden[name]);
    });
  });

  it("writes the golden file when asked to", () => {
    if (!updating) return;
    writeFileSync(goldenFile, `${JSON.stringify(measured, Object.keys(measured).sort(), 2)}\n`);
  });
});
