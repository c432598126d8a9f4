// Mechanics of the failover defences against the outages they answer: DNS failover against a
// region-outage, load-balancer ejection and database promotion against a zone-outage, what a
// replication-lag fault does to a failover's RPO, where `local-replica` reads go, what
// `failover: none` leaves, and least-outstanding balancing around a slow node.
//
// Timings read from the trace are exact where the model is (a TTL, a promotion time) and bounded
// by [(k−1)·i, k·i] where a health check's random phase enters. Poisson counts of failures allow
// 5 standard deviations.

import { describe, expect, it } from "vitest";
import { runYaml } from "../support/scenarios.js";

type Result = ReturnType<typeof runYaml>;
const timeOf = (result: Result, kind: string, subject?: string) =>
  (result.events.find((e) => e.kind === kind && (subject === undefined || e.subject === subject))?.timeUs ??
    Number.NaN) / 1e6;
const within = (count: number, expected: number) =>
  expect(Math.abs(count - expected), `${count} against ${expected}`).toBeLessThan(5 * Math.sqrt(expected));

describe("region-outage against DNS failover", () => {
  // Clients in east; east down from 60 s to 180 s. DNS checks every 5 s (3 misses), TTL 30 s.
  const result = runYaml(`
name: dns-failover
duration: 5m
design:
  network: { jitter: 0% }
  regions: [{ name: east, zones: [a, b] }, { name: west, zones: [a] }]
  services: [{ name: api, concurrency: 64, serviceTime: { distribution: constant, mean: 1ms }, database: { name: db, timeout: 200ms } }]
  databases:
    - name: db
      primary: east/a
      replicas: [{ zone: west/a, mode: async, lag: 1s }]
      failover: { heartbeat: 1s, missedHeartbeats: 3, promotion: 10s }
  routing: { dns: { ttl: 30s, healthCheck: { interval: 5s, unhealthyThreshold: 3, healthyThreshold: 2 } } }
workload:
  clients: [{ region: east, service: api, rate: 100/s, writeRatio: 20%, population: 1000 }]
faults:
  - { kind: region-outage, region: east, at: 60s, for: 2m }
`);
  const failedOverS = timeOf(result, "dns.failedOver");
  const propagatedS = timeOf(result, "dns.propagated");

  it("moves the answer after unhealthyThreshold failed checks", () => {
    expect(failedOverS - 60).toBeGreaterThanOrEqual(10);
    expect(failedOverS - 60).toBeLessThanOrEqual(15);
    expect(result.events.find((e) => e.kind === "dns.failedOver")?.detail).toBe("east→west");
  });

  it("moves every client within one TTL of the change", () => {
    expect(propagatedS - failedOverS).toBeCloseTo(30, 6);
    expect(result.incidents).toHaveLength(1);
    expect(result.incidents[0].startS).toBe(60);
    expect(result.incidents[0].recoveredS).toBeLessThanOrEqual(Math.ceil(propagatedS));
  });

  it("fails every client until the change, then a share falling linearly over the TTL", () => {
    // All 100/s until the answer changes, then caches expire uniformly over 30 s: half of it.
    within(result.failuresByReason["region-unreachable"] ?? 0, 100 * (failedOverS - 60 + 15));
    expect(result.requests.failed).toBe(result.failuresByReason["region-unreachable"]);
  });

  it("fails the region's primary over, and moves the answer back once the region is healthy", () => {
    expect(result.counts.promotions).toBe(1);
    // Heartbeats every 1 s from a random phase: 3 missed after 2–3 s, then 10 s to promote.
    expect(timeOf(result, "db.promoted")).toBeGreaterThanOrEqual(72);
    expect(timeOf(result, "db.promoted")).toBeLessThanOrEqual(73);
    expect(result.rpo.maxS).toBeLessThanOrEqual(1); // the async replica's lag
    const failedBackS = timeOf(result, "dns.failedBack");
    expect(failedBackS).toBeGreaterThan(180);
    expect(failedBackS).toBeLessThanOrEqual(180 + 30); // instances back in rotation, then 2 passes
    expect(result.counts.dnsFailovers).toBe(2);
  });
});

describe("zone-outage against load balancing and a synchronous replica", () => {
  // Two instances in each of r/a and r/b; the primary in r/a, a sync replica in r/b.
  const result = runYaml(`
name: zone
duration: 3m
design:
  network: { jitter: 0% }
  regions: [{ name: r, zones: [a, b] }]
  services:
    - name: api
      instancesPerZone: 2
      concurrency: 64
      serviceTime: { distribution: constant, mean: 1ms }
      healthCheck: { interval: 5s, unhealthyThreshold: 3, healthyThreshold: 2 }
      database: { name: db, timeout: 200ms }
  databases:
    - name: db
      primary: r/a
      replicas: [{ zone: r/b, mode: sync }]
      failover: { heartbeat: 1s, missedHeartbeats: 3, promotion: 10s }
workload:
  clients: [{ region: r, service: api, rate: 200/s, writeRatio: 50% }]
faults:
  - { kind: zone-outage, zone: r/a, at: 60s, for: 60s }
`);
  const ejected = result.events.filter((e) => e.kind === "lb.targetEjected");
  const restored = result.events.filter((e) => e.kind === "lb.targetRestored");

  it("gets the zone's instances ejected after their health checks fail, and back after it heals", () => {
    expect(ejected.map((e) => e.subject).sort()).toEqual(["api/r/a/1", "api/r/a/2"]);
    for (const e of ejected) {
      expect(e.timeUs / 1e6 - 60).toBeGreaterThanOrEqual(10);
      expect(e.timeUs / 1e6 - 60).toBeLessThanOrEqual(15);
    }
    expect(restored.map((e) => e.subject).sort()).toEqual(["api/r/a/1", "api/r/a/2"]);
    for (const e of restored) {
      expect(e.timeUs / 1e6 - 120).toBeGreaterThanOrEqual(5);
      expect(e.timeUs / 1e6 - 120).toBeLessThanOrEqual(10);
    }
  });

  it("fails the half of the requests sent to dead instances until they are ejected", () => {
    // Round-robin over four instances, two dead: exactly half of 200/s until the ejection.
    within(result.failuresByReason["instance-down"] ?? 0, 100 * (ejected[0].timeUs / 1e6 - 60));
  });

  it("promotes the synchronous replica, losing nothing; the other half waits out the database until then", () => {
    const promotedS = timeOf(result, "db.promoted", "db/r/b");
    expect(promotedS).toBeGreaterThanOrEqual(72); // 3 heartbeats missed after 2–3 s, + 10 s
    expect(promotedS).toBeLessThanOrEqual(73);
    expect(result.rpo.lostWrites).toBe(0);
    within(result.failuresByReason["database-unavailable"] ?? 0, 100 * (promotedS - 60));
    expect(result.incidents[0].recoveredS).toBeLessThanOrEqual(Math.ceil(ejected[0].timeUs / 1e6) + 1);
  });
});

/** A primary in r/a and an async replica (lag 1 s) in r/b; 200 writes/s; the primary dies at 2 min. */
function lagYaml(lagFault: string, replicaMode = "async"): string {
  return `
name: replication-lag
duration: 3m
design:
  network: { jitter: 0% }
  regions: [{ name: r, zones: [a, b] }]
  services: [{ name: api, regions: [r], concurrency: 64, serviceTime: { distribution: constant, mean: 1ms }, database: { name: db } }]
  databases:
    - name: db
      primary: r/a
      replicas: [{ zone: r/b, mode: ${replicaMode}, lag: 1s }]
      failover: { heartbeat: 1s, missedHeartbeats: 3, promotion: 10s }
workload:
  clients: [{ region: r, service: api, rate: 200/s, writeRatio: 100% }]
faults:
  - ${lagFault}
  - { kind: node-crash, node: db/r/a, at: 2m }
`;
}

describe("replication-lag", () => {
  it("delays the writes made during it by its lag: a failover then loses about lag × write rate", () => {
    const result = runYaml(lagYaml("{ kind: replication-lag, database: db, replica: r/b, lag: 20s, at: 1m, for: 5m }"));
    within(result.rpo.lostWrites, 200 * 20);
    expect(result.rpo.maxS).toBeLessThanOrEqual(20);
    expect(result.rpo.maxS).toBeGreaterThan(19.9); // the first unapplied write: an inter-write gap below 20 s
  });

  it("leaves no extra loss once it has ended and the replica has caught up", () => {
    const result = runYaml(
      lagYaml("{ kind: replication-lag, database: db, replica: r/b, lag: 20s, at: 30s, for: 30s }"),
    );
    // Back to the replica's own 1 s lag by the crash at 2 min.
    within(result.rpo.lostWrites, 200 * 1);
    expect(result.rpo.maxS).toBeLessThanOrEqual(1);
  });

  it("does not delay a synchronous replica", () => {
    const result = runYaml(
      lagYaml("{ kind: replication-lag, database: db, replica: r/b, lag: 20s, at: 1m, for: 5m }", "sync"),
    );
    expect(result.rpo.lostWrites).toBe(0);
  });
});

/** A primary in far/a, a replica in near/a; the service and its clients in near. */
function readsYaml(reads: string): string {
  return `
name: reads
duration: 2m
design:
  network: { sameZone: 0us, crossZone: 0us, crossRegion: 20ms, client: 0us, jitter: 0% }
  regions: [{ name: near, zones: [a] }, { name: far, zones: [a] }]
  services: [{ name: api, regions: [near], concurrency: 64, serviceTime: { distribution: constant, mean: 1ms }, database: { name: db, reads: ${reads}, timeout: 200ms } }]
  databases:
    - name: db
      primary: far/a
      replicas: [{ zone: near/a, mode: async, lag: 1s }]
      readTime: 2ms
      writeTime: 3ms
      failover: { mode: none }
workload:
  clients: [{ region: near, service: api, rate: 100/s, writeRatio: 25% }]
faults:
  - { kind: node-crash, node: db/far/a, at: 60s }
`;
}

describe("database reads and failover: none", () => {
  const primary = runYaml(readsYaml("primary"));
  const local = runYaml(readsYaml("local-replica"));

  it("with failover none promotes nothing: every call to the dead primary fails until it returns", () => {
    expect(primary.counts.promotions).toBe(0);
    expect(primary.events.some((e) => e.kind === "db.promoted")).toBe(false);
    // Reads and writes alike, for the last 60 s.
    within(primary.failuresByReason["database-unavailable"] ?? 0, 100 * 60);
  });

  it("sends local-replica reads to the replica in the caller's region: only writes fail", () => {
    within(local.failuresByReason["database-unavailable"] ?? 0, 25 * 60);
    // A local read: 1 ms of work + 2 ms; a read from the far primary adds a 40 ms round trip.
    expect(local.latencyMs.p50).toBeCloseTo(3, 1);
    expect(primary.latencyMs.p50).toBeCloseTo(43, 0);
  });
});

describe("least-outstanding balancing around a slow node", () => {
  // Four instances; one serves 20× slower (200 ms instead of 10 ms) and passes its checks.
  const run = (balancing: string) =>
    runYaml(`
name: balancing
duration: 2m
design:
  network: { sameZone: 0us, crossZone: 0us, crossRegion: 0us, client: 0us, jitter: 0% }
  regions: [{ name: r, zones: [a] }]
  services:
    - { name: api, instancesPerZone: 4, concurrency: 64, balancing: ${balancing}, serviceTime: { distribution: constant, mean: 10ms } }
workload:
  clients: [{ region: r, service: api, rate: 200/s }]
faults:
  - { kind: slow-node, node: api/r/a/1, factor: 20, at: 0s }
`);
  /** The share of requests the slow node served, from the mean of 10 ms and 200 ms latencies. */
  const slowShare = (result: Result) => (result.latencyMs.mean - 10) / 190;

  it("round-robin sends the slow node exactly its quarter", () => {
    expect(Math.abs(slowShare(run("round-robin")) - 0.25)).toBeLessThan(0.005);
  });

  it("least-outstanding steers most requests around it", () => {
    const share = slowShare(run("least-outstanding"));
    expect(share).toBeGreaterThan(0); // it still serves: it is in rotation
    expect(share).toBeLessThan(0.1);
  });
});
