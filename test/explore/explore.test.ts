// ARCHITECTURE.md, "Explore": single points of failure, minimal cut sets, shrinking, and
// findings that break their target when run on their own.

import { beforeAll, describe, expect, it } from "vitest";
import {
  describeSchedule,
  type ExploreResult,
  exploreScenario,
  findingFileText,
  prepareBase,
  scheduleKey,
  shrinkSchedule,
  TrialRunner,
} from "../../src/explore/index.js";
import { ROUND_LENGTHS_S } from "../../src/explore/times.js";
import { formatExploreText, toExploreJson } from "../../src/report/index.js";
import { loadScenario, runScenario } from "../../src/scenario/index.js";
import { ONE_REGION_YAML, REGION_OUTAGE_FILE, REGION_OUTAGE_YAML } from "./fixtures.js";

const VERSION = "test";

describe("explore on a one-region design", () => {
  const base = prepareBase(ONE_REGION_YAML, "one-region.yaml");
  const result = exploreScenario(base, { seed: 4, version: VERSION, runs: 0 });

  it("reports the region as a single point of failure, and neither zone", () => {
    expect(result.spof.baseline.broken).toBe(false);
    expect(result.spof.singlePoints).toContain("region us-east");
    // Half the instances are left when a zone dies: the balancer ejects the dead ones in ~10 s.
    expect(result.spof.singlePoints).not.toContain("zone us-east/a");
    const region = result.spof.singles.find((s) => s.domain === "region us-east");
    expect(region?.trial.targets[0]).toMatchObject({ name: "availability", pass: false });
  });

  it("turns the single point of failure into a finding that keeps the region (no zone alone breaks)", () => {
    const first = result.findings[0];
    expect(first.origin).toBe("single point of failure");
    expect(first.trial.schedule.map((f) => f.domain)).toEqual(["region us-east"]);
    expect(first.broken.map((t) => t.name)).toEqual(["availability"]);
  });

  it("runs the design with the scripted faults and expectations taken out", () => {
    expect(base.text).not.toMatch(/node-crash|expect:/);
    // No fault: the no-incident expectation would hold, and nothing is lost.
    expect(result.spof.baseline.targets[0].actual).toBe(1);
  });
});

describe("explore on region-outage-2am's design", () => {
  let result: ExploreResult;
  beforeAll(() => {
    const base = prepareBase(REGION_OUTAGE_YAML, REGION_OUTAGE_FILE);
    result = exploreScenario(base, { seed: 1, version: VERSION, runs: 0 });
  });

  it("finds that losing both regions is a breaking pair that neither region is alone", () => {
    expect(result.spof.singlePoints).not.toContain("region us-east");
    expect(result.spof.singlePoints).not.toContain("region us-west");
    expect(result.spof.cutSets).toContainEqual(["region us-east", "region us-west"]);
  });

  it("finds that the async replica falling behind before us-east is lost breaks the RPO target", () => {
    expect(result.spof.cutSets).toContainEqual(["region us-east", "replica orders/us-west/a"]);
    const pair = result.spof.pairs.find((p) => p.a === "region us-east" && p.b === "replica orders/us-west/a");
    // The lag (5m) starts 5m before the fixed stretch: the replica is 5m behind when us-east dies.
    expect(pair?.trial?.schedule.find((f) => f.domain.startsWith("replica"))?.atS).toBe(result.spof.atS - 300);
    expect(pair?.trial?.targets.find((t) => !t.pass)?.name).toBe("rpo");
    const finding = result.findings.find((f) => f.trial.schedule.some((x) => x.domain.startsWith("replica")));
    expect(finding?.description).toMatch(/^replica orders\/us-west\/a 5m behind at /);
  });

  it("counts a pair only when neither of its domains breaks a target alone", () => {
    const alone = new Set(result.spof.singlePoints);
    const pairs = new Map(result.spof.pairs.map((p) => [`${p.a}|${p.b}`, p.trial]));
    for (const [a, b] of result.spof.cutSets) {
      expect(alone.has(a) || alone.has(b)).toBe(false);
      expect(pairs.get(`${a}|${b}`)?.broken).toBe(true);
    }
  });

  it("confirms the pair with a scenario written by hand: both regions down for the fixed hour breaks a target", () => {
    const at = `${result.spof.atS}s`;
    const length = `${result.spof.forS}s`;
    const text = REGION_OUTAGE_YAML.replace(
      /\nfaults:[\s\S]*?\nslo:/,
      `\nfaults:\n  - { kind: region-outage, region: us-east, at: ${at}, for: ${length} }\n  - { kind: region-outage, region: us-west, at: ${at}, for: ${length} }\nslo:`,
    ).replace(/\nexpect:[\s\S]*$/, "\n");
    const run = runScenario(loadScenario(text, "by-hand.yaml", { fidelity: "auto" }), { version: VERSION });
    expect(run.faults).toHaveLength(2);
    expect(run.slo.some((target) => !target.pass)).toBe(true);
  });

  it("says in the text report that a breaking pair exists, and names it", () => {
    const text = formatExploreText(result);
    expect(text).toMatch(new RegExp(`- ${result.spof.cutSets.length} minimal cut sets of two, of \\d+ pairs run`));
    expect(text).toMatch(/\n {2}region us-east \+ region us-west: breaks availability/);
  });

  it("says in the JSON report whether a breaking pair exists", () => {
    const json = toExploreJson(result);
    expect(json.spof.cutSets.length).toBe(result.spof.cutSets.length);
    expect(json.spof.matrix.domains).toHaveLength(result.domains.length);
    // The matrix is symmetric and its diagonal holds each domain alone.
    const i = json.spof.matrix.domains.indexOf("region us-east");
    const j = json.spof.matrix.domains.indexOf("region us-west");
    expect(json.spof.matrix.broken[i][j]).toBe(true);
    expect(json.spof.matrix.budgetUsed[i][j]).toBe(json.spof.matrix.budgetUsed[j][i]);
    expect(json.spof.matrix.broken[i][i]).toBe(false);
  });
});

describe("explore on a design that nothing tried breaks", () => {
  it("says there is no single point of failure and no breaking pair, and writes no finding", () => {
    // Losing the only region for the fixed half hour of two hours leaves 75%: a 50% target holds.
    const lenient = ONE_REGION_YAML.replace('availability: ">= 99.9%"', 'availability: ">= 50%"');
    const result = exploreScenario(prepareBase(lenient, "lenient.yaml"), { seed: 4, version: VERSION, runs: 0 });
    expect(result.findings).toEqual([]);
    const text = formatExploreText(result);
    expect(text).toContain("- no single point of failure: no domain down alone breaks a target");
    expect(text).toMatch(/- no breaking pair: of \d+ pairs run, none breaks a target where neither domain alone does/);
  });
});

describe("shrinking", () => {
  const base = prepareBase(REGION_OUTAGE_YAML, REGION_OUTAGE_FILE);
  const runner = new TrialRunner(base, { seed: 1, version: VERSION });
  // A full disk refuses every write (a fifth of the traffic): that alone breaks availability. The
  // crashed instance and the lost zone of the standby region are noise the design absorbs.
  const necessary = { domain: "disk orders", atS: 4380, forS: 2820 };
  const planted = [
    necessary,
    { domain: "node api/us-west/b/2", atS: 4800, forS: 300 },
    { domain: "zone us-west/c", atS: 7200, forS: 1800 },
  ];

  it("keeps the planted schedule's one necessary fault, shorter and at rounder times", () => {
    expect(runner.trial(planted).broken).toBe(true);
    expect(runner.trial(planted.slice(1)).broken).toBe(false);
    const shrunk = shrinkSchedule(planted, base, runner);
    expect(shrunk.broken).toBe(true);
    expect(shrunk.schedule).toHaveLength(1);
    const [fault] = shrunk.schedule;
    expect(fault.domain).toBe("disk orders");
    expect(ROUND_LENGTHS_S).toContain(fault.forS);
    expect(fault.forS).toBeLessThan(necessary.forS);
    expect(fault.atS % 60).toBe(0);
    // 1-minimal: the next shorter round length breaks nothing.
    const shorter = ROUND_LENGTHS_S[ROUND_LENGTHS_S.indexOf(fault.forS) - 1];
    expect(runner.trial([{ ...fault, forS: shorter }]).broken).toBe(false);
  });

  it("narrows a region to what inside it is enough: losing both regions becomes us-east and a part of us-west", () => {
    const hour = { atS: 3600, forS: 3600 };
    const shrunk = shrinkSchedule(
      [
        { domain: "region us-east", ...hour },
        { domain: "region us-west", ...hour },
      ],
      base,
      runner,
    );
    expect(shrunk.broken).toBe(true);
    const domains = shrunk.schedule.map((f) => f.domain);
    expect(domains).toContain("region us-east");
    expect(domains).not.toContain("region us-west");
    // What is left of us-west is a zone or a node in it: the region's scope was narrowed.
    expect(domains.filter((d) => d !== "region us-east").every((d) => / us-west\/|\/us-west\//.test(d))).toBe(true);
    expect(domains).toHaveLength(2);
  });

  it("starts overlapping faults together and moves them together to a rounder time", () => {
    const oneRegion = prepareBase(ONE_REGION_YAML, "one-region.yaml");
    const oneRunner = new TrialRunner(oneRegion, { seed: 4, version: VERSION });
    // Both zones are down together from 41m to 61m: the only stretch with no instance at all.
    const planted = [
      { domain: "zone us-east/a", atS: 33 * 60, forS: 40 * 60 },
      { domain: "zone us-east/b", atS: 41 * 60, forS: 20 * 60 },
    ];
    const shrunk = shrinkSchedule(planted, oneRegion, oneRunner);
    expect(shrunk.broken).toBe(true);
    const [a, b] = shrunk.schedule;
    expect([a.domain, b.domain]).toEqual(["zone us-east/a", "zone us-east/b"]);
    expect(a.atS).toBe(b.atS);
    expect(a.atS % 300).toBe(0);
    expect(Math.max(a.forS, b.forS)).toBeLessThan(20 * 60);
    expect(describeSchedule(shrunk.schedule)).toMatch(/^zone us-east\/a and zone us-east\/b down at \S+ for \S+$/);
  });

  it("keeps a region when no zone of it breaks the target alone, and shortens it", () => {
    const oneRegion = prepareBase(ONE_REGION_YAML, "one-region.yaml");
    const oneRunner = new TrialRunner(oneRegion, { seed: 4, version: VERSION });
    const shrunk = shrinkSchedule([{ domain: "region us-east", atS: 1800, forS: 1800 }], oneRegion, oneRunner);
    expect(shrunk.schedule.map((f) => f.domain)).toEqual(["region us-east"]);
    expect(shrunk.schedule[0].forS).toBeLessThan(1800);
  });
});

describe("a finding's scenario file", () => {
  it("breaks the same target when run on its own", () => {
    const base = prepareBase(ONE_REGION_YAML, "one-region.yaml");
    const result = exploreScenario(base, { seed: 4, version: VERSION, runs: 0 });
    const finding = result.findings[0];
    const text = findingFileText(base, finding, { seed: 4, replay: "faultline run f.yaml --seed 4 --fidelity auto" });
    expect(text).toMatch(/^# Found by faultline explore one-region\.yaml/);
    const run = runScenario(loadScenario(text, "f.yaml", { fidelity: "auto" }), { seed: 4, version: VERSION });
    expect(run.slo.filter((t) => !t.pass).map((t) => t.name)).toEqual(finding.broken.map((t) => t.name));
    expect(run.slo[0].actual).toBe(finding.trial.targets[0].actual);
  });
});

describe("determinism", () => {
  const base = prepareBase(ONE_REGION_YAML, "one-region.yaml");
  const explore = (seed: number) => exploreScenario(base, { seed, version: VERSION, runs: 12, faultsMax: 2 });

  it("gives the same findings and report for the same seed", () => {
    const a = explore(4);
    const b = explore(4);
    expect(JSON.stringify(toExploreJson(b))).toBe(JSON.stringify(toExploreJson(a)));
    expect(a.search.steps).toBe(12);
  });

  it("keys a schedule by its faults, whatever their order", () => {
    const x = { domain: "zone us-east/a", atS: 60, forS: 60 };
    const y = { domain: "region us-east", atS: 60, forS: 120 };
    expect(scheduleKey([x, y])).toBe(scheduleKey([y, x]));
  });
});
