// Faults that overlap compose (issue "Faults that overlap must compose"): the four defects found
// when tried as a new user would, each with the numbers the correct behaviour gives. Levers are
// read mid-run (World.run(untilUs)) where the question is "what value does it hold now".

import { describe, expect, it } from "vitest";
import { injectFaults } from "../../src/faults/index.js";
import { readLevers, World } from "../../src/model/index.js";
import { loadScenario } from "../../src/scenario/index.js";

const S = 1_000_000;
const MIN = 60 * S;

function worldOf(yaml: string): {
  world: World;
  activity: () => ReturnType<ReturnType<typeof injectFaults>["activity"]>;
} {
  const scenario = loadScenario(yaml, "overlap.yaml");
  const world = new World(scenario.world);
  const injected = injectFaults(world, scenario.faults);
  return { world, activity: () => injected.activity() };
}

/** One instance, constant 10 ms service time, no network time: a request's latency is 10 ms × slowdown. */
function oneInstance(faults: string, extra = ""): string {
  return `
name: overlap
duration: 30m
design:
  network: { sameZone: 0us, crossZone: 0us, crossRegion: 0us, client: 0us, jitter: 0% }
  regions: [{ name: r, zones: [a] }]
  services:
    - name: api
      concurrency: 1000
      serviceTime: { distribution: constant, mean: 10ms }
      deploy: { waves: [100%], step: 1m, bake: 10m, manualRollback: 20m }
${extra}
workload:
  clients: [{ name: users, region: r, service: api, rate: 50/s }]
faults:
${faults}
`;
}

describe("a bad deploy overlapping a slow node on the same instance", () => {
  // Deploy ×2 starts at 2m (applied at 3m, rolled back at 22m, reverted at 23m); slow node ×3 from 5m to 15m.
  const yaml = oneInstance(`
  - { kind: bad-deploy, service: api, slowdown: 2, at: 2m }
  - { kind: slow-node, node: api/r/a/1, factor: 3, at: 5m, for: 10m }`);

  it("multiplies the two slowdowns while both hold, and is back to 1 once both are gone", () => {
    const { world } = worldOf(yaml);
    const slowdownAt = (minutes: number) => {
      world.run(minutes * MIN);
      return readLevers(world).instanceSlowdown["api/r/a/1"];
    };
    expect(slowdownAt(2.5)).toBe(1); // the deploy is still being rolled out
    expect(slowdownAt(4)).toBe(2);
    expect(slowdownAt(10)).toBe(6);
    expect(slowdownAt(17)).toBe(2); // the slow node ended; the deploy holds
    expect(slowdownAt(25)).toBe(1); // reverted: not 0.5, not 3
  });

  it("serves at the healthy speed after the rollback (p99 of the last window 10 ms, within the histogram's 0.4%)", () => {
    const { world } = worldOf(yaml);
    world.run();
    const { timelineLatency, timelineWindowUs } = world.ctx.recorder;
    const windowAt = (minutes: number) => timelineLatency[Math.floor((minutes * MIN) / timelineWindowUs)];
    const p99Ms = (histogram: Float64Array) => {
      let total = 0;
      for (const count of histogram) total += count;
      let seen = 0;
      for (let bucket = 0; bucket < histogram.length; bucket++) {
        seen += histogram[bucket];
        if (seen >= 0.99 * total) return bucket;
      }
      return -1;
    };
    const healthy = p99Ms(windowAt(1));
    expect(p99Ms(windowAt(28))).toBe(healthy);
    expect(p99Ms(windowAt(10))).toBeGreaterThan(healthy);
  });
});

describe("two overlapping traffic spikes on one client", () => {
  // ×3 from 1m to 5m, ×2 from 3m to 8m: independent surges add their extra traffic.
  const yaml = oneInstance(`
  - { kind: traffic-spike, client: users, multiplier: 3, at: 1m, for: 4m }
  - { kind: traffic-spike, client: users, multiplier: 2, at: 3m, for: 5m }`);

  it("sends 1 + (3 − 1) + (2 − 1) = 4 times the rate while both hold, 2 after the first ends, 1 after both", () => {
    const { world } = worldOf(yaml);
    const multiplierAt = (minutes: number) => {
      world.run(minutes * MIN);
      return readLevers(world).clientTrafficMultiplier.users;
    };
    expect(multiplierAt(2)).toBe(3);
    expect(multiplierAt(4)).toBe(4);
    expect(multiplierAt(6)).toBe(2); // not 1: the second spike still holds
    expect(multiplierAt(9)).toBe(1);
  });

  it("puts that traffic through: the arrivals of each stretch match its rate within 4 standard deviations", () => {
    const { world } = worldOf(yaml);
    world.run();
    const { succeededPerSecond, failedPerSecond } = world.ctx.recorder;
    const arrivals = (fromS: number, toS: number) => {
      let n = 0;
      for (let s = fromS; s < toS; s++) n += succeededPerSecond[s] + failedPerSecond[s];
      return n;
    };
    // Poisson counts: mean = rate × time, standard deviation = √mean.
    for (const [fromS, toS, rate] of [
      [190, 290, 200],
      [310, 470, 100],
      [490, 1790, 50],
    ]) {
      const expected = rate * (toS - fromS);
      expect(Math.abs(arrivals(fromS, toS) - expected)).toBeLessThan(4 * Math.sqrt(expected));
    }
  });
});

/** All writes, constant rate-free Poisson 20/s; hourly snapshots; a restore takes 1 min. */
function corruptionYaml(faults: string): string {
  return `
name: corruption
duration: 4h
design:
  network: { sameZone: 0us, crossZone: 0us, crossRegion: 0us, client: 0us, jitter: 0% }
  regions: [{ name: r, zones: [a] }]
  services:
    - name: api
      concurrency: 100
      serviceTime: { distribution: constant, mean: 1ms }
      database: { name: db }
  databases:
    - name: db
      primary: r/a
      size: 10GB
      backups: { snapshotEvery: 1h, restoreRate: 10GB/min }
workload:
  clients: [{ region: r, service: api, rate: 20/s, writeRatio: 100% }]
faults:
${faults}
`;
}

describe("two logical corruptions whose detection windows overlap", () => {
  // A at 5000 s, noticed 2 h later (12,200 s); B at 9500 s, noticed 5 min later (9800 s).
  const yaml = corruptionYaml(`
  - { kind: data-corruption, database: db, detectedAfter: 2h, at: 5000s }
  - { kind: data-corruption, database: db, detectedAfter: 5m, at: 9500s }`);

  it("restores once, at B's detection, to the snapshot before A (3600 s): the writes since are lost, with A's RPO", () => {
    const { world } = worldOf(yaml);
    world.run();
    const db = world.databases[0];
    expect(db.losses).toHaveLength(1);
    const [loss] = db.losses;
    expect(loss.cause).toBe("restore");
    expect(loss.failureUs).toBe(5000 * S);
    expect(loss.promotedUs).toBe(9800 * S);
    // Every request is a write acknowledged at its completion: the lost ones are exactly those
    // acknowledged in (3600 s, 9800 s).
    const { succeededPerSecond } = world.ctx.recorder;
    let acknowledged = 0;
    for (let s = 3600; s < 9800; s++) acknowledged += succeededPerSecond[s];
    expect(loss.lostWrites).toBe(acknowledged);
    // RPO: from A back to the oldest lost write, just after the 3600 s snapshot (20 writes/s).
    expect(loss.rpoUs).toBeLessThanOrEqual(1400 * S);
    expect(loss.rpoUs).toBeGreaterThan(1399 * S);
    expect(db.corruption.restores).toBe(1);
  });

  it("finds A already removed when it is noticed, and ends both faults when the restore finishes", () => {
    const { world, activity } = worldOf(yaml);
    world.run();
    const detected = world.ctx.trace.records.filter((r) => r.kind === "db.corruptionDetected");
    expect(detected.map((r) => [r.timeUs / S, r.detail ?? ""])).toEqual([
      [9800, ""],
      [12200, "already removed by an earlier restore"],
    ]);
    // The restore of 10 GB at 10 GB/min takes one minute.
    expect(activity().map((f) => f.endUs)).toEqual([9860 * S, 9860 * S]);
  });

  it("gives the same losses whichever corruption is listed first", () => {
    const swapped = corruptionYaml(`
  - { kind: data-corruption, database: db, detectedAfter: 5m, at: 9500s }
  - { kind: data-corruption, database: db, detectedAfter: 2h, at: 5000s }`);
    const a = worldOf(yaml).world;
    const b = worldOf(swapped).world;
    a.run();
    b.run();
    expect(b.databases[0].losses).toEqual(a.databases[0].losses);
  });

  it("restores twice when the second corruption comes after the first restore, each loss with its own RPO", () => {
    // A at 5000 s noticed at 5300 s (restore to 3600 s); B at 9500 s noticed at 9800 s (restore to 7200 s).
    const { world } = worldOf(
      corruptionYaml(`
  - { kind: data-corruption, database: db, detectedAfter: 5m, at: 5000s }
  - { kind: data-corruption, database: db, detectedAfter: 5m, at: 9500s }`),
    );
    world.run();
    const losses = world.databases[0].losses;
    expect(losses.map((loss) => loss.failureUs / S)).toEqual([5000, 9500]);
    for (const loss of losses) expect(loss.lostWrites).toBeGreaterThan(0);
    expect(losses[0].rpoUs).toBeGreaterThan(1399 * S);
    expect(losses[0].rpoUs).toBeLessThanOrEqual(1400 * S);
    expect(losses[1].rpoUs).toBeGreaterThan(2299 * S);
    expect(losses[1].rpoUs).toBeLessThanOrEqual(2300 * S);
  });
});

describe("instant faults", () => {
  it("end with their aftermath, so a later incident does not name them as its cause", () => {
    const yaml = `
name: instants
duration: 1h
design:
  network: { jitter: 0% }
  regions: [{ name: r, zones: [a, b] }]
  services:
    - name: api
      concurrency: 100
      serviceTime: { distribution: constant, mean: 5ms }
      cache: { hitRatio: 80%, warmup: 2m }
      database: { name: db }
  databases:
    - { name: db, primary: r/a }
workload:
  clients: [{ region: r, service: api, rate: 50/s }]
faults:
  - { kind: cache-flush, service: api, at: 1m }
  - { kind: zone-outage, zone: r/a, at: 20m, for: 5m }
`;
    const { world, activity } = worldOf(yaml);
    world.run();
    expect(activity().map((f) => [f.label, f.startUs / S, (f.endUs ?? -1) / S])).toEqual([
      ["cache-flush api", 60, 180], // over once the cache is warm again (its 2 min warm-up)
      ["zone-outage r/a", 1200, 1500],
    ]);
  });

  it("lists an instant fault among an incident's causes only while its aftermath lasts", async () => {
    const { runYaml } = await import("../support/scenarios.js");
    const result = runYaml(
      oneInstance(
        `
  - { kind: bad-deploy, service: api, errorRate: 50%, at: 2m }
  - { kind: node-crash, node: api/r/a/1, at: 26m, for: 1m }`,
      ),
    );
    const causes = result.incidents.map((incident) => [incident.startS, incident.cause]);
    // The deploy's incident (applied at 3m, reverted at 23m) names it; the crash's does not.
    expect(causes).toEqual([
      [180, ["bad-deploy api (fails 50%)"]],
      [1560, ["node-crash api/r/a/1"]],
    ]);
    expect(result.faults[0].endS).toBe(23 * 60);
  });
});
