// Determinism as a feature (ARCHITECTURE.md, "Determinism rules"): the same file and seed give the same
// trace hash; different seeds give different ones; observers change nothing.

import { describe, expect, it } from "vitest";
import { loadScenario, runScenario } from "../../src/scenario/index.js";

const yaml = `
name: determinism
duration: 20m
design:
  regions: [{ name: r1, zones: [a, b] }, { name: r2, zones: [a] }]
  services:
    - name: api
      instancesPerZone: 2
      concurrency: 4
      queue: 8
      serviceTime: { distribution: lognormal, mean: 20ms, sigma: 0.8 }
      database: { name: db, reads: local-replica }
  databases:
    - name: db
      primary: r1/a
      replicas: [{ zone: r1/b, mode: sync }, { zone: r2/a, mode: async, lag: 1s }]
  routing: { dns: { ttl: 30s } }
  alerts: [{ name: errors, errorRate: "> 1%" }]
workload:
  clients:
    - { region: r1, service: api, rate: 150/s, writeRatio: 30% }
    - { region: r2, service: api, rate: 50/s, writeRatio: 30% }
faults:
  - { kind: region-outage, region: r1, at: 5m, for: 10m }
  - { kind: traffic-spike, client: r2, multiplier: 3, at: 7m, for: 2m }
`;

const scenario = loadScenario(yaml, "determinism.yaml");
const run = (seed: number) => runScenario(scenario, { seed, version: "test" });

describe("determinism", () => {
  it("gives the same trace hash, events and metrics for the same seed", () => {
    const a = run(42);
    const b = run(42);
    expect(b.traceHash).toBe(a.traceHash);
    expect(b.eventDigest).toBe(a.eventDigest);
    expect(b.events).toEqual(a.events);
    expect(b.requests).toEqual(a.requests);
    expect(b.incidents).toEqual(a.incidents);
  });

  it("gives exactly 3 distinct traces for seeds ⌊i/3⌋, i = 0..8", () => {
    const hashes = Array.from({ length: 9 }, (_, i) => run(Math.floor(i / 3)).traceHash);
    expect(new Set(hashes).size).toBe(3);
    for (let i = 0; i < 9; i++) expect(hashes[i]).toBe(hashes[Math.floor(i / 3) * 3]);
  });

  it("is not changed by a progress observer", () => {
    let calls = 0;
    const observed = runScenario(scenario, { seed: 5, version: "test", onProgress: () => calls++ });
    expect(observed.traceHash).toBe(run(5).traceHash);
    expect(calls).toBeGreaterThanOrEqual(0);
  });

  it("is not changed, request for request, by adding an alert rule (an observer of the world)", () => {
    const base = run(3);
    const withAlert = runScenario(
      loadScenario(
        yaml.replace(
          'alerts: [{ name: errors, errorRate: "> 1%" }]',
          'alerts: [{ name: errors, errorRate: "> 1%" }, { name: more, errorRate: "> 50%" }]',
        ),
        "d.yaml",
      ),
      { seed: 3, version: "test" },
    );
    expect(withAlert.requests).toEqual(base.requests);
    expect(withAlert.latencyMs).toEqual(base.latencyMs);
    expect(withAlert.rpo).toEqual(base.rpo);
  });
});
