// Every name space rejects a duplicate at validation, at the duplicate (issue 13 class 4): two
// things with one name would share one state in the run (one random stream, one control-plane
// entry), so validation says so where the second one is written, and where the first one was.

import { fc, test } from "@fast-check/vitest";
import { describe, expect, it } from "vitest";
import { type InputIssue, loadScenario, runScenario, ScenarioInputError } from "../../src/scenario/index.js";

/** Two of everything that has a name. */
const BASE = `name: names
duration: 2m
design:
  regions:
    - { name: r1, zones: [a, b] }
    - { name: r2, zones: [a, c] }
  services:
    - { name: s1, concurrency: 8, serviceTime: { mean: 2ms }, database: { name: d1 }, calls: [{ to: x1 }], publishesTo: q1 }
    - { name: s2, concurrency: 8, serviceTime: { mean: 2ms }, database: { name: d2 }, calls: [{ to: x2 }], publishesTo: q2 }
  databases:
    - { name: d1, primary: r1/a }
    - { name: d2, primary: r2/a }
  externals:
    - { name: x1, latency: { mean: 1ms } }
    - { name: x2, latency: { mean: 1ms } }
  queues:
    - { name: q1, consumers: { concurrency: 2, processTime: 5ms } }
    - { name: q2, consumers: { concurrency: 2, processTime: 5ms } }
  alerts:
    - { name: a1, errorRate: "> 5%" }
    - { name: a2, errorRate: "> 5%" }
  probes:
    - { name: p1, from: r1, service: s1 }
    - { name: p2, from: r2, service: s2 }
  edge:
    rateLimits:
      - { clients: [c1], rate: 100/s }
      - { clients: [c2], rate: 100/s }
workload:
  clients:
    - { name: c1, region: r1, service: s1, rate: 20/s }
    - { name: c2, region: r2, service: s2, rate: 20/s }
slo: { availability: ">= 0%" }
`;

/** Where each name is declared (the second of each pair gets renamed), as `needle` → replacement. */
const NAME_SPACES: { space: string; second: string; to: string; what: string; first?: [string, string] }[] = [
  { space: "regions", second: "{ name: r2,", to: "{ name: r1,", what: 'region "r1"' },
  { space: "zones", second: "zones: [a, b]", to: "zones: [a, a]", what: 'zone "r1/a"' },
  { space: "services", second: "{ name: s2,", to: "{ name: s1,", what: 'service "s1"' },
  { space: "databases", second: "{ name: d2, primary", to: "{ name: d1, primary", what: 'database "d1"' },
  { space: "externals", second: "{ name: x2,", to: "{ name: x1,", what: 'dependency "x1"' },
  { space: "queues", second: "{ name: q2,", to: "{ name: q1,", what: 'queue "q1"' },
  { space: "alerts", second: "{ name: a2,", to: "{ name: a1,", what: 'alert "a1"' },
  { space: "probes", second: "{ name: p2,", to: "{ name: p1,", what: 'probe "p1" is declared twice as a client' },
  { space: "clients", second: "{ name: c2,", to: "{ name: c1,", what: 'client "c1"' },
  {
    space: "a probe and a client",
    second: "{ name: p2,",
    to: "{ name: c1,",
    what: 'probe "c1" is declared twice as a client',
  },
  {
    space: "a probe and an alert",
    second: "{ name: p2,",
    to: "{ name: a1,",
    what: 'probe "a1" is declared twice as an alert',
  },
  { space: "rate limits", second: "clients: [c2]", to: "clients: [c1]", what: 'rate-limited client "c1"' },
  {
    space: "clients named after their region",
    second: "{ name: c2, region: r2, service: s2",
    to: "{ region: r1, service: s2",
    first: ["{ name: c1, region: r1", "{ name: r1, region: r1"],
    what: 'client "r1" is declared twice (first at workload.clients[0].name); give one a name:',
  },
];

function issuesOf(yaml: string): InputIssue[] {
  try {
    loadScenario(yaml, "names.yaml");
  } catch (error) {
    if (error instanceof ScenarioInputError) return error.issues;
    throw error;
  }
  return [];
}

/** 1-based line of the character at `offset` in `yaml`. */
const lineAt = (yaml: string, offset: number) => yaml.slice(0, offset).split("\n").length;

describe("names", () => {
  it("of every kind load and run when each is unique", () => {
    const result = runScenario(loadScenario(BASE, "names.yaml"), { version: "test" });
    expect(result.simulated.durationS).toBe(120);
  });

  test.prop([fc.constantFrom(...NAME_SPACES)], { numRuns: 40 })(
    "declared twice in one name space are one error, at the second, naming the first",
    ({ second, to, what, first }) => {
      expect(BASE).toContain(second);
      const yaml = BASE.replace(second, to).replace(first?.[0] ?? "", first?.[1] ?? "");
      const issues = issuesOf(yaml);
      const declared = issues.filter((i) => i.message.includes("declared twice"));
      expect(declared, JSON.stringify(issues)).toHaveLength(1);
      expect(declared[0].message).toContain(what);
      expect(declared[0].message).toMatch(/\(first at design\.|\(first at workload\./);
      expect(declared[0].line).toBe(lineAt(yaml, BASE.indexOf(second)));
    },
  );
});
