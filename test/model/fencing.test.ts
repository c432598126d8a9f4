// Fencing: a failover manager at a site (failover.site) sees a partition as a failed primary.
// Without a lease the old primary, cut off but alive, goes on acknowledging its side's writes
// after another is promoted (a split brain), and they are lost when it is back in contact; with
// a lease it makes itself read-only when the lease runs out, and nothing is promoted before then.

import { describe, expect, it } from "vitest";
import { loadScenario, runScenario } from "../../src/scenario/index.js";

const S = 1_000_000;

/** Primary east/a, replica west/a, failover manager in west/b; east and west cut apart 60–180 s. */
function yaml(mode: "sync" | "sync-or-skip", lease?: string): string {
  return `
name: fencing
duration: 4m
design:
  network: { jitter: 0% }
  regions: [{ name: east, zones: [a, b] }, { name: west, zones: [a, b] }]
  services: [{ name: api, concurrency: 64, serviceTime: { distribution: constant, mean: 1ms }, database: { name: db, timeout: 500ms } }]
  databases:
    - name: db
      primary: east/a
      replicas: [{ zone: west/a, mode: ${mode} }]
      failover: { heartbeat: 1s, missedHeartbeats: 3, promotion: 5s, site: west/b${lease ? `, lease: ${lease}` : ""} }
workload:
  clients:
    - { region: east, service: api, rate: 100/s, writeRatio: 100% }
    - { region: west, service: api, rate: 50/s, writeRatio: 100% }
faults:
  - { kind: network-partition, between: [east, west], at: 60s, for: 2m }
`;
}

const run = (text: string) => runScenario(loadScenario(text, "fencing.yaml"), { version: "test" });
const timesOf = (result: ReturnType<typeof run>, kind: string) =>
  result.events.filter((e) => e.kind === kind).map((e) => e.timeUs / S);

describe("a failover manager at a site, and fencing", () => {
  it("without a lease, promotes across the partition and loses the old primary's writes as a split brain", () => {
    const result = run(yaml("sync-or-skip"));
    const [promotedS] = timesOf(result, "db.promoted");
    expect(promotedS).toBeGreaterThanOrEqual(67); // 3 missed heartbeats after 2–3 s, + 5 s
    expect(promotedS).toBeLessThanOrEqual(68);
    const split = result.rpo.losses.filter((loss) => loss.cause === "split-brain");
    expect(split).toHaveLength(1);
    expect(split[0].atS).toBe(180); // found out when the partition heals
    // East's 100 writes/s from the promotion to the heal, taken by the replaced primary.
    const expected = 100 * (180 - promotedS);
    expect(Math.abs(split[0].lostWrites - expected)).toBeLessThanOrEqual(4 * Math.sqrt(expected));
    expect(split[0].rpoS).toBeCloseTo(180 - promotedS, 0);
  });

  it("with a lease, the old primary fences itself and the promotion waits for it: no split brain", () => {
    const result = run(yaml("sync-or-skip", "10s"));
    expect(timesOf(result, "db.fenced")).toEqual([70]);
    expect(timesOf(result, "db.promoted")).toEqual([70]);
    expect(result.rpo.losses.map((loss) => loss.cause)).toEqual(["failover"]); // the 10 s it skipped west
  });

  it("with a lease and strict sync, loses nothing at all", () => {
    const result = run(yaml("sync", "10s"));
    expect(timesOf(result, "db.promoted")).toEqual([70]);
    expect(result.rpo.lostWrites).toBe(0);
  });

  it("without a lease but with strict sync, starves the split brain: the old primary's writes are never acknowledged", () => {
    const result = run(yaml("sync"));
    expect(timesOf(result, "db.promoted")).toHaveLength(1);
    expect(result.rpo.lostWrites).toBe(0);
  });

  it("refuses a lease without a site to renew it with", () => {
    const text = yaml("sync", "10s").replace(", site: west/b", "");
    expect(() => loadScenario(text, "fencing.yaml")).toThrow(/give its failover a site/);
  });
});
