// A load balancer is a failure domain of its own: when the service's balancer in a region fails,
// its instances keep running, every request sent there fails as load-balancer-down, and DNS
// health checks (which probe the region through the balancer) fail the region's clients over
// until it is back. Both fidelities tell the same story.

import { describe, expect, it } from "vitest";
import { loadScenario, type RunResult, runScenario, withFidelity } from "../../src/scenario/index.js";

const YAML = `
name: lb-outage
duration: 1h
design:
  network: { jitter: 0% }
  regions: [{ name: east, zones: [a, b] }, { name: west, zones: [a, b] }]
  services:
    - name: api
      concurrency: 16
      serviceTime: { distribution: constant, mean: 5ms }
      healthCheck: { interval: 5s, unhealthyThreshold: 2, healthyThreshold: 2 }
  routing:
    dns: { ttl: 30s, healthCheck: { interval: 10s, unhealthyThreshold: 3, healthyThreshold: 2 } }
workload:
  clients:
    - { region: east, service: api, rate: 50/s }
    - { region: west, service: api, rate: 50/s }
faults:
  - { kind: load-balancer-outage, service: api, region: east, at: "00:10", for: 20m }
`;

function run(fidelity: "request" | "fluid"): RunResult {
  return runScenario(withFidelity(loadScenario(YAML, "lb-outage.yaml"), fidelity), { version: "test" });
}

describe("load-balancer-outage", () => {
  const request = run("request");

  it("fails the region's requests as load-balancer-down until DNS moves its clients, without touching its instances", () => {
    expect(request.failuresByReason["load-balancer-down"]).toBeGreaterThan(0);
    expect(request.events.some((e) => e.kind === "node.crashed")).toBe(false);
    const failedOver = request.events.find((e) => e.kind === "dns.failedOver");
    expect(failedOver?.timeUs).toBeGreaterThan(600e6);
    // Detected within three 10 s checks (20–30 s), then cached answers expire within the 30 s TTL.
    expect((failedOver?.timeUs ?? 0) / 1e6 - 600).toBeLessThanOrEqual(30);
    expect(request.events.some((e) => e.kind === "dns.failedBack" && e.timeUs > 1800e6)).toBe(true);
    // East's clients (half the traffic) fail for at most 30 s of detection + 30 s of TTL.
    const bound = (0.5 * 50 * 2 * 60) / (100 * 3600);
    expect(1 - request.availability).toBeGreaterThan(0);
    expect(1 - request.availability).toBeLessThanOrEqual(bound);
  });

  it("gives the same answer in the fluid fidelity", () => {
    const fluid = run("fluid");
    expect(fluid.simulated.fidelity).toBe("fluid");
    // Tolerance: 10% of the unavailability (Poisson noise on ~1,500 failed requests is ~3%).
    const unavailable = 1 - request.availability;
    expect(Math.abs(fluid.availability - request.availability)).toBeLessThanOrEqual(0.1 * unavailable);
    expect(fluid.counts.dnsFailovers).toBe(request.counts.dnsFailovers);
    expect(Math.abs(fluid.rto.maxS - request.rto.maxS)).toBeLessThanOrEqual(5);
  });
});
