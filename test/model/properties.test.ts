// Properties of the model over random small designs (fast-check): requests are
// conserved, availability is a ratio, and a design under light load with no fault has no
// incident and loses nothing.

import { fc, test } from "@fast-check/vitest";
import { describe, expect } from "vitest";
import { loadScenario, runScenario } from "../../src/scenario/index.js";

interface Design {
  /** Add faults that touch nothing the design uses (another region, an unused dependency). */
  untouched?: boolean;
  zones: number;
  instancesPerZone: number;
  concurrency: number;
  queue: number;
  serviceMs: number;
  load: number;
  writeRatio: number;
  replicaMode: "sync" | "async";
  crash: boolean;
  seed: number;
}

const designs = fc.record({
  zones: fc.integer({ min: 1, max: 3 }),
  instancesPerZone: fc.integer({ min: 1, max: 3 }),
  concurrency: fc.integer({ min: 1, max: 8 }),
  queue: fc.integer({ min: 0, max: 50 }),
  serviceMs: fc.integer({ min: 1, max: 50 }),
  load: fc.double({ min: 0.05, max: 2, noNaN: true }),
  writeRatio: fc.integer({ min: 0, max: 100 }),
  replicaMode: fc.constantFrom("sync" as const, "async" as const),
  crash: fc.boolean(),
  seed: fc.integer({ min: 0, max: 1_000_000 }),
});

function yamlOf(d: Design): string {
  const zones = ["a", "b", "c"].slice(0, d.zones);
  // A slot is held for the service time plus the database call: at most 0.5 ms of round trip,
  // 3 ms of write and 2 ms to the synchronous replica, so 6 ms bounds the call from above.
  const capacityPerS = (d.zones * d.instancesPerZone * d.concurrency * 1000) / (d.serviceMs + 6);
  // Capped so a property run stays small; overload still happens when capacity is small.
  const rate = Math.min(1500, Math.max(1, Math.round(capacityPerS * d.load)));
  const faults = d.crash
    ? "faults: [{ kind: zone-outage, zone: r/a, at: 1m, for: 1m }]"
    : d.untouched
      ? `faults:
  - { kind: region-outage, region: far, at: 30s, for: 1m }
  - { kind: dependency-errors, dependency: unused, errorRate: 100%, at: 10s }
  - { kind: network-partition, between: [far, r/z], at: 20s, for: 30s }`
      : "";
  return `
name: property
duration: 3m
design:
  regions: [{ name: r, zones: [${zones.join(", ")}, z] }, { name: far, zones: [x] }]
  externals: [{ name: unused, latency: { mean: 5ms } }]
  services:
    - name: s
      regions: [r]
      instancesPerZone: ${d.instancesPerZone}
      concurrency: ${d.concurrency}
      queue: ${d.queue}
      serviceTime: { distribution: exponential, mean: ${d.serviceMs}ms }
      database: { name: db }
  databases:
    - { name: db, primary: r/a, replicas: [{ zone: r/z, mode: ${d.replicaMode}, lag: 1s }] }
workload:
  clients: [{ region: r, service: s, rate: ${rate}/s, writeRatio: ${d.writeRatio}% }]
${faults}
`;
}

const run = (d: Design) => runScenario(loadScenario(yamlOf(d), "property.yaml"), { seed: d.seed, version: "test" });

describe("model properties", () => {
  test.prop([designs], { numRuns: 25 })("conserves requests: issued = succeeded + failed + in flight", (d) => {
    const result = run(d);
    expect(result.counts.issued).toBe(result.requests.succeeded + result.requests.failed + result.counts.inFlight);
    expect(result.counts.inFlight).toBeGreaterThanOrEqual(0);
  });

  test.prop([designs], { numRuns: 25 })("keeps availability and every success ratio within [0, 1]", (d) => {
    const result = run(d);
    expect(result.availability).toBeGreaterThanOrEqual(0);
    expect(result.availability).toBeLessThanOrEqual(1);
    for (const point of result.timeline.points) {
      expect(point.successRatio).toBeGreaterThanOrEqual(0);
      expect(point.successRatio).toBeLessThanOrEqual(1);
    }
  });

  test.prop([designs.map((d) => ({ ...d, crash: false, load: Math.min(d.load, 0.4), queue: 50 }))], { numRuns: 25 })(
    "has no incident and loses nothing without a fault under light load",
    (d) => {
      const result = run(d);
      expect(result.incidents).toEqual([]);
      expect(result.rpo).toEqual({ maxS: 0, lostWrites: 0, losses: [] });
      expect(result.requests.failed).toBe(0);
    },
  );

  test.prop([designs.map((d) => ({ ...d, crash: true, replicaMode: "sync" as const }))], { numRuns: 15 })(
    "never loses an acknowledged write with a synchronous replica",
    (d) => {
      expect(run(d).rpo.lostWrites).toBe(0);
    },
  );

  test.prop([designs.map((d) => ({ ...d, crash: false }))], { numRuns: 15 })(
    "is not changed by faults outside every failure domain it uses",
    (d) => {
      const plain = run(d);
      const touched = run({ ...d, untouched: true });
      expect(touched.requests).toEqual(plain.requests);
      expect(touched.latencyMs).toEqual(plain.latencyMs);
      expect(touched.failuresByReason).toEqual(plain.failuresByReason);
      expect(touched.rpo).toEqual(plain.rpo);
      expect(touched.incidents.map((i) => [i.startS, i.recoveredS])).toEqual(
        plain.incidents.map((i) => [i.startS, i.recoveredS]),
      );
    },
  );
});
