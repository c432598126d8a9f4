// Synthetic probes: fixed-interval requests through the whole path that are never user
// requests, and alert after `failuresToAlert` failures in a row — often before an error-rate
// alert over a window would.

import { describe, expect, it } from "vitest";
import { runYaml } from "../support/scenarios.js";

function yaml(probes: string): string {
  return `
name: probes
duration: 20m
design:
  regions: [{ name: east, zones: [a] }, { name: west, zones: [a] }]
  services: [{ name: api, concurrency: 64, serviceTime: { distribution: constant, mean: 2ms } }]
  routing: { dns: { ttl: 60s, healthCheck: { interval: 10s, unhealthyThreshold: 3 } } }
  alerts: [{ name: errors, errorRate: "> 20%", window: 2m, every: 30s }]
${probes}
workload:
  clients: [{ region: east, service: api, rate: 100/s }]
faults:
  - { kind: region-outage, region: east, at: 5m, for: 5m }
`;
}

describe("synthetic probes", () => {
  const plain = runYaml(yaml(""));
  const probed = runYaml(
    yaml("  probes: [{ name: east-probe, from: east, service: api, every: 10s, failuresToAlert: 2 }]"),
  );
  const fired = probed.events.filter((e) => e.kind === "alert.fired" && e.subject === "east-probe");

  it("fire after failuresToAlert failed probes in a row", () => {
    expect(fired).toHaveLength(1);
    expect(fired[0].timeUs / 1e6 - 300).toBeGreaterThan(0);
    expect(fired[0].timeUs / 1e6 - 300).toBeLessThanOrEqual(20); // two probes, 10 s apart
    expect(fired[0].detail).toBe("2 probes in a row failed");
  });

  it("detect the outage before the error-rate alert", () => {
    const errors = probed.events.find((e) => e.kind === "alert.fired" && e.subject === "errors");
    expect(errors).toBeDefined();
    expect(fired[0].timeUs).toBeLessThan(errors?.timeUs ?? 0);
    expect(probed.ttd.maxS).toBeLessThan(plain.ttd.maxS);
  });

  it("are never counted as user requests", () => {
    expect(probed.requests).toEqual(plain.requests);
    expect(probed.availability).toBe(plain.availability);
  });
});
