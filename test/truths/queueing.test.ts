// Queueing truths (ARCHITECTURE.md, "Truths"): the simulator against closed forms for M/M/1 and M/M/c.
// Tolerances come from the replications themselves: independent seeds give a standard error,
// and each check allows 4 of them (a false alarm about 1 time in 16,000), plus the histogram's
// 0.4% bucket resolution where a percentile is read from it.

import { describe, expect, it } from "vitest";
import { erlangC, mean, queueYaml, runYaml, standardError } from "../support/scenarios.js";

const SEEDS = [1, 2, 3, 4, 5, 6, 7, 8];

describe("M/M/1 queue (λ = 60/s, μ = 100/s)", () => {
  const lambda = 60;
  const mu = 100;
  const runs = SEEDS.map((seed) =>
    runYaml(queueYaml({ arrivalsPerS: lambda, serviceMeanMs: 1000 / mu, servers: 1, duration: "90m" }), seed),
  );

  it("has mean sojourn time 1/(μ−λ) = 25 ms", () => {
    const means = runs.map((r) => r.latencyMs.mean);
    const truthMs = 1000 / (mu - lambda);
    const se = standardError(means);
    expect(se).toBeLessThan(truthMs * 0.01); // the check is only meaningful if it is sharp
    expect(Math.abs(mean(means) - truthMs)).toBeLessThan(4 * se);
  });

  it("has p99 sojourn time −ln(0.01)/(μ−λ) ≈ 115.1 ms", () => {
    const p99s = runs.map((r) => r.latencyMs.p99);
    const truthMs = (-Math.log(0.01) / (mu - lambda)) * 1000;
    const tolerance = 4 * standardError(p99s) + 0.004 * truthMs;
    expect(Math.abs(mean(p99s) - truthMs)).toBeLessThan(tolerance);
    expect(tolerance).toBeLessThan(truthMs * 0.03);
  });

  it("has median sojourn time ln(2)/(μ−λ) ≈ 17.3 ms", () => {
    const p50s = runs.map((r) => r.latencyMs.p50);
    const truthMs = (Math.log(2) / (mu - lambda)) * 1000;
    expect(Math.abs(mean(p50s) - truthMs)).toBeLessThan(4 * standardError(p50s) + 0.004 * truthMs);
  });
});

describe("M/M/c queue (λ = 240/s, μ = 100/s, c = 3: the bench model scaled to ms)", () => {
  const lambda = 240;
  const mu = 100;
  const truth = erlangC(lambda, mu, 3);
  const runs = SEEDS.map((seed) =>
    runYaml(queueYaml({ arrivalsPerS: lambda, serviceMeanMs: 1000 / mu, servers: 3, duration: "15m" }), seed),
  );

  it("matches Erlang C's probability of waiting (0.6472)", () => {
    expect(truth.pWait).toBeCloseTo(0.6472, 4);
    const waited = runs.map((r) => r.queueing.waitedFraction);
    expect(Math.abs(mean(waited) - truth.pWait)).toBeLessThan(4 * standardError(waited));
  });

  it("matches Erlang C's mean wait in queue (Wq = 10.787 ms)", () => {
    expect(truth.meanWaitS * 1000).toBeCloseTo(10.787, 2);
    const waits = runs.map((r) => r.queueing.meanWaitMs);
    const se = standardError(waits);
    expect(se).toBeLessThan(truth.meanWaitS * 1000 * 0.03);
    expect(Math.abs(mean(waits) - truth.meanWaitS * 1000)).toBeLessThan(4 * se);
  });

  it("has mean sojourn time Wq + 1/μ", () => {
    const sojourns = runs.map((r) => r.latencyMs.mean);
    const truthMs = truth.meanWaitS * 1000 + 1000 / mu;
    expect(Math.abs(mean(sojourns) - truthMs)).toBeLessThan(4 * standardError(sojourns));
  });
});

describe("a queue with constant service and no contention", () => {
  it("reports exactly the service time as latency", () => {
    const result = runYaml(
      queueYaml({ arrivalsPerS: 1, serviceMeanMs: 5, servers: 64, duration: "10m", distribution: "constant" }),
    );
    expect(result.latencyMs.mean).toBe(5);
    expect(result.latencyMs.max).toBe(5);
    expect(result.queueing.waitedFraction).toBe(0);
  });
});
