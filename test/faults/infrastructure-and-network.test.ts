// Mechanics of the infrastructure, network, DNS and data faults: each changes what it should
// and nothing else.

import { describe, expect, it } from "vitest";
import { runYaml } from "../support/scenarios.js";

/** Two regions; clients in r1; the service in r2 only (so every request crosses r1↔r2). */
function crossRegionYaml(fault: string, extra = ""): string {
  return `
name: network
duration: 6m
design:
  network: { sameZone: 0us, crossZone: 1ms, crossRegion: 20ms, client: 5ms, jitter: 0% }
  regions: [{ name: r1, zones: [a] }, { name: r2, zones: [a, b] }]
  services:
    - name: api
      regions: [r2]
      instancesPerZone: 2
      concurrency: 32
      serviceTime: { distribution: constant, mean: 10ms }
${extra}
workload:
  clients: [{ region: r1, service: api, rate: 200/s }]
faults:
  - ${fault}
`;
}

const seconds = (us: number) => us / 1e6;

describe("slow-node (grey failure)", () => {
  const yaml = crossRegionYaml("{ kind: slow-node, node: api/r2/a/1, factor: 20, at: 1m, for: 2m }");
  const result = runYaml(yaml);

  it("slows the requests it serves while it keeps passing health checks", () => {
    expect(result.events.some((e) => e.kind === "lb.targetEjected")).toBe(false);
    expect(result.requests.failed).toBe(0);
    // Healthy: 2×(5+20) ms network + 10 ms. The slow node serves 1 in 4 requests at 200 ms.
    expect(result.latencyMs.p50).toBeCloseTo(60, 0);
    expect(result.latencyMs.max).toBeCloseTo(250, 0);
  });
});

describe("failing-health-check", () => {
  it("gets a serving instance ejected: capacity is lost, no request fails", () => {
    const result = runYaml(crossRegionYaml("{ kind: failing-health-check, node: api/r2/a/1, at: 1m, for: 2m }"));
    const ejected = result.events.filter((e) => e.kind === "lb.targetEjected");
    const restored = result.events.filter((e) => e.kind === "lb.targetRestored");
    expect(ejected.map((e) => e.subject)).toEqual(["api/r2/a/1"]);
    expect(restored.map((e) => e.subject)).toEqual(["api/r2/a/1"]);
    expect(seconds(ejected[0].timeUs) - 60).toBeLessThanOrEqual(30); // 3 checks × 10 s
    expect(result.requests.failed).toBe(0);
  });

  it("flaps: the instance is ejected and restored again and again", () => {
    const result = runYaml(
      crossRegionYaml("{ kind: failing-health-check, node: api/r2/a/1, flapEvery: 80s, at: 1m, for: 4m }"),
    );
    expect(result.events.filter((e) => e.kind === "lb.targetEjected").length).toBeGreaterThanOrEqual(2);
    expect(result.events.filter((e) => e.kind === "lb.targetRestored").length).toBeGreaterThanOrEqual(2);
  });
});

describe("latency-spike", () => {
  it("adds its extra latency to each crossing, both ways, only while it lasts", () => {
    const result = runYaml(
      crossRegionYaml("{ kind: latency-spike, between: [r1, r2], extra: 100ms, at: 2m, for: 2m }"),
    );
    expect(result.requests.failed).toBe(0);
    // 60 ms normally; +2 × 100 ms during the spike (a third of the run).
    expect(result.latencyMs.p50).toBeCloseTo(60, 0);
    expect(result.latencyMs.max).toBeCloseTo(260, 0);
    expect(result.latencyMs.mean).toBeGreaterThan(60 + 200 * 0.3);
    expect(result.latencyMs.mean).toBeLessThan(60 + 200 * 0.37);
  });

  it("does not touch traffic that does not cross it", () => {
    const result = runYaml(
      crossRegionYaml("{ kind: latency-spike, between: [r2/a, r2/b], extra: 100ms, at: 2m, for: 2m }"),
    );
    expect(result.latencyMs.max).toBeCloseTo(60, 0);
  });
});

describe("packet-loss", () => {
  it("costs a retransmission timeout to the fraction of round trips that lose a packet", () => {
    const loss = 0.05;
    const result = runYaml(crossRegionYaml(`{ kind: packet-loss, between: [r1, r2], loss: 5%, at: 0s }`));
    // A round trip crosses twice: P(at least one loss) = 1 − 0.95² = 9.75%. Those requests take
    // ≥ 200 ms longer; p95 must be among them, p50 must not be.
    const affected = 1 - (1 - loss) ** 2;
    expect(affected).toBeGreaterThan(0.05);
    expect(result.latencyMs.p50).toBeCloseTo(60, 0);
    expect(result.latencyMs.p95).toBeGreaterThanOrEqual(259);
    // Mean excess: each affected request ≥ 200 ms, so the mean rises by about 200 × 9.75% ≈ 19.5 ms.
    expect(result.latencyMs.mean - 60).toBeGreaterThan(200 * affected * 0.9);
    expect(result.latencyMs.mean - 60).toBeLessThan(200 * affected * 1.25);
  });
});

describe("network-partition", () => {
  it("cuts clients off from the region on the other side, and only while it lasts", () => {
    const result = runYaml(crossRegionYaml("{ kind: network-partition, between: [r1, r2], at: 2m, for: 1m }"));
    expect(result.failuresByReason["region-unreachable"]).toBeGreaterThan(200 * 60 * 0.9);
    expect(result.failuresByReason["region-unreachable"]).toBeLessThan(200 * 60 * 1.1);
    expect(result.incidents).toHaveLength(1);
    expect(result.incidents[0].startS).toBe(120);
    expect(result.incidents[0].recoveredS).toBe(180);
  });

  it("one way: blocks only traffic from the first end to the second", () => {
    const forward = runYaml(
      crossRegionYaml("{ kind: network-partition, between: [r1, r2], oneWay: true, at: 2m, for: 1m }"),
    );
    const backward = runYaml(
      crossRegionYaml("{ kind: network-partition, between: [r2, r1], oneWay: true, at: 2m, for: 1m }"),
    );
    expect(forward.requests.failed).toBeGreaterThan(0);
    expect(backward.requests.failed).toBe(0); // a client's connection starts on its side
  });
});

/** A primary in r/a, an async replica in r/b, the service in r/b writing to it. */
function dataYaml(faults: string): string {
  return `
name: data
duration: 8m
design:
  network: { jitter: 0% }
  regions: [{ name: r, zones: [a, b] }]
  services:
    - name: api
      zones: []
      concurrency: 64
      serviceTime: { distribution: constant, mean: 1ms }
      database: { name: db, timeout: 500ms }
  databases:
    - name: db
      primary: r/a
      replicas: [{ zone: r/b, mode: async, lag: 1s }]
      failover: { heartbeat: 1s, missedHeartbeats: 2, promotion: 5s }
  routing: { dns: { ttl: 30s } }
workload:
  clients: [{ region: r, service: api, rate: 100/s, writeRatio: 50% }]
faults:
${faults}
`.replace("      zones: []\n", "");
}

describe("network-partition between a service and its database", () => {
  it("makes the database calls across it time out, and stops replication until it heals", () => {
    // The service runs in both zones; the partition cuts r/b off from r/a (the primary).
    const result = runYaml(
      dataYaml(`  - { kind: network-partition, between: [r/a, r/b], at: 2m, for: 1m }
  - { kind: node-crash, node: db/r/a, at: 3m10s }`),
    );
    expect(result.failuresByReason["database-unavailable"]).toBeGreaterThan(0);
    // Healed at 3m, the replica caught up by 3m01s: the crash at 3m10s loses only the last 1 s.
    expect(result.rpo.lostWrites).toBeLessThan(80);
    expect(result.rpo.maxS).toBeLessThanOrEqual(1);
  });

  it("loses everything written since the partition when the primary dies during it", () => {
    const result = runYaml(
      dataYaml(`  - { kind: network-partition, between: [r/a, r/b], at: 2m, for: 5m }
  - { kind: node-crash, node: db/r/a, at: 2m30s }`),
    );
    // Writes from r/a's instances reached the primary for 30 s but never the replica.
    expect(result.rpo.maxS).toBeGreaterThan(30);
    expect(result.rpo.maxS).toBeLessThanOrEqual(31);
  });
});

describe("disk-full", () => {
  it("fails writes at once (no timeout) and leaves reads alone", () => {
    const result = runYaml(dataYaml("  - { kind: disk-full, database: db, at: 2m, for: 1m }"));
    // 50 writes/s for 60 s.
    expect(result.failuresByReason["database-error"]).toBeGreaterThan(50 * 60 * 0.85);
    expect(result.failuresByReason["database-error"]).toBeLessThan(50 * 60 * 1.15);
    expect(result.failuresByReason["database-unavailable"]).toBeUndefined();
    expect(result.rpo.lostWrites).toBe(0);
  });
});

describe("dns-failure", () => {
  it("fails clients as their cached answers expire, all of them after one TTL, and recovers at once", () => {
    const result = runYaml(dataYaml("  - { kind: dns-failure, at: 2m, for: 2m }"));
    const failed = result.failuresByReason["dns-resolution-failed"] ?? 0;
    // Caches expire uniformly over the 30 s TTL: half of 30 s, then 90 s of everything: 105 s of 100/s.
    expect(failed).toBeGreaterThan(100 * 105 * 0.9);
    expect(failed).toBeLessThan(100 * 105 * 1.1);
    expect(result.incidents).toHaveLength(1);
    expect(result.incidents[0].recoveredS).toBe(240);
  });
});

describe("traffic-ramp", () => {
  it("climbs steadily from the normal rate to `to` times it, then drops back", () => {
    const result = runYaml(`
name: ramp
duration: 30m
design:
  regions: [{ name: r, zones: [a] }]
  services: [{ name: s, concurrency: 512, serviceTime: { distribution: constant, mean: 1ms } }]
workload:
  clients: [{ region: r, service: s, rate: 100/s }]
faults:
  - { kind: traffic-ramp, client: r, to: 5, at: 5m, for: 20m }
`);
    const perSecond = (fromS: number) => {
      const point = result.timeline.points.find((p) => p.startS === fromS);
      return (point?.requests ?? 0) / result.timeline.windowS;
    };
    // Poisson counts over a 10 s window: ±4 s.d. is ±13% at 100/s and ±6% at 500/s.
    expect(perSecond(120)).toBeGreaterThan(85);
    expect(perSecond(120)).toBeLessThan(115);
    expect(perSecond(900)).toBeGreaterThan(perSecond(600) * 1.2); // climbing…
    expect(perSecond(1480)).toBeGreaterThan(440); // …near ×5 at the end (×4.8 on the last step)…
    expect(perSecond(1620)).toBeLessThan(115); // …and back after it
  });
});

describe("a CDN at the edge", () => {
  it("answers its share of user requests even when the origin region is down", () => {
    const result = runYaml(`
name: cdn
duration: 10m
design:
  regions: [{ name: r, zones: [a] }]
  services: [{ name: s, concurrency: 64, serviceTime: { distribution: constant, mean: 1ms } }]
  edge: { cacheHitRatio: 60% }
workload:
  clients: [{ region: r, service: s, rate: 200/s }]
faults:
  - { kind: region-outage, region: r, at: 0s }
`);
    // 120,000 requests, each a hit with probability 0.6: s.d. 0.0014; allow 4.
    expect(Math.abs(result.availability - 0.6)).toBeLessThan(0.006);
    expect(result.failuresByReason["region-unreachable"]).toBe(result.requests.failed);
  });
});
