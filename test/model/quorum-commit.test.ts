// Quorum commit (`ack: { any: k }`): a write waits for the k-th fastest of the sync replicas
// receiving the log (an order statistic, not the slowest), is not acknowledged while fewer than k
// receive it, and a failover promotes only a node holding every acknowledged write.

import { describe, expect, it } from "vitest";
import { injectFaults } from "../../src/faults/index.js";
import { COMMIT_OK, COMMIT_WAITING, type Database } from "../../src/model/data/index.js";
import { World } from "../../src/model/index.js";
import { loadScenario, runScenario } from "../../src/scenario/index.js";

const S = 1_000_000;
const MS = 1000;
/** The network of the design below, one way, in µs. */
const SAME_ZONE_US = 100;
const CROSS_ZONE_US = 1 * MS;
const CROSS_REGION_US = 30 * MS;
/** A latency spike between r and t, each way, from the start. */
const EXTRA_US = 20 * MS;
const WRITE_US = 3 * MS;

/** Primary r/a; sync replicas r/b (near), s/a (far), t/a (farther still: the spike). */
function design(k: number | undefined, faults = "faults: []"): string {
  return `
name: quorum
duration: 5m
design:
  network: { sameZone: ${SAME_ZONE_US}us, crossZone: ${CROSS_ZONE_US}us, crossRegion: ${CROSS_REGION_US}us, jitter: 0% }
  regions: [{ name: r, zones: [a, b] }, { name: s, zones: [a] }, { name: t, zones: [a] }]
  services: [{ name: api, regions: [r], concurrency: 64, serviceTime: { distribution: constant, mean: 1ms }, database: { name: db, timeout: 1s } }]
  databases:
    - name: db
      primary: r/a
      writeTime: ${WRITE_US}us
      replicas: [{ zone: r/b, mode: sync }, { zone: s/a, mode: sync }, { zone: t/a, mode: sync }]
${k === undefined ? "" : `      ack: { any: ${k} }\n`}      failover: { heartbeat: 1s, missedHeartbeats: 3, promotion: 5s }
workload:
  clients: [{ region: r, service: api, rate: 100/s, writeRatio: 100% }]
${faults}
  - { kind: latency-spike, between: [r, t], extra: ${EXTRA_US}us, at: 0s, for: 5m }
`.replace("faults: []\n", "faults:\n");
}

/** The database after `atS` seconds of the design's faults. */
function databaseAt(yaml: string, atS: number): { world: World; db: Database } {
  const scenario = loadScenario(yaml, "quorum.yaml");
  const world = new World(scenario.world);
  injectFaults(world, scenario.faults);
  world.ctx.sim.run(atS * S);
  return { world, db: world.databases[0] };
}

/** The round trips to the three sync replicas, computed from the design, fastest first. */
const ROUND_TRIPS_US = [2 * CROSS_ZONE_US, 2 * CROSS_REGION_US, 2 * (CROSS_REGION_US + EXTRA_US)];

describe("quorum commit", () => {
  it.each([1, 2, 3])("waits for the %i-th fastest sync replica's round trip, exactly", (k) => {
    const { world, db } = databaseAt(design(k), 1);
    const primaryZone = world.ctx.topology.zoneIndex("r/a");
    expect(db.writeDurationUs(primaryZone)).toBe(2 * SAME_ZONE_US + WRITE_US + ROUND_TRIPS_US[k - 1]);
  });

  it("shows the order statistic in every write's latency end to end: means differ by the round trips' differences", () => {
    // Constant service time, no jitter, writes only: every request takes the same time but for
    // the quorum's wait, so the mean latencies differ by exactly the k-th round trips' differences
    // (reported to 0.1 ms).
    const meanMs = (k: number) =>
      runScenario(loadScenario(design(k), "quorum.yaml"), { version: "test" }).latencyMs.mean;
    const base = meanMs(1);
    for (const k of [2, 3]) {
      expect(meanMs(k) - base).toBeCloseTo((ROUND_TRIPS_US[k - 1] - ROUND_TRIPS_US[0]) / MS, 1);
    }
  });

  it("waits for the slowest without ack: strict sync is all of them", () => {
    const { world, db } = databaseAt(design(undefined), 1);
    expect(db.ackRequired).toBe(3);
    expect(db.writeDurationUs(world.ctx.topology.zoneIndex("r/a"))).toBe(
      2 * SAME_ZONE_US + WRITE_US + ROUND_TRIPS_US[2],
    );
  });

  it("holds writes unacknowledged while fewer than k sync replicas receive them, and takes the next fastest while one is cut", () => {
    const partition = "  - { kind: network-partition, between: [r/a, r/b], at: 10s, for: 20s }";
    const faults = `faults:\n${partition}\n  - { kind: network-partition, between: [r, s], at: 20s, for: 10s }`;
    const zone = (world: World) => world.ctx.topology.zoneIndex("r/a");
    let { world, db } = databaseAt(design(2, faults), 15);
    expect(db.writeOutcome(zone(world))).toBe(COMMIT_OK);
    expect(db.writeDurationUs(zone(world))).toBe(2 * SAME_ZONE_US + WRITE_US + ROUND_TRIPS_US[2]);
    ({ world, db } = databaseAt(design(2, faults), 25));
    expect(db.writeOutcome(zone(world))).toBe(COMMIT_WAITING);
    ({ world, db } = databaseAt(design(1, faults), 25));
    expect(db.writeOutcome(zone(world))).toBe(COMMIT_OK);
  });

  it("loses no acknowledged write when n − k sync replicas are lost with the primary", () => {
    // Any 1 of 3: r/b is cut off from 10 s, then the primary's whole region dies at 20 s.
    const faults =
      "faults:\n  - { kind: network-partition, between: [r/a, r/b], at: 10s, for: 5m }\n  - { kind: region-outage, region: r, at: 20s, for: 5m }";
    const result = runScenario(loadScenario(design(1, faults), "quorum.yaml"), { version: "test" });
    expect(result.events.filter((e) => e.kind === "db.promoted").map((e) => e.subject)).toEqual(["db/s/a"]);
    expect(result.rpo.lostWrites).toBe(0);
  });
});

describe("a failover under strict sync", () => {
  it("waits for the sync replica rather than promote an async one missing acknowledged writes", () => {
    // The sync replica dies at 60 s, the primary half a second later: the async replica, 1 s
    // behind, lacks the writes of 59.5–60 s, so nothing is promoted until the sync one is back.
    const yaml = `
name: withheld
duration: 3m
design:
  network: { jitter: 0% }
  regions: [{ name: east, zones: [a, b] }, { name: west, zones: [a] }]
  services: [{ name: api, concurrency: 64, serviceTime: { distribution: constant, mean: 1ms }, database: { name: db, timeout: 500ms } }]
  databases:
    - name: db
      primary: east/a
      replicas: [{ zone: west/a, mode: sync }, { zone: east/b, mode: async, lag: 1s }]
      failover: { heartbeat: 1s, missedHeartbeats: 3, promotion: 5s }
workload:
  clients: [{ region: east, service: api, rate: 100/s, writeRatio: 100% }]
faults:
  - { kind: node-crash, node: db/west/a, at: 60s, for: 40s }
  - { kind: node-crash, node: db/east/a, at: 60500ms, for: 2m }
`;
    const result = runScenario(loadScenario(yaml, "withheld.yaml"), { version: "test" });
    const withheld = result.events.filter((e) => e.kind === "db.promotionFailed");
    expect(withheld.length).toBeGreaterThan(0);
    expect(withheld.every((e) => e.timeUs < 100 * S)).toBe(true);
    const promoted = result.events.filter((e) => e.kind === "db.promoted");
    expect(promoted.map((e) => e.subject)).toEqual(["db/west/a"]);
    expect(promoted[0].timeUs).toBeGreaterThanOrEqual(100 * S);
    expect(result.rpo.lostWrites).toBe(0);
  });
});
