// design.network.regionLatency and clientLatency at validation: an unknown region is an error at
// the name with "did you mean", a pair listed twice (in either order: the latency is the same
// both ways) or a region paired with itself is an error at the pair, and each latency is bounded
// like every time on a request's path.

import { describe, expect, it } from "vitest";
import { formatIssue, type InputIssue, loadScenario, ScenarioInputError } from "../../src/scenario/index.js";

function yamlWith(network: string): string {
  return `name: network-latency
duration: 1m
design:
  network:
${network}
  regions:
    - { name: us-east, zones: [a] }
    - { name: eu-west, zones: [a] }
    - { name: ap-south, zones: [a] }
  services:
    - { name: api, concurrency: 8, serviceTime: { mean: 2ms } }
workload:
  clients:
    - { region: eu-west, service: api, rate: 10/s }
`;
}

function issuesOf(yaml: string): InputIssue[] {
  try {
    loadScenario(yaml, "net.yaml");
  } catch (error) {
    if (error instanceof ScenarioInputError) return error.issues;
    throw error;
  }
  return [];
}

/** `net.yaml:line:col` of the `occurrence`-th (1-based) `needle` in `yaml`. */
function at(yaml: string, needle: string, occurrence = 1): string {
  let offset = -1;
  for (let k = 0; k < occurrence; k++) offset = yaml.indexOf(needle, offset + 1);
  expect(offset, needle).toBeGreaterThanOrEqual(0);
  const before = yaml.slice(0, offset).split("\n");
  return `net.yaml:${before.length}:${before[before.length - 1].length + 1}`;
}

describe("the network's latency lists", () => {
  it("load: pairs in either order, client pairs in both directions and to a client's own region", () => {
    const scenario = loadScenario(
      yamlWith(`    regionLatency:
      - { between: [us-east, eu-west], oneWay: 40ms }
      - { between: [ap-south, us-east], oneWay: 110ms }
    clientLatency:
      - { from: eu-west, to: us-east, oneWay: 95ms }
      - { from: us-east, to: eu-west, oneWay: 90ms }
      - { from: ap-south, to: ap-south, oneWay: 25ms }`),
      "net.yaml",
    );
    expect(scenario.world.network.regionLatency).toEqual([
      { between: ["us-east", "eu-west"], oneWayUs: 40_000 },
      { between: ["ap-south", "us-east"], oneWayUs: 110_000 },
    ]);
    expect(scenario.world.network.clientLatency.map((p) => p.oneWayUs)).toEqual([95_000, 90_000, 25_000]);
  });

  it("refuse an unknown region at its name, with the one it was likely meant to be", () => {
    const yaml = yamlWith(`    regionLatency:
      - { between: [us-east, eu-wset], oneWay: 40ms }
    clientLatency:
      - { from: eu-west, to: us-est, oneWay: 95ms }`);
    expect(issuesOf(yaml).map(formatIssue)).toEqual([
      `${at(yaml, "eu-wset")}: design.network.regionLatency[0].between[1]: unknown region "eu-wset"; did you mean eu-west?`,
      `${at(yaml, "us-est")}: design.network.clientLatency[0].to: unknown region "us-est"; did you mean us-east?`,
    ]);
  });

  it("refuse a region pair listed twice, in either order, at the second, naming the first", () => {
    const yaml = yamlWith(`    regionLatency:
      - { between: [us-east, eu-west], oneWay: 40ms }
      - { between: [eu-west, us-east], oneWay: 45ms }`);
    const issues = issuesOf(yaml);
    expect(issues.map(formatIssue)).toEqual([
      `${at(yaml, "[eu-west, us-east]")}: design.network.regionLatency[1].between: the latency between eu-west and us-east is given twice (first at design.network.regionLatency[0]); it is the same both ways: keep one`,
    ]);
  });

  it("refuse a client pair listed twice, and a region paired with itself", () => {
    const yaml = yamlWith(`    regionLatency:
      - { between: [ap-south, ap-south], oneWay: 40ms }
    clientLatency:
      - { from: eu-west, to: us-east, oneWay: 95ms }
      - { from: eu-west, to: us-east, oneWay: 96ms }`);
    expect(issuesOf(yaml).map(formatIssue)).toEqual([
      `${at(yaml, "ap-south", 2)}: design.network.regionLatency[0].between[1]: a region pair needs two regions: within ap-south the latency is sameZone or crossZone`,
      `${at(yaml, "us-east", 2)}: design.network.clientLatency[1].to: the latency from clients in eu-west to us-east is given twice (first at design.network.clientLatency[0]); keep one`,
    ]);
  });

  it("bound each latency like every time on a request's path", () => {
    const yaml = yamlWith(`    regionLatency:
      - { between: [us-east, eu-west], oneWay: 2h }`);
    const [issue] = issuesOf(yaml);
    expect(formatIssue(issue)).toMatch(new RegExp(`^${at(yaml, "2h")}: .*too long: at most 1h`));
  });
});
