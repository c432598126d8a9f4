// Lost writes per client region (ARCHITECTURE.md, "Data"): each write is tagged with the region
// of the user whose request made it, so a loss splits by region as it splits by operation, in
// whole writes that add up to it, in both fidelities.

import { describe, expect, it } from "vitest";
import type { RunResult } from "../../src/scenario/index.js";
import { loadScenario, runScenario, withFidelity } from "../../src/scenario/index.js";

const LAG_S = 2;
const RATES = { east: 100, west: 50 };

/**
 * Users in two regions write to one primary in east (every request a write, at 100/s and 50/s);
 * its replica in west lags 2 s. East dies at 3 m: the replica is promoted without the last 2 s
 * of writes, which came from both regions.
 */
function design(operations: boolean): string {
  return `
name: region-losses
duration: 6m
design:
  network: { jitter: 0% }
  regions: [{ name: east, zones: [a, b] }, { name: west, zones: [a, b] }]
  services:
    - name: api
      concurrency: 64
      serviceTime: { distribution: constant, mean: 1ms }
      database: { name: db, timeout: 1s }
  databases:
    - name: db
      primary: east/a
      replicas: [{ zone: west/a, mode: async, lag: ${LAG_S}s }]
      failover: { heartbeat: 1s, missedHeartbeats: 3, promotion: 10s }
workload:
${
  operations
    ? `  operations:
    - { name: create, share: 60%, write: true }
    - { name: refund, share: 40%, write: true }
  clients:`
    : "  clients:"
}
    - { region: east, service: api, rate: ${RATES.east}/s${operations ? "" : ", writeRatio: 100%"} }
    - { region: west, service: api, rate: ${RATES.west}/s${operations ? "" : ", writeRatio: 100%"} }
faults:
  - { kind: region-outage, region: east, at: 3m }
`;
}

function run(operations: boolean, fidelity: "request" | "fluid"): RunResult {
  const scenario = loadScenario(design(operations), "region-losses.yaml");
  expect(scenario.fluidObstacles).toEqual([]);
  return runScenario(withFidelity(scenario, fidelity), { version: "test" });
}

function lost(result: RunResult): Record<string, number> {
  return Object.fromEntries(result.byClientRegion.map((row) => [row.region, row.lostWrites]));
}

describe("lost writes per client region", () => {
  const perRequest = run(false, "request");
  const fluid = run(false, "fluid");

  it.each([
    ["request", perRequest],
    ["fluid", fluid],
  ] as const)("are each region's write rate × the lag, and add up to the loss (%s)", (_, result) => {
    // Writes are Poisson: a region writing w/s loses n ≈ w·L of them, s.d. √n; 4 s.d. is a
    // 1-in-15,000 miss (the fluid count is the mean itself).
    expect(result.byClientRegion.map((row) => row.region)).toEqual(["east", "west"]);
    for (const [region, rate] of Object.entries(RATES)) {
      const expected = rate * LAG_S;
      expect(Math.abs(lost(result)[region] - expected)).toBeLessThanOrEqual(4 * Math.sqrt(expected));
    }
    expect(lost(result).east + lost(result).west).toBe(result.rpo.lostWrites);
    for (const row of result.byClientRegion) expect(Number.isInteger(row.lostWrites)).toBe(true);
  });

  it("agree between the fidelities", () => {
    // As the fidelity-agreement test: a count of n within 3√n + 2 (Poisson noise, and rounding).
    for (const region of Object.keys(RATES)) {
      const n = lost(fluid)[region];
      expect(Math.abs(lost(perRequest)[region] - n)).toBeLessThanOrEqual(3 * Math.sqrt(n) + 2);
    }
  });
});

describe.each(["request", "fluid"] as const)("a loss split by operation and by region (%s)", (fidelity) => {
  const result = run(true, fidelity);
  const byOperation = Object.fromEntries(result.byOperation.map((row) => [row.operation, row.lostWrites]));

  it("adds up both ways to the same loss", () => {
    const total = result.rpo.lostWrites;
    expect(total).toBeGreaterThan(0);
    expect(byOperation.create + byOperation.refund).toBe(total);
    expect(lost(result).east + lost(result).west).toBe(total);
  });

  it("gives each region its rate's share and each operation its share", () => {
    // n of the loss from one side, s.d. at most √n (Poisson): 4√n.
    const total = result.rpo.lostWrites;
    const eastShare = RATES.east / (RATES.east + RATES.west);
    expect(Math.abs(lost(result).east - total * eastShare)).toBeLessThanOrEqual(4 * Math.sqrt(total * eastShare));
    expect(Math.abs(byOperation.create - total * 0.6)).toBeLessThanOrEqual(4 * Math.sqrt(total * 0.6));
  });
});

/**
 * The same users, but the service they call has no database: it calls `ledger`, which writes.
 * A call between services carries its user's client, so each write is still its user's region's.
 * Per request only: the fluid fidelity does not yet flow writes made by calls into the log (an
 * obstacle it names, so such a design runs per request).
 */
const CHAIN = design(false)
  .replace(
    "      database: { name: db, timeout: 1s }",
    `      calls: [{ to: ledger, timeout: 2s }]
    - name: ledger
      concurrency: 64
      serviceTime: { distribution: constant, mean: 1ms }
      database: { name: db, timeout: 1s }`,
  )
  .replace("name: region-losses", "name: region-losses-chain");

describe("writes made in a callee", () => {
  const scenario = loadScenario(CHAIN, "region-losses-chain.yaml");
  const result = runScenario(withFidelity(scenario, "request"), { version: "test" });

  it("are lost in the region of the user who called", () => {
    expect(scenario.fluidObstacles).toEqual([
      "service ledger: the writes calls make to its database are not yet flowed into its log",
    ]);
    for (const [region, rate] of Object.entries(RATES)) {
      const expected = rate * LAG_S;
      expect(Math.abs(lost(result)[region] - expected)).toBeLessThanOrEqual(4 * Math.sqrt(expected));
    }
    expect(lost(result).east + lost(result).west).toBe(result.rpo.lostWrites);
  });
});
