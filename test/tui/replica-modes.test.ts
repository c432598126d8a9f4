// After a cross-region failover the topology must show each replica's mode as the database
// actually replicates to it: the label is read from the model, never derived on its own; and the
// model demotes a sync-or-skip replica outside the new primary's region to async, while a strict
// sync one keeps its promise there.

import { describe, expect, it } from "vitest";
import { injectFaults } from "../../src/faults/index.js";
import { World } from "../../src/model/index.js";
import { loadScenario, runScenario } from "../../src/scenario/index.js";
import { prepareRun, topologyAtTime } from "../../src/tui/prepare.js";
import type { ComponentView } from "../../src/tui/topology-model.js";

/** east/a primary with a replica beside it (`besideMode`); west/b sync, west/a async; east dies for 2 min. */
const yamlWith = (besideMode: string) => `
name: cross-region-failover
duration: 5m
design:
  network: { jitter: 0%, crossZone: 1ms, crossRegion: 35ms }
  regions: [{ name: east, zones: [a, b] }, { name: west, zones: [a, b] }]
  services: [{ name: api, concurrency: 64, serviceTime: { distribution: constant, mean: 1ms }, database: { name: db, timeout: 1s } }]
  databases:
    - name: db
      primary: east/a
      writeTime: 1ms
      replicas: [{ zone: east/b, mode: ${besideMode} }, { zone: west/a, mode: async, lag: 1s }, { zone: west/b, mode: sync }]
      failover: { heartbeat: 1s, missedHeartbeats: 3, promotion: 10s }
workload:
  clients: [{ region: west, service: api, rate: 50/s, writeRatio: 20% }]
faults:
  - { kind: region-outage, region: east, at: 60s, for: 2m }
`;

/** The world after the run, and each database node's label in the topology at its end. */
function runWith(besideMode: string) {
  const scenario = loadScenario(yamlWith(besideMode), "cross-region-failover.yaml");
  const world = new World(scenario.world);
  injectFaults(world, scenario.faults);
  world.run();
  const run = prepareRun(runScenario(scenario, { version: "test" }));
  const nodes = topologyAtTime(run, run.durationUs)
    .regions.flatMap((region) => region.zones)
    .flatMap((zone) => zone.groups.filter((group) => group.kind === "database"))
    .flatMap((group) => group.members);
  const noteOf = (id: string) => (nodes.find((node) => node.id === id) as ComponentView).note;
  return { world, db: world.databases[0], noteOf };
}

describe("replica modes after a cross-region failover", () => {
  const { world, db, noteOf } = runWith("sync-or-skip");

  it("promotes the in-region sync replica, west/b", () => {
    expect(db.primaryNodeId()).toBe("db/west/b");
    expect(noteOf("db/west/b")).toBe("primary");
  });

  it("labels a replica sync exactly when the primary waits for it", () => {
    db.nodeIds.forEach((id, node) => {
      if (node === db.primary) return;
      expect(noteOf(id)?.split(" ")[0], id).toBe(db.syncNode[node] ? "sync" : "async");
    });
    // The old primary is rebuilt as an async replica.
    expect(noteOf("db/east/a")).toMatch(/^async /);
  });

  it("demotes the sync-or-skip replica left in the failed region to async, so writes wait no cross-region round trip", () => {
    // The model's rule (ARCHITECTURE.md, "Data"): a sync-or-skip replica stays sync only in the new
    // primary's region. From west/a: to the primary and back (1 ms each way) and the write (1 ms);
    // no sync replica is left to wait for (east/b would add a 70 ms round trip).
    expect(noteOf("db/east/b")).toMatch(/^async /);
    const writeMs = db.writeDurationUs(world.ctx.topology.zoneIndex("west/a")) / 1000;
    expect(writeMs).toBeCloseTo(3, 6);
  });

  it("keeps a strict sync replica in the failed region sync: every write waits for its round trip again", () => {
    const strict = runWith("sync");
    expect(strict.db.primaryNodeId()).toBe("db/west/b");
    expect(strict.noteOf("db/east/b")).toMatch(/^sync/);
    // East is back by the end: west/a's write waits 3 ms, and east/b's 70 ms round trip.
    const writeMs = strict.db.writeDurationUs(strict.world.ctx.topology.zoneIndex("west/a")) / 1000;
    expect(writeMs).toBeCloseTo(73, 6);
  });
});
