// Time in a good state (metrics/good-state.ts): a window too quiet to judge by its requests is
// judged by the world's state, so a quiet window during an outage is bad, and at low traffic an
// outage is one incident. The state read-out itself (model/observers/serviceability.ts) is
// checked against the requests wherever they are plentiful.

import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { injectFaults } from "../../src/faults/index.js";
import { World } from "../../src/model/index.js";
import { loadScenario } from "../../src/scenario/index.js";
import { runYaml } from "../support/scenarios.js";

/** One instance behind its load balancer, at `rate`, crashed from 30 min to 60 min. */
function quietYaml(rate: string): string {
  return `
name: quiet
duration: 2h
design:
  network: { jitter: 0% }
  regions: [{ name: r, zones: [a] }]
  services:
    - { name: api, concurrency: 8, serviceTime: { distribution: constant, mean: 5ms } }
workload:
  clients: [{ region: r, service: api, rate: ${rate} }]
faults:
  - { kind: node-crash, node: api/r/a/1, at: 30m, for: 30m }
`;
}

describe("time in a good state at low traffic", () => {
  const quiet = runYaml(quietYaml("1/min"));
  const busy = runYaml(quietYaml("200/s"));
  /** Users are served again once the load balancer has the restarted instance back in rotation. */
  const backS = (quiet.events.find((e) => e.kind === "lb.targetRestored")?.timeUs ?? 0) / 1e6;

  it("sees one incident, from the crash until the instance is back in rotation, not one per failed request", () => {
    expect(backS).toBeGreaterThan(3600);
    expect(quiet.incidents.map((i) => [i.startS, i.recoveredS])).toEqual([[1800, Math.ceil(backS)]]);
  });

  it("counts the quiet windows of the outage as bad", () => {
    const { windowS } = quiet.availabilityTimeBased;
    const windows = 7200 / windowS;
    const badWindows = Math.ceil(backS / windowS) - Math.floor(1800 / windowS);
    expect(quiet.availabilityTimeBased.ratio).toBeCloseTo((windows - badWindows) / windows, 9);
  });

  it("gives the verdicts the requests give at high traffic", () => {
    expect(busy.incidents.map((i) => [i.startS, i.recoveredS])).toEqual(
      quiet.incidents.map((i) => [i.startS, i.recoveredS]),
    );
    expect(busy.availabilityTimeBased.ratio).toBe(quiet.availabilityTimeBased.ratio);
  });
});

describe("the state read-out", () => {
  // Scenarios whose failures come from the state of the world, not from load: wherever a window
  // holds at least 100 requests, its verdict by the state must match its verdict by the requests.
  // Tolerance: a window where the state changes mid-window may differ by the share of the window
  // before the change (the state is sampled once a second); at most 1% of windows.
  const SCENARIOS = [
    "zone-outage.yaml",
    "node-crash.yaml",
    "bad-config-global.yaml",
    "network-partition.yaml",
    "accidental-delete.yaml",
    "dependency-timeout-with-breaker.yaml",
  ];
  it.each(SCENARIOS)("agrees with the requests wherever they are plentiful: %s", (name) => {
    const scenario = loadScenario(readFileSync(`scenarios/${name}`, "utf8"), name);
    const world = new World(scenario.world);
    injectFaults(world, scenario.faults);
    world.run();
    const { recorder } = world.ctx;
    let windows = 0;
    let disagreements = 0;
    let error = 0;
    for (let from = 0; from + 10 <= recorder.seconds - 1; from += 10) {
      const { succeeded, failed } = recorder.countsBetween(from, from + 10);
      if (succeeded + failed < 100) continue;
      let state = 0;
      for (let s = from; s < from + 10; s++) state += recorder.statePerSecond[s];
      const byRequests = succeeded / (succeeded + failed);
      const byState = state / 10;
      windows++;
      error += Math.abs(byRequests - byState);
      if (byRequests >= 0.99 !== byState >= 0.99) disagreements++;
    }
    expect(windows).toBeGreaterThan(100);
    expect(disagreements / windows).toBeLessThanOrEqual(0.01);
    expect(error / windows).toBeLessThan(0.005);
  });
});
