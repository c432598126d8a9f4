// Detection truths (ARCHITECTURE.md, "Truths"): a check every i seconds that needs k failures in a row
// notices a failure after between (k−1)·i and k·i (the check's phase is uniform), so on average
// after (k − ½)·i.

import { describe, expect, it } from "vitest";
import { mean, replicationYaml, runYaml } from "../support/scenarios.js";

function lbYaml(interval: string, threshold: number): string {
  return `
name: detection
duration: 10m
design:
  regions: [{ name: r, zones: [a] }]
  services:
    - name: s
      instancesPerZone: 2
      concurrency: 8
      serviceTime: { distribution: constant, mean: 1ms }
      healthCheck: { interval: ${interval}, unhealthyThreshold: ${threshold}, healthyThreshold: 2 }
workload:
  clients: [{ region: r, service: s, rate: 20/s }]
faults:
  - { kind: node-crash, node: s/r/a/1, at: 2m, for: 3m }
`;
}

const seconds = (us: number) => us / 1e6;

describe("load balancer health checks", () => {
  const intervalS = 5;
  const threshold = 3;
  const delays = Array.from({ length: 24 }, (_, seed) => {
    const run = runYaml(lbYaml(`${intervalS}s`, threshold), seed);
    const ejected = run.events.find((e) => e.kind === "lb.targetEjected");
    if (!ejected) throw new Error("the crashed target was never ejected");
    return seconds(ejected.timeUs) - 120;
  });

  it("eject a dead target between (k−1)·i and k·i after it dies", () => {
    for (const delay of delays) {
      expect(delay).toBeGreaterThanOrEqual((threshold - 1) * intervalS);
      expect(delay).toBeLessThanOrEqual(threshold * intervalS);
    }
  });

  it("eject it after (k − ½)·i on average", () => {
    // The phase is uniform on [0, i): the mean of 24 draws has s.d. i/√(12·24) ≈ 0.29 s; allow 4.
    expect(Math.abs(mean(delays) - (threshold - 0.5) * intervalS)).toBeLessThan(4 * (intervalS / Math.sqrt(12 * 24)));
  });

  it("put the target back after healthyThreshold passing checks once it restarts", () => {
    const run = runYaml(lbYaml("5s", 3), 1);
    const restored = run.events.find((e) => e.kind === "lb.targetRestored");
    expect(restored).toBeDefined();
    const delay = seconds(restored?.timeUs ?? 0) - 300;
    expect(delay).toBeGreaterThanOrEqual(5);
    expect(delay).toBeLessThanOrEqual(10);
  });
});

describe("database failover", () => {
  it("detects a dead primary after missedHeartbeats heartbeats and promotes after the promotion time", () => {
    const run = runYaml(replicationYaml({ mode: "sync", lag: "1s", writesPerS: 10, failAt: "5m" }));
    const detected = run.events.find((e) => e.kind === "db.failureDetected");
    const promoted = run.events.find((e) => e.kind === "db.promoted");
    // Heartbeats are checked on whole seconds and the crash happens on one: 3 misses → +2 s.
    expect(seconds(detected?.timeUs ?? 0) - 300).toBeGreaterThanOrEqual(2);
    expect(seconds(detected?.timeUs ?? 0) - 300).toBeLessThanOrEqual(3);
    expect(seconds((promoted?.timeUs ?? 0) - (detected?.timeUs ?? 0))).toBe(10);
  });
});
