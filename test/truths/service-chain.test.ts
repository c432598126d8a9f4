// Serial composition, measured the way a sweep measures it (ARCHITECTURE.md, "Truths"): a
// three-tier chain api → orders → inventory, each tier one instance crashing at random on its
// own (independent alternating renewal processes), every call required and none retried. A
// request succeeds only when every tier is up, so availability is A1·A2·A3 with
// Ai = MTBFi / (MTBFi + MTTRi).
//
// The chain runs fluid (traffic as rates; the calls' timeouts are far above the tiers' times, so
// nothing stands in its way) for RUNS × 1 simulated year. The tolerance is the sweep's own 95%
// interval on the mean, widened by what detection adds by construction: a crashed tier fails
// every request until its balancer has ejected it, and a restarted one until it is back in
// rotation, each within one 50 ms health check: at most 0.1 s per failure of each tier, so
// Σ 0.1 s / (MTBFi + MTTRi) ≈ 9.3e-6 of availability. A fixed seed makes it deterministic.

import { describe, expect, it } from "vitest";
import { chooseFidelity, loadScenario } from "../../src/scenario/index.js";
import { aggregateSweep, runSweepRun, sweepHeader } from "../../src/sweep/index.js";

const RUNS = 16;
const TIERS = [
  { name: "api", mtbfS: 20 * 3600, mttrS: 360 },
  { name: "orders", mtbfS: 10 * 3600, mttrS: 360 },
  { name: "inventory", mtbfS: 5 * 3600, mttrS: 360 },
];

function chain(): string {
  const services = TIERS.map(
    (tier, i) => `
    - name: ${tier.name}
      concurrency: 50
      serviceTime: { distribution: constant, mean: 1ms }
      healthCheck: { interval: 50ms, unhealthyThreshold: 1, healthyThreshold: 1 }
      calls: [${i + 1 < TIERS.length ? `{ to: ${TIERS[i + 1].name}, timeout: 1s }` : ""}]`,
  );
  const faults = TIERS.map(
    (tier) => `  - { kind: random-crashes, service: ${tier.name}, mtbf: ${tier.mtbfS}s, mttr: ${tier.mttrS}s }`,
  );
  return `
name: service-chain
duration: 365d
fidelity: fluid
design:
  network: { sameZone: 0us, crossZone: 0us, crossRegion: 0us, client: 0us, jitter: 0% }
  regions: [{ name: r, zones: [a] }]
  services:${services.join("")}
workload:
  clients: [{ region: r, service: api, rate: 5/s }]
faults:
${faults.join("\n")}
`;
}

describe("a three-tier chain of services (serial composition)", () => {
  const scenario = loadScenario(chain(), "service-chain.yaml");

  it("runs fluid: nothing in the chain needs requests", () => {
    expect(chooseFidelity(scenario, "auto").obstacles).toEqual([]);
  });

  it("is available A1·A2·A3 with independent tiers and no retries", () => {
    const truth = TIERS.reduce((product, t) => product * (t.mtbfS / (t.mtbfS + t.mttrS)), 1);
    expect(truth).toBeCloseTo(0.965856, 5);
    const header = sweepHeader(scenario, RUNS, 1, "test", chooseFidelity(scenario, "fluid"));
    const summaries = Array.from({ length: RUNS }, (_, run) => runSweepRun(scenario, header, run));
    const availability = aggregateSweep(header, summaries).figures.availability;
    const slack = TIERS.reduce((sum, t) => sum + 0.1 / (t.mtbfS + t.mttrS), 0);
    const message = `truth ${truth} against ${availability.mean} [${availability.low}, ${availability.high}] ± ${slack}`;
    expect(truth, message).toBeGreaterThanOrEqual(availability.low - slack);
    expect(truth, message).toBeLessThanOrEqual(availability.high + slack);
  });
});
