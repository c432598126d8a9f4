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
