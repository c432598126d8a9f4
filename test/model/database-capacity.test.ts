// A database's capacity is per node: writes load the primary, reads load the node that serves
// them, so read replicas take load off the primary.

import { describe, expect, it } from "vitest";
import { runYaml } from "../support/scenarios.js";

/** 300 reads/s from each of two regions; each node serves 4 × 10 ms at once (400/s). */
function readsYaml(reads: "primary" | "local-replica"): string {
  return `
name: capacity
duration: 5m
design:
  network: { sameZone: 0us, crossZone: 0us, crossRegion: 5ms, client: 0us, jitter: 0% }
  regions: [{ name: r1, zones: [a] }, { name: r2, zones: [a] }]
  services:
    - name: api
      concurrency: 256
      serviceTime: { distribution: constant, mean: 1ms }
      database: { name: db, reads: ${reads}, timeout: 1s }
  databases:
    - { name: db, primary: r1/a, replicas: [{ zone: r2/a, mode: async }], readTime: 10ms, capacity: 4 }
workload:
  clients:
    - { region: r1, service: api, rate: 300/s, writeRatio: 0% }
    - { region: r2, service: api, rate: 300/s, writeRatio: 0% }
`;
}

describe("database capacity per node", () => {
  it("lets each region's replica serve its own reads within its capacity", () => {
    const result = runYaml(readsYaml("local-replica"));
    expect(result.requests.failed).toBe(0);
    // Each node at ρ = 300 × 10 ms / 4 = 0.75 makes a 10 ms read take 40 ms: 41 ms with the
    // service time. The load is read from an EWMA of Poisson arrivals, whose wobble can only raise
    // the mean of 1/(1 − ρ̂) (Jensen); measured 42.4 ms. Shared capacity would have overloaded it.
    expect(result.latencyMs.mean).toBeGreaterThan(41);
    expect(result.latencyMs.mean).toBeLessThan(50);
  });

  it("overloads the primary when every read goes to it (600/s against 400/s)", () => {
    const result = runYaml(readsYaml("primary"));
    expect(result.failuresByReason["database-unavailable"]).toBeGreaterThan(0.5 * result.requests.total);
  });
});
