// zone-degradation: every instance of the zone serves `factor` times slower (health checks still
// pass), traffic between the zone and its region takes `extraLatency` longer, and it composes
// with a slow node like any other slowdown.

import { describe, expect, it } from "vitest";
import { injectFaults } from "../../src/faults/index.js";
import { readLevers, World } from "../../src/model/index.js";
import { loadScenario } from "../../src/scenario/index.js";
import { runYaml } from "../support/scenarios.js";

const MIN = 60e6;

function yaml(faults: string, balancing = "round-robin"): string {
  return `
name: zone-degradation
duration: 20m
design:
  network: { sameZone: 0us, crossZone: 1ms, crossRegion: 30ms, client: 0us, jitter: 0% }
  regions: [{ name: r, zones: [a, b] }]
  services:
    - name: api
      instancesPerZone: 2
      concurrency: 100
      balancing: ${balancing}
      serviceTime: { distribution: constant, mean: 10ms }
workload:
  clients: [{ region: r, service: api, rate: 100/s }]
faults:
${faults}
`;
}

describe("zone-degradation", () => {
  const fault = "  - { kind: zone-degradation, zone: r/b, factor: 4, at: 5m, for: 5m }";

  it("slows every instance of the zone, no other, and nothing after it ends", () => {
    const scenario = loadScenario(
      yaml(`${fault}\n  - { kind: slow-node, node: api/r/b/1, factor: 3, at: 4m, for: 10m }`),
      "z.yaml",
    );
    const world = new World(scenario.world);
    injectFaults(world, scenario.faults);
    world.run(7 * MIN);
    expect(readLevers(world).instanceSlowdown).toEqual({
      "api/r/a/1": 1,
      "api/r/a/2": 1,
      "api/r/b/1": 12, // ×4 for the zone, ×3 for the slow node: factors multiply
      "api/r/b/2": 4,
    });
    world.run(12 * MIN);
    expect(readLevers(world).instanceSlowdown["api/r/b/1"]).toBe(3);
    world.run();
    expect(Object.values(readLevers(world).instanceSlowdown)).toEqual([1, 1, 1, 1]);
  });

  it("ejects nothing (checks pass) and serves half the requests 4× slower under round robin", () => {
    const result = runYaml(yaml(fault));
    expect(result.events.some((e) => e.kind === "lb.targetEjected")).toBe(false);
    expect(result.requests.failed).toBe(0);
    // Service is constant: 10 ms in zone a, 40 ms in zone b; the p99 over the fault is 40 ms.
    const during = result.timeline.points.filter((p) => p.startS >= 310 && p.startS < 590);
    for (const point of during) expect(point.p99Ms).toBeCloseTo(40, 0);
  });

  it("adds its extra latency to traffic between the zone and the rest of its region, both ways", () => {
    const scenario = loadScenario(
      yaml("  - { kind: zone-degradation, zone: r/b, factor: 1, extraLatency: 20ms, at: 1m, for: 5m }"),
      "z.yaml",
    );
    const world = new World(scenario.world);
    injectFaults(world, scenario.faults);
    world.run(2 * MIN);
    const { network, topology } = world.ctx;
    const [a, b] = [topology.zoneIndex("r/a"), topology.zoneIndex("r/b")];
    expect(network.extraUs(a, b)).toBe(20_000);
    expect(network.extraUs(b, a)).toBe(20_000);
    expect(readLevers(world).instanceSlowdown["api/r/b/1"]).toBe(1);
    world.run();
    expect(network.extraUs(a, b)).toBe(0);
  });
});
