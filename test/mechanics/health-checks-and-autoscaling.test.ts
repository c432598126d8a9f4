// Two timing mechanics the existing tests leave loose:
// - failing-health-check with flapEvery: the instance fails its checks for the first half of
//   each period and passes for the second, so it is ejected (unhealthyThreshold failed checks,
//   i.e. between (k−1)·i and k·i into the failing half) and restored (healthyThreshold passes into
//   the passing half) once per period, and it never fails a request;
// - the autoscaler's `every` and `cooldown`: decisions fall on multiples of `every`, no two
//   changes come within `cooldown` of each other, and a scale-out adds enough instances to bring
//   utilisation back to the target.

import { describe, expect, it } from "vitest";
import { autoscalingYaml, runYaml } from "../support/scenarios.js";

describe("failing-health-check with flapEvery", () => {
  // Checks every 5 s, 3 to eject, 2 to restore; flapping every 60 s from 60 s to 300 s.
  const result = runYaml(`
name: flap
duration: 6m
design:
  network: { sameZone: 0us, crossZone: 0us, crossRegion: 0us, client: 0us, jitter: 0% }
  regions: [{ name: r, zones: [a] }]
  services:
    - { name: api, instancesPerZone: 2, concurrency: 64, serviceTime: { distribution: constant, mean: 1ms }, healthCheck: { interval: 5s, unhealthyThreshold: 3, healthyThreshold: 2 } }
workload:
  clients: [{ region: r, service: api, rate: 100/s }]
faults:
  - { kind: failing-health-check, node: api/r/a/1, flapEvery: 60s, at: 60s, for: 4m }
`);
  const times = (kind: string) =>
    result.events.filter((e) => e.kind === kind && e.subject === "api/r/a/1").map((e) => e.timeUs / 1e6);

  it("is ejected once per period, 10–15 s into each failing half", () => {
    const ejected = times("lb.targetEjected");
    expect(ejected).toHaveLength(4);
    ejected.forEach((t, period) => {
      expect(t - (60 + 60 * period)).toBeGreaterThanOrEqual(10);
      expect(t - (60 + 60 * period)).toBeLessThanOrEqual(15);
    });
  });

  it("is restored once per period, 5–10 s into each passing half", () => {
    const restored = times("lb.targetRestored");
    expect(restored).toHaveLength(4);
    restored.forEach((t, period) => {
      expect(t - (90 + 60 * period)).toBeGreaterThanOrEqual(5);
      expect(t - (90 + 60 * period)).toBeLessThanOrEqual(10);
    });
  });

  it("never fails a request: the instance serves whatever it is sent", () => {
    expect(result.requests.failed).toBe(0);
  });
});

describe("the autoscaler's every and cooldown", () => {
  const result = runYaml(autoscalingYaml({ cooldown: "30s" }));
  const changes = result.events.filter((e) => e.kind === "autoscaler.scaledOut" || e.kind === "autoscaler.scaledIn");

  it("decides only on multiples of `every`", () => {
    expect(changes.length).toBeGreaterThan(2);
    for (const change of changes) expect(change.timeUs % 10e6).toBe(0);
  });

  it("changes nothing within `cooldown` of the last change", () => {
    for (let i = 1; i < changes.length; i++) {
      expect(changes[i].timeUs - changes[i - 1].timeUs).toBeGreaterThanOrEqual(30e6);
    }
  });

  it("scales out at the first decision after the spike, by enough to bring utilisation to the target", () => {
    const first = changes[0];
    expect(first.kind).toBe("autoscaler.scaledOut");
    expect(first.timeUs).toBe(310e6); // the first tick with the tripled load in its reading
    // "+k (utilization U%, …)" with 2 instances: k = ⌈2·U / 50%⌉ − 2, at least 1 (U as printed,
    // rounded to a whole percent: allow either side of the rounding).
    const match = /^\+(\d+) \(utilization (\d+)%/.exec(first.detail ?? "");
    expect(match).not.toBeNull();
    const added = Number(match?.[1]);
    const utilisation = Number(match?.[2]) / 100;
    const needed = (u: number) => Math.max(1, Math.min(4, Math.ceil((2 * u) / 0.5) - 2));
    expect(added).toBeGreaterThanOrEqual(needed(utilisation - 0.005));
    expect(added).toBeLessThanOrEqual(needed(utilisation + 0.005));
  });
});
