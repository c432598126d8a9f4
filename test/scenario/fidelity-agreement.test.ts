// The fluid fidelity against per-request runs, on every shipped scenario (ARCHITECTURE.md,
// "Fidelity"). Where nothing load-driven stands in its way, the fluid run's availability, time in
// a good state, lost writes, RPO and RTO must agree with the per-request run of the same seed;
// where something does, `auto` must fall back to per-request and say why. Both runs see the same
// failures: fault streams are named by the fault, and a fluid run draws nothing else from them.

import { readdirSync, readFileSync } from "node:fs";
import { describe, expect, test } from "vitest";
import { chooseFidelity, loadScenario, type RunResult, runScenario, withFidelity } from "../../src/scenario/index.js";

const files = readdirSync("scenarios")
  .filter((f) => f.endsWith(".yaml"))
  .sort();
const loaded = files.map((file) => {
  const path = `scenarios/${file}`;
  return { file, scenario: loadScenario(readFileSync(path, "utf8"), path) };
});
const fluidCapable = loaded.filter(({ scenario }) => scenario.fluidObstacles.length === 0);

/**
 * Tolerances, and why:
 * - availability: the fluid run is the expectation of what the per-request run samples. Failed
 *   requests are a count with Poisson-like noise (≈ 1/√failures relative) and a change lands
 *   within its second either way, so the unavailabilities agree within 10% of the per-request one
 *   or three binomial standard deviations, whichever is larger.
 * - time in a good state and incidents: a window (60 s by default) judged at the edge may tip
 *   either way on the requests it happened to hold: one window, one incident.
 * - RTO: an incident's ends are refined to the second by judging each second, which at a few
 *   requests per second is a handful of requests: 5 s or 2%, whichever is larger.
 * - lost writes: writes are a Poisson count in per-request runs; fluid ones are its mean: three
 *   standard deviations (√lost) and two writes.
 * - RPO: failure time − commit time of the oldest lost write, which per request falls anywhere in
 *   the gap between two writes: 0.25 s and 2%.
 */
function expectAgreement(request: RunResult, fluid: RunResult): void {
  const unavailable = 1 - request.availability;
  const sd = Math.sqrt((unavailable * (1 - unavailable)) / Math.max(1, request.requests.total));
  expect(Math.abs(fluid.availability - request.availability)).toBeLessThanOrEqual(
    Math.max(0.1 * unavailable, 3 * sd) + 1e-9,
  );
  const windows = Math.ceil(request.simulated.durationS / request.availabilityTimeBased.windowS);
  expect(Math.abs(fluid.availabilityTimeBased.ratio - request.availabilityTimeBased.ratio)).toBeLessThanOrEqual(
    1 / windows + 1e-9,
  );
  expect(Math.abs(fluid.incidents.length - request.incidents.length)).toBeLessThanOrEqual(1);
  expect(Math.abs(fluid.rto.maxS - request.rto.maxS)).toBeLessThanOrEqual(Math.max(5, 0.02 * request.rto.maxS));
  const lost = request.rpo.lostWrites;
  expect(Math.abs(fluid.rpo.lostWrites - lost)).toBeLessThanOrEqual(3 * Math.sqrt(lost) + 2);
  expect(Math.abs(fluid.rpo.maxS - request.rpo.maxS)).toBeLessThanOrEqual(0.25 + 0.02 * request.rpo.maxS);
}

describe("the fluid fidelity agrees with per-request runs", () => {
  test("most shipped scenarios can run fluid, the year-long ones among them", () => {
    expect(fluidCapable.length).toBeGreaterThanOrEqual(files.length / 2);
    for (const year of ["year-one-region.yaml", "year-two-regions.yaml", "year-shared-control-plane.yaml"])
      expect(fluidCapable.map((c) => c.file)).toContain(year);
  });

  test.each(fluidCapable.map((c) => [c.file, c] as const))("%s", (_, { scenario }) => {
    const request = runScenario(withFidelity(scenario, "request"), { version: "test" });
    const fluid = runScenario(withFidelity(scenario, "fluid"), { version: "test" });
    expect(request.simulated.fidelity).toBe("request");
    expect(fluid.simulated.fidelity).toBe("fluid");
    expectAgreement(request, fluid);
    // What makes it fast: no requests, checks that sleep.
    expect(fluid.simulated.events).toBeLessThan(request.simulated.events / 50);
  });

  test("where faults overlap behind a least-outstanding balancer (two zones, then a node, lost in turn)", () => {
    // region-outage-2am's design for three hours; two of us-east's zones die ten minutes apart and
    // an instance of the third in between: dead targets stay in rotation while live ones are busy,
    // the case where least-outstanding balancing sends them most of the traffic.
    const text = readFileSync("scenarios/region-outage-2am.yaml", "utf8")
      .replace("duration: 6h", "duration: 3h")
      .replace(
        /\nfaults:\n[\s\S]*?\nslo:/,
        `
faults:
  - { kind: zone-outage, zone: us-east/b, at: "02:00", for: 30m }
  - { kind: zone-outage, zone: us-east/c, at: "02:10", for: 30m }
  - { kind: node-crash, node: api/us-east/a/1, at: "02:15", for: 10m }

slo:`,
      )
      .replace(/\nexpect:[\s\S]*$/, "\n");
    const scenario = loadScenario(text, "zones-overlapping.yaml");
    expect(scenario.fluidObstacles).toEqual([]);
    for (const seed of [1, 3]) {
      const request = runScenario(withFidelity(scenario, "request"), { version: "test", seed });
      const fluid = runScenario(withFidelity(scenario, "fluid"), { version: "test", seed });
      expect(1 - request.availability).toBeGreaterThan(5e-4);
      expectAgreement(request, fluid);
    }
  });

  test.each(loaded.filter(({ scenario }) => scenario.fluidObstacles.length > 0).map((c) => [c.file, c] as const))(
    "%s: auto runs it per request, naming what load decides",
    (_, { scenario }) => {
      const chosen = chooseFidelity(scenario, "auto");
      expect(chosen.fidelity).toBe("request");
      expect(chosen.obstacles.length).toBeGreaterThan(0);
      for (const obstacle of chosen.obstacles) expect(obstacle).toMatch(/^(fault|service|target|[a-z ]+:)/);
    },
  );
});
