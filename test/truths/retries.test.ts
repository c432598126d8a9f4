// Retry truths (ARCHITECTURE.md, "Truths"): with independent failures of probability f and R retries, a call
// makes (1 − f^(R+1)) / (1 − f) attempts on average, and fails with probability f^(R+1). A retry
// budget caps the amplification at about 1 + its ratio.

import { describe, expect, it } from "vitest";
import { runYaml } from "../support/scenarios.js";

function dependencyYaml(options: {
  errorRate: string;
  retries: number;
  budget?: string;
  criticality?: string;
}): string {
  const budget = options.budget ? `, budget: ${options.budget}` : "";
  return `
name: retries
duration: 10m
design:
  network: { sameZone: 0us, crossZone: 0us, crossRegion: 0us, client: 0us, jitter: 0% }
  regions: [{ name: r, zones: [a] }]
  externals:
    - { name: api, latency: { distribution: constant, mean: 2ms }, errorRate: ${options.errorRate} }
  services:
    - name: s
      concurrency: 256
      serviceTime: { distribution: constant, mean: 1ms }
      calls:
        - to: api
          criticality: ${options.criticality ?? "required"}
          timeout: 1s
          retries: { max: ${options.retries}, backoff: 1ms, jitter: false${budget} }
workload:
  clients: [{ region: r, service: s, rate: 100/s }]
`;
}

describe("retry amplification", () => {
  const f = 0.3;
  const retries = 3;
  const result = runYaml(dependencyYaml({ errorRate: "30%", retries }));
  const channel = result.dependencies[0];
  const calls = channel.calls;

  it("makes (1 − f^(R+1)) / (1 − f) attempts per call", () => {
    const truth = (1 - f ** (retries + 1)) / (1 - f); // 1.417
    const amplification = (channel.calls + channel.retries) / channel.calls;
    // Attempts per call are i.i.d. with variance ≈ 0.66 here; over ~60,000 calls the standard
    // error is ≈ 0.0033. Allow 4 of them.
    expect(calls).toBeGreaterThan(55_000);
    expect(Math.abs(amplification - truth)).toBeLessThan(4 * Math.sqrt(0.66 / calls));
    expect(result.counts.retryAmplification).toBeCloseTo(amplification, 10);
  });

  it("fails a call only when every attempt failed: f^(R+1)", () => {
    const failedShare = channel.failedCalls / calls;
    const truth = f ** (retries + 1); // 0.81%
    expect(Math.abs(failedShare - truth)).toBeLessThan(4 * Math.sqrt((truth * (1 - truth)) / calls));
    expect(result.failuresByReason["dependency-failed"]).toBe(channel.failedCalls);
  });

  it("is capped by a retry budget at about 1 + its ratio", () => {
    const budgeted = runYaml(dependencyYaml({ errorRate: "30%", retries: 3, budget: "10%" }));
    const d = budgeted.dependencies[0];
    // 10 saved tokens plus 0.1 per call.
    expect(d.retries).toBeLessThanOrEqual(10 + 0.1 * d.calls + 1);
    expect(d.retries).toBeGreaterThan(0.1 * d.calls * 0.95);
    expect(d.retriesDenied).toBeGreaterThan(0);
  });
});

describe("optional dependencies", () => {
  it("degrade the response instead of failing it", () => {
    const result = runYaml(dependencyYaml({ errorRate: "100%", retries: 0, criticality: "optional" }));
    expect(result.requests.failed).toBe(0);
    expect(result.requests.degraded).toBe(result.requests.succeeded);
    expect(result.availability).toBe(1);
  });
});
