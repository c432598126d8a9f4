// `extends:` and `variants:` (scenario/extends.ts, scenario/variants.ts): a scenario built on
// another, and named variants of it; where their problems are reported; what the hash covers.

import { describe, expect, it } from "vitest";
import { collectBases, formatIssue, loadScenario, ScenarioInputError } from "../../src/scenario/index.js";

const BASE = `name: base
seed: 1
duration: 10m
design:
  regions:
    - name: us-east
      zones: [a, b]
  services:
    - name: api
      instancesPerZone: 2
      concurrency: 16
      serviceTime: { mean: 8ms }
    - name: jobs
      concurrency: 4
      serviceTime: { mean: 20ms }
  databases:
    - name: orders
      primary: us-east/a
      replicas:
        - { zone: us-east/b, mode: async, lag: 1s }
workload:
  clients:
    - { region: us-east, service: api, rate: 100/s }
faults:
  - { kind: zone-outage, zone: us-east/a, at: 2m, for: 1m }
slo:
  availability: ">= 99%"
variants:
  three-per-zone:
    design.services.api.instancesPerZone: 3
  sync-replica:
    design.databases.orders.replicas[0].mode: sync
`;

/** Loads `files[file]`, the other entries being the files on disk it may extend. */
function load(files: Record<string, string>, file: string, variant?: string) {
  const read = (path: string) => files[path];
  const text = files[file];
  return loadScenario(text, file, { bases: collectBases(text, file, read), ...(variant ? { variant } : {}) });
}

/** The problems loading reports, as printed. */
function problems(files: Record<string, string>, file: string, variant?: string): string[] {
  try {
    load(files, file, variant);
  } catch (error) {
    if (error instanceof ScenarioInputError) return error.issues.map(formatIssue);
    throw error;
  }
  return [];
}

describe("extends", () => {
  it("merges mappings key by key and named services by name, keeping the base's others", () => {
    const child = `extends: base.yaml
name: child
design:
  services:
    - name: api
      concurrency: 32
`;
    const scenario = load({ "d/base.yaml": BASE, "d/child.yaml": child }, "d/child.yaml");
    expect(scenario.name).toBe("child");
    const api = scenario.world.services.find((s) => s.name === "api");
    expect(api?.concurrency).toBe(32);
    expect(api?.instancesPerZone).toBe(2); // inherited within the merged item
    expect(scenario.world.services.map((s) => s.name)).toEqual(["api", "jobs"]);
    expect(scenario.faults).toHaveLength(1);
  });

  it("replaces other lists whole, and drops a key set to ~", () => {
    const child = `extends: base.yaml
faults:
  - { kind: zone-outage, zone: us-east/b, at: 1m, for: 1m }
slo: ~
`;
    const scenario = load({ "base.yaml": BASE, "child.yaml": child }, "child.yaml");
    expect(scenario.faults).toHaveLength(1);
    expect(JSON.stringify(scenario.faults[0])).toContain("us-east/b");
    expect(scenario.slo).toEqual([]);
  });

  it("points an error in the file at the file's line, and one in an inherited part at the base's line", () => {
    const child = `extends: base.yaml
design:
  services:
    - name: api
      queue: -1
`;
    expect(problems({ "base.yaml": BASE, "child.yaml": child }, "child.yaml")).toEqual([
      "child.yaml:5:14: design.services[0].queue: must be at least 0, got -1",
    ]);
    const broken = BASE.replace("rate: 100/s", "rate: 100/q");
    const [problem] = problems({ "base.yaml": broken, "child.yaml": "extends: base.yaml\n" }, "child.yaml");
    const line = broken.split("\n").findIndex((l) => l.includes("100/q")) + 1;
    expect(problem).toMatch(new RegExp(`^base\\.yaml:${line}:\\d+: workload\\.clients\\[0\\]\\.rate: got "100/q"`));
  });

  it("reports a missing file and a cycle at the extends: line, with how to fix them", () => {
    expect(problems({ "a.yaml": "name: a\nextends: gone.yaml\n" }, "a.yaml")).toEqual([
      "a.yaml:2:10: extends: no file gone.yaml (the path is relative to this file's folder); check the path",
    ]);
    const files = { "a.yaml": "extends: b.yaml\nname: a\n", "b.yaml": "extends: ./a.yaml\n" };
    expect(problems(files, "a.yaml")).toEqual([
      "b.yaml:1:10: extends: a cycle (a.yaml → b.yaml → a.yaml); remove the extends that leads back",
    ]);
  });

  it("hashes the base: changing the base changes the hash; a file without extends hashes as before", () => {
    const child = "extends: base.yaml\nname: child\n";
    const one = load({ "base.yaml": BASE, "child.yaml": child }, "child.yaml");
    const other = load({ "base.yaml": BASE.replace("rate: 100/s", "rate: 101/s"), "child.yaml": child }, "child.yaml");
    expect(one.hash).not.toBe(other.hash);
    expect(loadScenario(BASE, "base.yaml").hash).toBe(load({ "base.yaml": BASE }, "base.yaml").hash);
  });
});

describe("variants", () => {
  it("applies a variant's paths, written as --set writes them (list items by name or [index])", () => {
    const files = { "base.yaml": BASE };
    expect(load(files, "base.yaml").world.services[0].instancesPerZone).toBe(2);
    expect(load(files, "base.yaml", "three-per-zone").world.services[0].instancesPerZone).toBe(3);
    const sync = load(files, "base.yaml", "sync-replica");
    expect(JSON.stringify(sync.world.databases[0])).toContain('"mode":"sync"');
    expect(sync.variant).toBe("sync-replica");
    expect(sync.variants).toEqual(["three-per-zone", "sync-replica"]);
  });

  it("hashes the variant: the same file under two variants has two hashes", () => {
    const files = { "base.yaml": BASE };
    const hashes = new Set([undefined, "three-per-zone", "sync-replica"].map((v) => load(files, "base.yaml", v).hash));
    expect(hashes.size).toBe(3);
  });

  it("names an unknown variant with did you mean, at the variants: line", () => {
    const line = BASE.split("\n").indexOf("variants:") + 1;
    expect(problems({ "base.yaml": BASE }, "base.yaml", "three-per-zon")).toEqual([
      `base.yaml:${line}:1: --variant three-per-zon: no such variant; did you mean three-per-zone? its variants are three-per-zone, sync-replica`,
    ]);
  });

  it("points an unknown path in a variant at the variant's line, with did you mean", () => {
    const text = BASE.replace("design.services.api.instancesPerZone: 3", "design.services.api.instancesPerZon: 3");
    const line = text.split("\n").findIndex((l) => l.includes("instancesPerZon:")) + 1;
    expect(problems({ "base.yaml": text }, "base.yaml", "three-per-zone")).toEqual([
      `base.yaml:${line}:5: variant three-per-zone: design.services.api.instancesPerZon: unknown key "instancesPerZon"; did you mean instancesPerZone?`,
    ]);
  });

  it("points a bad value a variant sets at the variant's line, not the key it replaced", () => {
    const text = BASE.replace("instancesPerZone: 3", "instancesPerZone: -3");
    const line = text.split("\n").findIndex((l) => l.includes("-3")) + 1;
    const [problem] = problems({ "base.yaml": text }, "base.yaml", "three-per-zone");
    expect(problem).toMatch(new RegExp(`^base\\.yaml:${line}:5: design\\.services\\[0\\]\\.instancesPerZone: `));
  });

  it("is inherited through extends, and a child adds its own", () => {
    const child = "extends: base.yaml\nvariants:\n  four:\n    design.services.api.instancesPerZone: 4\n";
    const files = { "base.yaml": BASE, "child.yaml": child };
    expect(load(files, "child.yaml").variants).toEqual(["three-per-zone", "sync-replica", "four"]);
    expect(load(files, "child.yaml", "three-per-zone").world.services[0].instancesPerZone).toBe(3);
    expect(load(files, "child.yaml", "four").world.services[0].instancesPerZone).toBe(4);
  });
});
