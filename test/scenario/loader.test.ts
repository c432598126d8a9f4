// The scenario loader: YAML text → a compiled scenario with every unit converted, or every
// problem at once, each located at file:line:col with a message that says how to fix it.

import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { FAULT_KINDS } from "../../src/faults/registry.js";
import { formatIssue, type InputIssue, loadScenario, ScenarioInputError } from "../../src/scenario/index.js";

const SHIPPED = "scenarios/region-outage-2am.yaml";
/** The kinds an error lists: every registered kind, in the registry's order. */
const KNOWN_KINDS = FAULT_KINDS.map((kind) => kind.kind).join(", ");
const S = 1_000_000;

/** A small valid scenario; each error case below breaks one thing in it. */
const SMALL = `name: small
duration: 10m
design:
  regions:
    - name: us-east
      zones: [a, b]
  services:
    - name: api
      concurrency: 8
      serviceTime: { mean: 5ms }
      database: { name: orders }
  databases:
    - name: orders
      primary: us-east/a
      replicas:
        - zone: us-east/b
          mode: async
workload:
  clients:
    - region: us-east
      service: api
      rate: 50/s
faults:
  - kind: region-outage
    region: us-east
    at: 2m
    for: 1m
`;

/** SMALL with `from` replaced by `to`; fails loudly if `from` is not there. */
function edit(from: string, to: string, yaml = SMALL): string {
  if (!yaml.includes(from)) throw new Error(`the test scenario has no ${JSON.stringify(from)}`);
  return yaml.replace(from, to);
}

/** 1-based line and column of the first occurrence of `needle` (after `after`, if given). */
function positionOf(yaml: string, needle: string, after = ""): { line: number; column: number } {
  const offset = yaml.indexOf(needle, after ? yaml.indexOf(after) + after.length : 0);
  if (offset < 0) throw new Error(`${JSON.stringify(needle)} is not in the test scenario`);
  const before = yaml.slice(0, offset).split("\n");
  return { line: before.length, column: before[before.length - 1].length + 1 };
}

function issuesOf(yaml: string, file = "small.yaml"): InputIssue[] {
  try {
    loadScenario(yaml, file);
  } catch (error) {
    if (error instanceof ScenarioInputError) return error.issues;
    throw error;
  }
  throw new Error("expected the scenario to be rejected, but it loaded");
}

function onlyIssue(yaml: string): InputIssue {
  const issues = issuesOf(yaml);
  expect(issues.map(formatIssue)).toHaveLength(1);
  return issues[0];
}

describe("scenario loader", () => {
  describe("on a valid file", () => {
    it("loads the shipped region-outage scenario and converts its units", () => {
      const scenario = loadScenario(readFileSync(SHIPPED, "utf8"), SHIPPED);
      expect(scenario.name).toBe("region-outage-2am");
      expect(scenario.file).toBe(SHIPPED);
      expect(scenario.hash).toMatch(/^[0-9a-f]{16}$/);
      expect(scenario.world.durationUs).toBe(6 * 3600 * S);
      expect(scenario.world.startOfDayUs).toBe(0);
      expect(scenario.world.network).toEqual({
        sameZoneUs: 250,
        crossZoneUs: 1_000,
        crossRegionUs: 35_000,
        regionLatency: [],
        clientUs: 12_000,
        clientLatency: [],
        jitter: 0.1,
      });
      expect(scenario.world.regions).toEqual([
        { name: "us-east", zones: ["us-east/a", "us-east/b", "us-east/c"] },
        { name: "us-west", zones: ["us-west/a", "us-west/b", "us-west/c"] },
      ]);
      expect(scenario.faults).toEqual([
        { index: 0, kind: "region-outage", region: "us-east", startUs: 7200 * S, endUs: (7200 + 4 * 3600) * S },
      ]);
      const [orders] = scenario.world.databases;
      expect(orders.replicas).toEqual([
        { zone: "us-east/b", mode: "sync-or-skip", lagUs: 0 },
        { zone: "us-west/a", mode: "async", lagUs: 2 * S },
      ]);
      expect(orders.failover).toEqual({ automatic: true, heartbeatUs: S, missedHeartbeats: 5, promotionUs: 30 * S });
      expect(scenario.world.clients.map((client) => client.rate)).toEqual([
        { kind: "diurnal", peakPerSecond: 900, troughPerSecond: 250, peakAtUs: 14 * 3600 * S },
        { kind: "diurnal", peakPerSecond: 600, troughPerSecond: 180, peakAtUs: 17 * 3600 * S },
      ]);
      expect(scenario.slo.map(({ name, target }) => [name, target.operator, target.value])).toEqual([
        ["availability", ">=", 0.995],
        ["rpo", "<=", 5],
        ["rto", "<=", 300],
      ]);
      expect(scenario.expectations.map(({ metric, target }) => [metric, target.text])).toEqual([
        ["lostWrites", "> 0"],
        ["incidents", "== 1"],
        ["promotions", "== 1"],
        ["dnsFailovers", ">= 1"],
      ]);
    });

    it("counts a fault's time of day from the scenario's start", () => {
      const shipped = readFileSync(SHIPPED, "utf8");
      const scenario = loadScenario(edit('start: "00:00"', 'start: "22:00"', shipped), SHIPPED);
      expect(scenario.world.startOfDayUs).toBe(22 * 3600 * S);
      expect(scenario.faults[0].startUs).toBe(4 * 3600 * S);
      expect(scenario.faults[0].endUs).toBe(8 * 3600 * S);
    });

    it("takes an offset such as 2m as time since the start", () => {
      const scenario = loadScenario(SMALL, "small.yaml");
      expect(scenario.world.durationUs).toBe(600 * S);
      expect(scenario.faults[0]).toMatchObject({ startUs: 120 * S, endUs: 180 * S });
    });

    it("names the same text with the same hash and different text with another", () => {
      const a = loadScenario(SMALL, "a.yaml").hash;
      expect(loadScenario(SMALL, "b.yaml").hash).toBe(a);
      expect(loadScenario(edit("rate: 50/s", "rate: 51/s"), "a.yaml").hash).not.toBe(a);
    });
  });

  describe("on broken YAML syntax", () => {
    it("points at a tab used for indentation and says to use spaces", () => {
      const yaml = edit("      zones: [a, b]", "\tzones: [a, b]");
      const [first] = issuesOf(yaml);
      expect(first).toEqual({
        file: "small.yaml",
        ...positionOf(yaml, "\tzones"),
        message: "YAML syntax: Tabs are not allowed as indentation; indent with spaces, not tabs",
      });
    });

    it("points at the second of two equal keys", () => {
      const yaml = edit("duration: 10m\n", "duration: 10m\nduration: 20m\n");
      expect(onlyIssue(yaml)).toEqual({
        file: "small.yaml",
        line: 3,
        column: 1,
        message: "YAML syntax: Map keys must be unique; remove or rename one of the two keys",
      });
    });
  });

  describe("on a file that does not match the schema", () => {
    it("points at the unknown key", () => {
      const yaml = edit("      zones: [a, b]\n", "      zones: [a, b]\n      colour: blue\n");
      expect(onlyIssue(yaml)).toEqual({
        file: "small.yaml",
        ...positionOf(yaml, "colour"),
        message: 'design.regions[0]: unknown key "colour"; this mapping takes: name, zones',
      });
    });

    it("points at a duration written in words and shows the right form", () => {
      const yaml = edit("duration: 10m", "duration: 5 minutes");
      expect(onlyIssue(yaml)).toEqual({
        file: "small.yaml",
        line: 2,
        column: 11,
        message: 'duration: got "5 minutes"; write a duration such as 250ms, 30s, 5m, 2h or 1h30m',
      });
    });

    it("says a missing field that takes several forms is required, not a value of the wrong form", () => {
      const yaml = edit(
        "  - kind: region-outage\n    region: us-east\n",
        "  - kind: dependency-errors\n    dependency: payments\n",
      );
      // errorRate takes "20%" or 0.2: left out, it is missing, not "nothing" of the wrong form.
      const [issue] = issuesOf(yaml).filter((i) => i.message.includes("errorRate"));
      expect(issue.message).toBe("faults[0].errorRate is required; write errorRate: 20% or errorRate: 0.2");
      expect(issue.line).toBe(positionOf(yaml, "kind: dependency-errors").line);
    });

    it("points at the mapping that lacks a required key and names the key", () => {
      const yaml = edit("      concurrency: 8\n", "");
      expect(onlyIssue(yaml)).toEqual({
        file: "small.yaml",
        ...positionOf(yaml, "name: api"),
        message: 'design.services[0].concurrency is required; add "concurrency:" to this mapping',
      });
    });

    it("points at an unknown fault kind and lists the known ones", () => {
      const yaml = edit("kind: region-outage", "kind: meteor");
      expect(onlyIssue(yaml)).toEqual({
        file: "small.yaml",
        ...positionOf(yaml, "meteor"),
        message: `faults[0].kind: unknown fault kind "meteor"; use one of ${KNOWN_KINDS}`,
      });
    });

    it("says which fault lacks a kind", () => {
      const yaml = edit("  - kind: region-outage\n    region", "  - region");
      const issue = onlyIssue(yaml);
      expect(issue.message).toBe(`faults[0].kind: missing fault kind; use one of ${KNOWN_KINDS}`);
      expect(issue.line).toBe(positionOf(yaml, "region: us-east", "faults:").line);
    });

    it("shows the allowed values of an enumeration next to the wrong one", () => {
      const yaml = edit("mode: async", "mode: eventually");
      expect(onlyIssue(yaml)).toEqual({
        file: "small.yaml",
        ...positionOf(yaml, "eventually"),
        message: 'design.databases[0].replicas[0].mode: got "eventually"; use one of sync, sync-or-skip, async',
      });
    });

    it("locates a quorum larger than the sync replicas at the ack's k", () => {
      const yaml = edit("          mode: async\n", "          mode: sync\n      ack: { any: 2 }\n");
      expect(onlyIssue(yaml)).toEqual({
        file: "small.yaml",
        ...positionOf(yaml, "2 }"),
        message: 'design.databases[0].ack.any: database "orders" has 1 sync replica: ack.any must be between 1 and 1',
      });
    });

    it("names the fix when a quorum has no sync replica to count", () => {
      const yaml = edit("          mode: async\n", "          mode: sync-or-skip\n      ack: { any: 1 }\n");
      expect(onlyIssue(yaml).message).toBe(
        'design.databases[0].ack.any: database "orders" has no sync replica for ack.any to count: mark replicas mode: sync, or remove "ack"',
      );
    });

    it("says what type it expected and what it got", () => {
      const yaml = edit("concurrency: 8", 'concurrency: "eight"');
      expect(onlyIssue(yaml).message).toBe('design.services[0].concurrency: expected a number, got "eight"');
    });

    it("says how small a number or a list may be", () => {
      let yaml = edit("      concurrency: 8\n", "      concurrency: 0\n");
      yaml = edit("zones: [a, b]", "zones: []", yaml);
      expect(issuesOf(yaml)).toEqual([
        { file: "small.yaml", ...positionOf(yaml, "[]"), message: "design.regions[0].zones: list at least 1 entry" },
        {
          file: "small.yaml",
          ...positionOf(yaml, "0", "concurrency: "),
          message: "design.services[0].concurrency: must be at least 1, got 0",
        },
      ]);
    });

    it("reports the part of a nested either-or value that is wrong", () => {
      const yaml = edit("rate: 50/s", "rate: { diurnal: { peak: lots, trough: 10/s } }");
      expect(onlyIssue(yaml)).toEqual({
        file: "small.yaml",
        ...positionOf(yaml, "lots"),
        message: 'workload.clients[0].rate.diurnal.peak: got "lots"; write a rate such as 1200/s, 50k/min or 2.4/s',
      });
    });
  });

  describe("on a dangling reference", () => {
    it("points at a fault's unknown region and lists the known ones", () => {
      const yaml = edit("    region: us-east\n    at", "    region: eu-west\n    at");
      expect(onlyIssue(yaml)).toEqual({
        file: "small.yaml",
        ...positionOf(yaml, "eu-west"),
        message: 'faults[0].region: unknown region "eu-west"; known: us-east',
      });
    });

    it("points at a service's unknown database", () => {
      const yaml = edit("database: { name: orders }", "database: { name: ledger }");
      expect(onlyIssue(yaml)).toEqual({
        file: "small.yaml",
        ...positionOf(yaml, "ledger"),
        message: 'design.services[0].database.name: unknown database "ledger"; known: orders',
      });
    });

    it("points at a replica in an unknown zone and shows how zones are written", () => {
      const yaml = edit("zone: us-east/b", "zone: us-west/b");
      expect(onlyIssue(yaml)).toEqual({
        file: "small.yaml",
        ...positionOf(yaml, "us-west/b"),
        message:
          'design.databases[0].replicas[0].zone: unknown zone "us-west/b"; known: us-east/a, us-east/b (write zones as region/zone)',
      });
    });

    it("points at a fault that starts after the run ends", () => {
      const yaml = edit("at: 2m", "at: 20m");
      expect(onlyIssue(yaml)).toEqual({
        file: "small.yaml",
        ...positionOf(yaml, "20m"),
        message:
          'faults[0].at: the fault starts after the run ends (duration 10m); move "at" earlier or lengthen "duration"',
      });
    });
  });

  describe("on several problems", () => {
    it("reports every schema problem at once, in file order", () => {
      let yaml = edit("duration: 10m", "duration: 5 minutes");
      yaml = edit("      zones: [a, b]\n", "      zones: [a, b]\n      colour: blue\n", yaml);
      yaml = edit("mode: async", "mode: eventually", yaml);
      yaml = edit("kind: region-outage", "kind: meteor", yaml);
      const issues = issuesOf(yaml);
      expect(issues).toHaveLength(4);
      expect(issues.map(({ line, column }) => ({ line, column }))).toEqual([
        positionOf(yaml, "5 minutes"),
        positionOf(yaml, "colour"),
        positionOf(yaml, "eventually"),
        positionOf(yaml, "meteor"),
      ]);
    });

    it("reports every dangling reference at once", () => {
      let yaml = edit("database: { name: orders }", "database: { name: ledger }");
      yaml = edit("zone: us-east/b", "zone: us-west/b", yaml);
      yaml = edit("    region: us-east\n    at", "    region: eu-west\n    at", yaml);
      yaml = edit("    - region: us-east", "    - region: ap-south", yaml);
      const issues = issuesOf(yaml);
      expect(issues.map((issue) => issue.message.split(":")[0])).toEqual([
        "design.services[0].database.name",
        "design.databases[0].replicas[0].zone",
        "workload.clients[0].region",
        "faults[0].region",
      ]);
    });

    it("puts every located issue in the error's message, one per line", () => {
      let yaml = edit("duration: 10m", "duration: 5 minutes");
      yaml = edit("kind: region-outage", "kind: meteor", yaml);
      let error: unknown;
      try {
        loadScenario(yaml, "scenarios/small.yaml");
      } catch (caught) {
        error = caught;
      }
      expect(error).toBeInstanceOf(ScenarioInputError);
      const lines = (error as Error).message.split("\n");
      expect(lines).toHaveLength(2);
      expect(lines[0]).toMatch(/^scenarios\/small\.yaml:2:11: duration: got "5 minutes"/);
      expect(lines[1]).toMatch(/^scenarios\/small\.yaml:\d+:11: faults\[0\]\.kind: unknown fault kind "meteor"/);
    });
  });
});
