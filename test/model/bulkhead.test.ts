// Bulkheads: a separate pool per dependency. Calls beyond it fail at once instead of taking the
// instance's slots, so a slow dependency cannot starve the requests that do not need it.

import { describe, expect, it } from "vitest";
import { runYaml } from "../support/scenarios.js";

function yaml(bulkhead: string): string {
  return `
name: bulkhead
duration: 10m
design:
  network: { sameZone: 0us, crossZone: 0us, crossRegion: 0us, client: 0us, jitter: 0% }
  regions: [{ name: r, zones: [a] }]
  externals: [{ name: reports, latency: { distribution: constant, mean: 5ms } }]
  services:
    - name: s
      concurrency: 40
      queue: 40
      serviceTime: { distribution: constant, mean: 2ms }
      calls:
        - { to: reports, fraction: 10%, criticality: optional, timeout: 5s${bulkhead} }
workload:
  clients: [{ region: r, service: s, rate: 200/s }]
faults:
  - { kind: dependency-timeout, dependency: reports, at: 2m, for: 5m }
`;
}

describe("a bulkhead", () => {
  const without = runYaml(yaml(""));
  const withBulkhead = runYaml(yaml(", bulkhead: 5"));

  it("caps the calls in flight to the dependency and fails the rest at once", () => {
    expect(withBulkhead.dependencies[0].fastFails).toBeGreaterThan(0);
    expect(without.dependencies[0].fastFails).toBe(0);
  });

  it("keeps the instance's slots for the requests that do not need the hung dependency", () => {
    // Without it, 20 calls/s × 5 s hold 100 slots of 40: the tier sheds most requests.
    expect(without.failuresByReason["load-shed"]).toBeGreaterThan(10_000);
    expect(withBulkhead.failuresByReason["load-shed"]).toBeUndefined();
    expect(withBulkhead.requests.failed).toBe(0);
    expect(withBulkhead.requests.degraded).toBeGreaterThan(0);
  });
});

describe("a feature-flag kill switch", () => {
  const switchYaml = `
name: kill-switch
duration: 30m
design:
  network: { sameZone: 0us, crossZone: 0us, crossRegion: 0us, client: 0us, jitter: 0% }
  regions: [{ name: r, zones: [a] }]
  externals: [{ name: recs, latency: { distribution: constant, mean: 5ms } }]
  services:
    - name: s
      concurrency: 128 # 100/s × 800 ms timeouts hold 80 slots before the flip
      serviceTime: { distribution: constant, mean: 2ms }
      calls:
        - to: recs
          criticality: optional
          timeout: 800ms
          killSwitch: { errorRate: "> 20%", window: 1m, reaction: 2m, retryAfter: 5m }
workload:
  clients: [{ region: r, service: s, rate: 100/s }]
faults:
  - { kind: dependency-timeout, dependency: recs, at: 5m, for: 12m }
`;
  const result = runYaml(switchYaml);
  const flips = result.events.filter((e) => e.kind.startsWith("flag."));

  it("turns the failing feature off within the window + reaction, and tries it again later", () => {
    expect(flips[0].kind).toBe("flag.switchedOff");
    const offAfterS = flips[0].timeUs / 1e6 - 300;
    expect(offAfterS).toBeGreaterThanOrEqual(120); // the reaction time…
    expect(offAfterS).toBeLessThanOrEqual(120 + 70); // …after the breach shows in the window
    expect(flips[1].kind).toBe("flag.switchedOn");
    expect(flips[1].timeUs - flips[0].timeUs).toBe(300e6);
  });

  it("serves requests without the feature, fast, while it is off", () => {
    expect(result.requests.failed).toBe(0);
    expect(result.requests.degraded).toBeGreaterThan(0);
    // Switched off, requests skip the 800 ms timeout: the slowest are the ones before the flip.
    expect(result.latencyMs.p50).toBeLessThan(20);
  });
});
