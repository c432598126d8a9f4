// Breaker scope (README.md, "Defences"): one breaker for all of a service's calls to a dependency
// (scope service, the default), one per region, or one per calling instance. When the dependency
// is cut off from one region only, a shared breaker opens on that region's failures and fails the
// other region's calls fast too; breakers per region or per instance keep the other region whole.

import { describe, expect, it } from "vitest";
import { loadScenario, type RunResult, runScenario } from "../../src/scenario/index.js";

function scopedYaml(scope: string, fidelity = "request"): string {
  return `
name: breaker-scope
duration: 20m
fidelity: ${fidelity}
design:
  network: { jitter: 0% }
  regions: [{ name: east, zones: [a] }, { name: west, zones: [a] }]
  externals: [{ name: payments, latency: { distribution: constant, mean: 20ms } }]
  services:
    - name: api
      instancesPerZone: 2
      concurrency: 64
      serviceTime: { distribution: constant, mean: 1ms }
      calls:
        - { to: payments, timeout: 200ms, breaker: { scope: ${scope}, failureRate: 50%, window: 20, minimumCalls: 10, coolDown: 10s } }
workload:
  clients:
    - { region: east, service: api, rate: 100/s }
    - { region: west, service: api, rate: 100/s }
faults:
  - { kind: network-partition, between: [payments, east], at: 5m, for: 10m }
`;
}

const run = (scope: string, fidelity?: string): RunResult =>
  runScenario(loadScenario(scopedYaml(scope, fidelity), "breaker-scope.yaml"), { version: "test", seed: 1 });
const regionOf = (result: RunResult, region: string) => result.byClientRegion.find((r) => r.region === region);
const opened = (result: RunResult) => result.events.filter((e) => e.kind === "breaker.opened");

describe("a breaker's scope", () => {
  it("shared by the service (the default): east's failures open it, and west's calls fail fast with them", () => {
    const shared = run("service");
    const west = regionOf(shared, "west")?.availability ?? 1;
    // West loses a real share of its requests while the breaker is open (half the cycle or more).
    expect(west).toBeLessThan(0.9);
    expect(opened(shared).every((e) => e.subject === "api→payments")).toBe(true);
  });

  it("per region: only east's breaker opens, and west is untouched", () => {
    const perRegion = run("region");
    expect(regionOf(perRegion, "west")?.availability).toBe(1);
    expect(regionOf(perRegion, "east")?.availability).toBeLessThan(0.6);
    expect(new Set(opened(perRegion).map((e) => e.subject))).toEqual(new Set(["api→payments in east"]));
  });

  it("per instance: each of east's instances opens its own, named, and west is untouched", () => {
    const perInstance = run("instance");
    expect(regionOf(perInstance, "west")?.availability).toBe(1);
    expect(new Set(opened(perInstance).map((e) => e.subject))).toEqual(
      new Set(["api→payments on api/east/a/1", "api→payments on api/east/a/2"]),
    );
    const channel = perInstance.dependencies.find((d) => d.dependency === "payments");
    expect(channel?.breakerOpens).toBe(opened(perInstance).length);
  });

  it("is refused with a word it does not know, with the ones it takes", () => {
    expect(() => loadScenario(scopedYaml("global"), "breaker-scope.yaml")).toThrow(
      /breaker-scope\.yaml:\d+:\d+: .*breaker\.scope: got "global"; use one of service, region, instance/,
    );
  });
});
