// `--set path=value` overrides (scenario/overrides.ts): applied to the parsed file before it is
// validated, hashed with it, and reported against the override when they are wrong.

import { describe, expect, it } from "vitest";
import { formatIssue, loadScenario, runScenario, ScenarioInputError } from "../../src/scenario/index.js";

/** A service in one zone, one instance per zone, which crashes for ten minutes. */
const CRASH = `name: crash
seed: 1
duration: 30m
design:
  regions:
    - name: r1
      zones: [a]
    - name: r2
      zones: [b]
  services:
    - name: api
      regions: [r1]
      instancesPerZone: 1
      concurrency: 8
      serviceTime: { mean: 5ms }
  databases:
    - name: orders
      primary: r1/a
      replicas:
        - { zone: r2/b, mode: sync }
workload:
  clients:
    - { region: r1, service: api, rate: 20/s }
faults:
  - { kind: node-crash, node: api/r1/a/1, at: 5m, for: 10m }
slo:
  availability: ">= 99%"
`;

/** The problems loading with these overrides reports, as printed. */
function problems(overrides: string[], text = CRASH): string[] {
  try {
    loadScenario(text, "crash.yaml", { overrides });
  } catch (error) {
    if (error instanceof ScenarioInputError) return error.issues.map(formatIssue);
    throw error;
  }
  return [];
}

describe("overrides", () => {
  it("sets a key of a list item chosen by its name, parsed as YAML", () => {
    const scenario = loadScenario(CRASH, "crash.yaml", { overrides: ["design.services.api.instancesPerZone=3"] });
    expect(scenario.world.services[0].instancesPerZone).toBe(3);
    expect(scenario.overrides).toEqual(["design.services.api.instancesPerZone=3"]);
  });

  it("changes a run's result: a second instance keeps the service up while one crashes", () => {
    const once = runScenario(loadScenario(CRASH, "crash.yaml"), { version: "test" });
    const twice = runScenario(
      loadScenario(CRASH, "crash.yaml", { overrides: ["design.services.api.instancesPerZone=2"] }),
      { version: "test" },
    );
    expect(once.pass).toBe(false);
    expect(twice.pass).toBe(true);
    expect(twice.slo[0].actual).toBeGreaterThan(once.slo[0].actual as number);
  });

  it("covers the overrides in the hash, and leaves it alone without any", () => {
    const plain = loadScenario(CRASH, "crash.yaml");
    const same = loadScenario(CRASH, "crash.yaml", { overrides: [] });
    const set = loadScenario(CRASH, "crash.yaml", { overrides: ["design.services.api.instancesPerZone=1"] });
    expect(same.hash).toBe(plain.hash);
    expect(set.hash).not.toBe(plain.hash);
  });

  it("selects list items by index, creates left-out mappings and takes quoted and flow values", () => {
    const scenario = loadScenario(CRASH, "crash.yaml", {
      overrides: [
        "design.databases.orders.replicas.0.mode=async",
        'slo.latencyP99="<= 2s"',
        "design.services.api.serviceTime={ mean: 7ms }",
      ],
    });
    expect(scenario.world.databases[0].replicas[0].mode).toBe("async");
    expect(scenario.slo.map((target) => target.name)).toEqual(["availability", "latencyP99"]);
    expect(scenario.world.services[0].serviceTime).toMatchObject({ meanUs: 7000 });
  });

  it("reports a key that does not exist at the override, with did you mean", () => {
    expect(problems(["design.services.api.instancesPerZon=3"])).toEqual([
      '--set design.services.api.instancesPerZon=3: unknown key "instancesPerZon"; did you mean instancesPerZone?',
    ]);
  });

  it("names the items that exist when an override names one that does not", () => {
    expect(problems(["design.services.apj.instancesPerZone=3"])).toEqual([
      '--set design.services.apj.instancesPerZone=3: no item named "apj"; did you mean api? the items are api',
    ]);
    expect(problems(["design.databases.orders.replicas.4.mode=async"])).toEqual([
      '--set design.databases.orders.replicas.4.mode=async: no item "4": the list\'s items are numbered 0 to 0',
    ]);
  });

  it("reports a value that fails validation against the override", () => {
    const [problem] = problems(["design.services.api.instancesPerZone=0"]);
    expect(problem).toMatch(
      /^--set design\.services\.api\.instancesPerZone=0: design\.services\[0\]\.instancesPerZone: /,
    );
    expect(problems(["design.databases.orders.replicas.0={ zon: r2/b }"]).join("\n")).toMatch(
      /^--set design\.databases\.orders\.replicas\.0=\{ zon: r2\/b \}: .*did you mean zone\?/m,
    );
  });

  it("refuses an override without = and a value that is not YAML", () => {
    expect(problems(["design.services.api.instancesPerZone"])[0]).toMatch(/write path=value/);
    expect(problems(["slo.availability=[oops"])[0]).toMatch(/^--set slo\.availability=\[oops: the value is not YAML/);
  });
});
