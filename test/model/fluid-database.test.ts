// A database built for the fluid fidelity: writes come as flows with each replica's delay worked
// out as for a single write, the wrong way in for each fidelity is refused, and a failover loses
// a whole number of writes, with an RPO only when at least one is lost.

import { describe, expect, it } from "vitest";
import { InvariantError } from "../../src/engine/index.js";
import type { Database } from "../../src/model/data/index.js";
import { World } from "../../src/model/index.js";
import { loadScenario } from "../../src/scenario/index.js";

const S = 1_000_000;

/** east/a primary, east/b sync (sync-or-skip: losing it with the primary does not withhold the promotion), west/a async with lag 2 s; almost no traffic of its own. */
const YAML = `
name: fluid-database
duration: 5m
design:
  network: { jitter: 0% }
  regions: [{ name: east, zones: [a, b] }, { name: west, zones: [a] }]
  services: [{ name: api, concurrency: 8, serviceTime: { distribution: constant, mean: 1ms }, database: { name: db, timeout: 1s } }]
  databases:
    - name: db
      primary: east/a
      replicas: [{ zone: east/b, mode: sync-or-skip }, { zone: west/a, mode: async, lag: 2s }]
      failover: { heartbeat: 1s, missedHeartbeats: 3, promotion: 10s }
workload:
  clients: [{ region: west, service: api, rate: 1/s, writeRatio: 0% }]
`;

/** A world whose database is fluid: a fluid run's (its traffic writes nothing: writeRatio 0%). */
function fluidDatabase(): { world: World; database: Database } {
  const scenario = loadScenario(YAML, "fluid-database.yaml");
  const world = new World({ ...scenario.world, fidelity: "fluid" });
  return { world, database: world.databases[0] };
}

/** The same design, per request. */
function perRequestDatabase(): Database {
  return new World(loadScenario(YAML, "fluid-database.yaml").world).databases[0];
}

/** Flows at `perSecond` for 20 s, then the east region is lost; the failover runs its course. */
function loseEastAfterFlows(perSecond: number): Database {
  const { world, database } = fluidDatabase();
  world.ctx.sim.run(20 * S);
  for (let second = 0; second < 20; second++) database.commitFlow(second * S, (second + 1) * S, perSecond);
  database.setNodeAlive(0, false, 20 * S);
  database.setNodeAlive(1, false, 20 * S);
  // A fault would have done this in an event, whose instant wakes the sleeping checks; by hand, wake them.
  world.ctx.lazy.wakeAll(20 * S);
  world.ctx.sim.run(60 * S);
  return database;
}

describe("a fluid database", () => {
  it("delivers a flow to each replica as a single write: at once to the sync one, a lag later to the async one", () => {
    const { database } = fluidDatabase();
    database.commitFlow(0, 10 * S, 2000);
    expect(database.committed).toBe(2000);
    expect(database.log.appliedBy(1, 5 * S)).toBeCloseTo(1000, 9);
    expect(database.log.appliedBy(2, 5 * S)).toBeCloseTo(600, 9);
    expect(database.commitLog.countAtOrBelow(5 * S)).toBeCloseTo(1000, 9);
  });

  it("skips a replica that is down, which catches up when it is back", () => {
    const { database } = fluidDatabase();
    database.setNodeAlive(2, false, 0);
    database.commitFlow(0, 10 * S, 2000);
    expect(database.log.isMissing(2)).toBe(true);
    expect(database.log.appliedBy(2, 100 * S)).toBe(0);
    database.setNodeAlive(2, true, 10 * S);
    expect(database.log.appliedBy(2, 12 * S)).toBe(2000);
  });

  it("refuses single writes, and a per-request database refuses flows", () => {
    const { database } = fluidDatabase();
    expect(() => database.commit(0, database.nodeZones[0])).toThrow(InvariantError);
    expect(() => perRequestDatabase().commitFlow(0, S, 10)).toThrow(InvariantError);
  });

  it("loses the async replica's lag of writes when the primary's region is lost, RPO 2 s", () => {
    const database = loseEastAfterFlows(200);
    expect(database.primaryNodeId()).toBe("db/west/a");
    expect(database.losses).toHaveLength(1);
    expect(database.losses[0].lostWrites).toBe(400);
    expect(database.losses[0].rpoUs).toBeCloseTo(2 * S, 0);
  });

  it("rounds a fractional loss to whole writes", () => {
    // 37.25 writes/s: the 2 s the async replica lacked hold 74.5 writes, counted as 75.
    const database = loseEastAfterFlows(37.25);
    expect(database.losses[0].lostWrites).toBe(75);
    expect(database.losses[0].rpoUs).toBeCloseTo(2 * S, 0);
  });

  it("records no loss, and no RPO, when less than half a write is lost", () => {
    // 0.2 writes/s: 0.4 of a write in the lag.
    const database = loseEastAfterFlows(0.2);
    expect(database.primaryNodeId()).toBe("db/west/a");
    expect(database.losses).toHaveLength(0);
  });
});
