// A majority-replicated database (`replication: majority`): a write commits once a majority of
// the members has it, after the leader's round trip to the (majority − 1)-th fastest follower;
// without a majority reachable from the leader nothing commits; when the leader dies or is cut
// off, a member of the majority side holding every committed write is elected after the timeout
// (and the old lease), and nothing acknowledged is lost, in both fidelities.

import { describe, expect, it } from "vitest";
import { injectFaults } from "../../src/faults/index.js";
import { COMMIT_OK, COMMIT_UNREACHABLE, COMMIT_WAITING, type Database } from "../../src/model/data/index.js";
import { World } from "../../src/model/index.js";
import { loadScenario, runScenario, ScenarioInputError } from "../../src/scenario/index.js";

const S = 1_000_000;
const MS = 1000;
const SAME_ZONE_US = 100;
const CROSS_ZONE_US = 1 * MS;
const CROSS_REGION_US = 30 * MS;
const WRITE_US = 3 * MS;

/** Leader r/a; members r/b (near), s/a, t/a (+20 ms each way), u/a (+10 ms each way). */
function fiveMembers(faults: string[] = []): string {
  return `
name: majority-latency
duration: 2m
design:
  network: { sameZone: ${SAME_ZONE_US}us, crossZone: ${CROSS_ZONE_US}us, crossRegion: ${CROSS_REGION_US}us, client: 0us, jitter: 0% }
  regions: [{ name: r, zones: [a, b] }, { name: s, zones: [a] }, { name: t, zones: [a] }, { name: u, zones: [a] }]
  services: [{ name: api, regions: [r], concurrency: 64, serviceTime: { distribution: constant, mean: 1ms }, database: { name: db, timeout: 1s } }]
  databases:
    - name: db
      replication: majority
      primary: r/a
      writeTime: ${WRITE_US}us
      replicas: [{ zone: r/b }, { zone: s/a }, { zone: t/a }, { zone: u/a }]
workload:
  clients: [{ region: r, service: api, rate: 100/s, writeRatio: 100% }]
faults:
  - { kind: latency-spike, between: [r, t], extra: 20ms, at: 0s, for: 2m }
  - { kind: latency-spike, between: [r, u], extra: 10ms, at: 0s, for: 2m }
${faults.map((f) => `  - ${f}`).join("\n")}
`;
}

/** Three members in three zones of one region; the service runs in all three. */
function threeZones(faults: string[], election = "{ timeout: 2s }", fidelity = "request"): string {
  return `
name: majority-zones
fidelity: ${fidelity}
duration: 5m
design:
  network: { jitter: 0% }
  regions: [{ name: r, zones: [a, b, c] }]
  services:
    - { name: api, instancesPerZone: 2, concurrency: 64, serviceTime: { distribution: constant, mean: 1ms }, database: { name: db, timeout: 500ms }, healthCheck: { interval: 1s, unhealthyThreshold: 1, healthyThreshold: 1 } }
  databases:
    - name: db
      replication: majority
      primary: r/a
      replicas: [{ zone: r/b }, { zone: r/c }]
      election: ${election}
workload:
  clients: [{ region: r, service: api, rate: 200/s, writeRatio: 50% }]
faults:
${faults.map((f) => `  - ${f}`).join("\n")}
`;
}

function databaseAt(yaml: string, atS: number): { world: World; db: Database; zone: (id: string) => number } {
  const scenario = loadScenario(yaml, "majority.yaml");
  const world = new World(scenario.world);
  injectFaults(world, scenario.faults);
  world.ctx.sim.run(atS * S);
  return { world, db: world.databases[0], zone: (id) => world.ctx.topology.zoneIndex(id) };
}

const run = (yaml: string) => runScenario(loadScenario(yaml, "majority.yaml"), { version: "test" });
const kinds = (result: ReturnType<typeof run>, kind: string) =>
  result.events.filter((e) => e.kind === kind).map((e) => [e.timeUs / S, e.subject]);

describe("a majority database's writes", () => {
  it("wait for the (majority − 1)-th fastest follower's round trip, exactly (constant latencies)", () => {
    // Round trips from r/a: r/b 2 ms, s/a 60 ms, u/a 80 ms, t/a 100 ms. Five members: a majority
    // of 3 is the leader and the two fastest followers, so the second fastest (60 ms) decides.
    const { db, zone } = databaseAt(fiveMembers(), 1);
    expect(db.majority).toBe(3);
    const roundTripsUs = [2 * CROSS_ZONE_US, 2 * CROSS_REGION_US, 2 * (CROSS_REGION_US + 10 * MS)];
    expect(db.writeDurationUs(zone("r/a"))).toBe(2 * SAME_ZONE_US + WRITE_US + roundTripsUs[1]);
    // With r/b down the fastest two are s/a and u/a: the 80 ms one now decides.
    const cut = databaseAt(fiveMembers(["{ kind: node-crash, node: db/r/b, at: 0s, for: 2m }"]), 1);
    expect(cut.db.writeOutcome(cut.zone("r/a"))).toBe(COMMIT_OK);
    expect(cut.db.writeDurationUs(cut.zone("r/a"))).toBe(2 * SAME_ZONE_US + WRITE_US + roundTripsUs[2]);
  });

  it("show the order statistic in every write's latency end to end", () => {
    // Writes only, constant service time, no jitter: the mean latencies differ by exactly the
    // difference of the deciding round trips, 80 − 60 ms (reported to 0.1 ms).
    const base = run(fiveMembers()).latencyMs.mean;
    const cut = run(fiveMembers(["{ kind: node-crash, node: db/r/b, at: 0s, for: 2m }"])).latencyMs.mean;
    expect(cut - base).toBeCloseTo(20, 1);
  });
});

describe("a three-node majority database across three zones", () => {
  it("loses one zone: an election after the timeout, writes continue, nothing acknowledged lost", () => {
    const faults = ["{ kind: zone-outage, zone: r/a, at: 60s, for: 2m }"];
    const yaml = threeZones(faults);
    // Before the election timeout (2 s) no leader: writes from the live zones go unanswered.
    let { db, zone } = databaseAt(yaml, 61);
    expect(db.writeOutcome(zone("r/b"))).toBe(COMMIT_UNREACHABLE);
    ({ db, zone } = databaseAt(yaml, 63));
    expect(db.primaryNodeId()).toBe("db/r/b");
    expect(db.writeOutcome(zone("r/b"))).toBe(COMMIT_OK);
    expect(db.writeOutcome(zone("r/c"))).toBe(COMMIT_OK);
    const result = run(yaml);
    expect(kinds(result, "db.leaderElected")).toEqual([[62, "db/r/b"]]);
    expect(result.rpo.lostWrites).toBe(0);
    // Only the 2 s without a leader fail database calls (reads from the leader and writes): at
    // most 2 s × 200/s, less the share sent to r/a's dead instances before they are ejected.
    const failedCalls = result.failuresByReason["database-unavailable"] ?? 0;
    expect(failedCalls).toBeGreaterThan(2 * 200 * (2 / 3) * 0.9);
    expect(failedCalls).toBeLessThanOrEqual(2 * 200);
  });

  it("loses two zones: writes and the leader's reads stop, and resume when a majority is back", () => {
    const faults = [
      "{ kind: zone-outage, zone: r/b, at: 60s, for: 2m }",
      "{ kind: zone-outage, zone: r/c, at: 60s, for: 2m }",
    ];
    const yaml = threeZones(faults);
    const { db, zone } = databaseAt(yaml, 120);
    expect(db.primaryNodeId()).toBe("db/r/a");
    expect(db.writeOutcome(zone("r/a"))).toBe(COMMIT_WAITING);
    expect(db.readOutcome(db.primary, zone("r/a"))).toBe(COMMIT_WAITING);
    const result = run(yaml);
    // The leader kept its place: once a follower is back it has its majority again.
    expect(kinds(result, "db.leaderElected")).toEqual([]);
    expect(kinds(result, "db.electionFailed")).toEqual([[62, "db"]]);
    expect(result.rpo.lostWrites).toBe(0);
    // From 60 s to 180 s, r/a's share of the traffic (a third) fails entirely; the rest never arrives.
    const after = databaseAt(yaml, 181);
    expect(after.db.writeOutcome(after.zone("r/a"))).toBe(COMMIT_OK);
  });

  it("cuts the leader off on the minority side: it takes no writes, the majority elects after the lease", () => {
    const faults = [
      "{ kind: network-partition, between: [r/a, r/b], at: 60s, for: 2m }",
      "{ kind: network-partition, between: [r/a, r/c], at: 60s, for: 2m }",
    ];
    const yaml = threeZones(faults, "{ timeout: 1s, lease: 5s }");
    let { db, zone } = databaseAt(yaml, 64);
    expect(db.primaryNodeId()).toBe("db/r/a");
    expect(db.writeOutcome(zone("r/a"))).toBe(COMMIT_WAITING);
    ({ db, zone } = databaseAt(yaml, 66));
    expect(db.primaryNodeId()).toBe("db/r/b");
    // The old leader, alive and alone, is a follower: r/a's writes reach no leader.
    expect(db.writeOutcome(zone("r/a"))).toBe(COMMIT_UNREACHABLE);
    expect(db.writeOutcome(zone("r/c"))).toBe(COMMIT_OK);
    const result = run(yaml);
    expect(kinds(result, "db.leaderElected")).toEqual([[65, "db/r/b"]]);
    expect(result.rpo.lostWrites).toBe(0);
    expect(result.events.some((e) => e.kind === "db.writesLost")).toBe(false);
  });

  it("in the fluid fidelity, commits flows only while a leader has a majority, and loses nothing", () => {
    const faults = [
      "{ kind: zone-outage, zone: r/a, at: 60s, for: 2m }",
      "{ kind: zone-outage, zone: r/b, at: 90s, for: 30s }",
    ];
    const yaml = threeZones(faults, "{ timeout: 2s }", "fluid");
    const { db } = databaseAt(yaml, 200);
    const commits = db.commitLog;
    // No leader from 60 s to 62 s; r/b, elected at 62 s, loses its majority at 90 s; r/b or r/c
    // back with a majority at 120 s (the leader r/b returns to find r/c, so no election is needed).
    expect(commits.countAtOrBelow(62 * S)).toBeCloseTo(commits.countAtOrBelow(60 * S), 6);
    expect(commits.countAtOrBelow(120 * S)).toBeCloseTo(commits.countAtOrBelow(90 * S), 6);
    expect(commits.countAtOrBelow(90 * S)).toBeGreaterThan(commits.countAtOrBelow(62 * S));
    const result = run(yaml);
    expect(result.rpo.lostWrites).toBe(0);
    expect(result.simulated.fidelity).toBe("fluid");
  });
});

describe("a majority database in the file", () => {
  const bad = (replicas: string, extra = "") =>
    `
name: bad
duration: 1m
design:
  regions: [{ name: r, zones: [a, b, c] }]
  services: [{ name: api, database: { name: db } }]
  databases:
    - { name: db, primary: r/a, replicas: ${replicas}${extra} }
workload:
  clients: [{ region: r, service: api, rate: 1/s }]
faults: []
`;
  const problem = (yaml: string) => {
    try {
      loadScenario(yaml, "bad.yaml");
    } catch (error) {
      if (error instanceof ScenarioInputError) return error.message;
      throw error;
    }
    return "";
  };

  it("names what does not belong to it: replica modes, ack, a failover site", () => {
    expect(problem(bad("[{ zone: r/b, mode: sync }]", ", replication: majority"))).toMatch(
      /voting members, remove mode/,
    );
    expect(problem(bad("[{ zone: r/b }]", ", replication: majority, ack: { any: 1 }"))).toMatch(/remove ack/);
    expect(problem(bad("[{ zone: r/b }]", ", replication: majority, failover: { site: r/c, lease: 5s }"))).toMatch(
      /use election/,
    );
  });

  it("asks a primary's replica for its mode, and an election for majority replication", () => {
    expect(problem(bad("[{ zone: r/b }]"))).toMatch(/give the replica in r\/b a mode/);
    expect(problem(bad("[{ zone: r/b, mode: async }]", ", election: { timeout: 1s }"))).toMatch(
      /needs replication: majority/,
    );
  });
});
