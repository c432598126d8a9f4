// A 3-node majority database with independent nodes at availability A takes writes while 2 of 3
// are up: 3A² − 2A³ (ARCHITECTURE.md, "Truths"). At A = 0.99 (MTBF 99 h, MTTR 1 h) that is
// 0.999702, an unavailability of 2.98e-4: about 2.6 hours a year in a handful of double
// failures, so it takes centuries of simulated time; the fluid fidelity runs them as a sweep of
// years, measured as random-failures.test.ts measures its pairs.
//
// Tolerance: the sweep's 95% interval, widened by what the election adds by construction. Writes
// also stop for one election timeout when the leader crashes while the other two are up, and when
// a node returns to a pair that lost its leader; at most one timeout per crash or restart of any
// node: 3 nodes × 2 transitions per 100 h cycle × 1 s = 6 s per 100 h = 1.67e-5 of the time.

import { describe, expect, it } from "vitest";
import { loadScenario } from "../../src/scenario/index.js";
import { aggregateSweep, runSweepRun, sweepHeader } from "../../src/sweep/index.js";

const YEARS = 300;
const MTBF_H = 99;
const MTTR_H = 1;
const ELECTION_TIMEOUT_S = 1;

const yaml = `
name: majority-years
fidelity: fluid
duration: 365d
design:
  regions: [{ name: r, zones: [a, b, c] }]
  services:
    - name: api
      instancesPerZone: 2
      concurrency: 50
      serviceTime: { distribution: constant, mean: 1ms }
      database: { name: db, timeout: 1s }
  databases:
    - name: db
      replication: majority
      primary: r/a
      replicas: [{ zone: r/b }, { zone: r/c }]
      election: { timeout: ${ELECTION_TIMEOUT_S}s }
workload:
  clients: [{ region: r, service: api, rate: 5/s, writeRatio: 100% }]
faults:
  - { kind: random-crashes, database: db, mtbf: ${MTBF_H}h, mttr: ${MTTR_H}h }
`;

describe("a 3-node majority database under independent random crashes, over simulated centuries (fluid)", () => {
  it(`takes writes 3A² − 2A³ = 0.999702 of the time at A = 0.99 (${YEARS} years)`, () => {
    const a = MTBF_H / (MTBF_H + MTTR_H);
    const truth = 1 - (3 * a ** 2 - 2 * a ** 3);
    expect(1 - truth).toBeCloseTo(0.999702, 6);
    const slack = (3 * 2 * ELECTION_TIMEOUT_S) / ((MTBF_H + MTTR_H) * 3600);
    expect(slack).toBeCloseTo(1.67e-5, 7);

    const scenario = loadScenario(yaml, "majority-years.yaml");
    expect(scenario.world.fidelity).toBe("fluid");
    const header = sweepHeader(scenario, YEARS, 1, "test", { fidelity: "fluid", obstacles: [] });
    const summaries = Array.from({ length: YEARS }, (_, run) => runSweepRun(scenario, header, run));
    const { figures } = aggregateSweep(header, summaries);
    const measured = {
      mean: 1 - figures.availability.mean,
      low: 1 - figures.availability.high,
      high: 1 - figures.availability.low,
    };
    const message = `truth ${truth} against ${measured.mean} [${measured.low}, ${measured.high}] ± ${slack}`;
    expect(truth, message).toBeGreaterThanOrEqual(measured.low - slack);
    expect(truth, message).toBeLessThanOrEqual(measured.high + slack);
    // Nothing acknowledged is ever lost, however the crashes fall.
    expect(summaries.every((s) => s.lostWrites === 0)).toBe(true);
  });
});
