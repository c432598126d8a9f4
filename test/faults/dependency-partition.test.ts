// A network partition between a service and a dependency (an external): which callers it cuts
// off, which way, and what the dependency sees.

import { describe, expect, it } from "vitest";
import { loadScenario } from "../../src/scenario/index.js";
import { runYaml } from "../support/scenarios.js";

/** `api` in two regions calls `payments` on every request (timeout 500 ms, no retries). */
function partitionYaml(fault: string): string {
  return `
name: dependency-partition
duration: 6m
design:
  network: { sameZone: 0us, crossZone: 1ms, crossRegion: 20ms, client: 5ms, jitter: 0% }
  regions: [{ name: r1, zones: [a, b] }, { name: r2, zones: [a] }]
  services:
    - name: api
      instancesPerZone: 2
      concurrency: 64
      serviceTime: { distribution: constant, mean: 5ms }
      calls: [{ to: payments, timeout: 500ms }]
  externals:
    - { name: payments, latency: { distribution: constant, mean: 40ms } }
workload:
  clients: [{ region: r1, service: api, rate: 100/s }, { region: r2, service: api, rate: 100/s }]
faults:
  - ${fault}
`;
}

const payments = (result: ReturnType<typeof runYaml>) => {
  const stats = result.externals.find((e) => e.name === "payments");
  if (!stats) throw new Error("no payments stats");
  return stats;
};

describe("a partition between a service and a dependency", () => {
  const result = runYaml(partitionYaml("{ kind: network-partition, between: [api, payments], at: 1m, for: 2m }"));

  it("times out every call made during it, and only those", () => {
    // 200 req/s for 120 s; each waits out the 500 ms timeout. Poisson: 5 standard deviations.
    const failed = result.failuresByReason["dependency-failed"] ?? 0;
    expect(Math.abs(failed - 24_000)).toBeLessThan(5 * Math.sqrt(24_000));
    expect(result.requests.failed).toBe(failed);
    expect(payments(result).timeouts).toBe(failed);
  });

  it("shows as a network rule added and removed", () => {
    const rules = result.events.filter((e) => e.kind.startsWith("network.rule"));
    expect(rules.map((e) => [e.kind, e.timeUs])).toEqual([
      ["network.ruleAdded", 60e6],
      ["network.ruleRemoved", 180e6],
    ]);
    expect(rules[0].subject).toBe("network-partition api↔payments");
  });
});

describe("a partition between a region and a dependency", () => {
  it("cuts off only the callers in that region", () => {
    const result = runYaml(partitionYaml("{ kind: network-partition, between: [r2, payments], at: 1m, for: 2m }"));
    const failed = result.failuresByReason["dependency-failed"] ?? 0;
    // Only r2's 100 req/s, served in r2 (clients use their own region).
    expect(Math.abs(failed - 12_000)).toBeLessThan(5 * Math.sqrt(12_000));
  });
});

describe("a one-way partition with a dependency", () => {
  it("towards it: the requests never arrive, so the dependency has nothing in flight", () => {
    const result = runYaml(
      partitionYaml("{ kind: network-partition, between: [api, payments], oneWay: true, at: 0s }"),
    );
    expect(result.requests.succeeded).toBe(0);
    expect(payments(result).inFlightMax).toBe(0);
    expect(payments(result).timeouts).toBe(payments(result).attempts);
  });

  it("from it: the dependency does the work, but the answers never come back", () => {
    const result = runYaml(
      partitionYaml("{ kind: network-partition, between: [payments, api], oneWay: true, at: 0s }"),
    );
    expect(result.requests.succeeded).toBe(0);
    // Each attempt holds it until the caller gives up: 200/s × 0.5 s ≈ 100 in flight.
    expect(payments(result).inFlightMax).toBeGreaterThan(80);
    expect(payments(result).timeouts).toBe(payments(result).attempts);
  });
});

describe("checking a partition's ends", () => {
  const load = (between: string) =>
    loadScenario(
      partitionYaml(`{ kind: network-partition, between: ${between}, at: 1m }`).replace(
        "externals:\n",
        "externals:\n    - { name: fraud, latency: { distribution: constant, mean: 5ms } }\n",
      ),
      "cut.yaml",
    );

  it("accepts a zone as the callers", () => {
    expect(() => load("[r1/a, payments]")).not.toThrow();
  });

  it("refuses two dependencies, naming the end and what it should be", () => {
    expect(() => load("[fraud, payments]")).toThrow(
      /cut\.yaml:\d+:\d+: faults\[0\]\.between\[1\]: "payments" is not a service, region or zone/,
    );
  });

  it("refuses an end whose name means two things (here a service and a database)", () => {
    const yaml = `
name: ambiguous
duration: 10m
design:
  regions: [{ name: r, zones: [a] }]
  services:
    - { name: orders, concurrency: 4, serviceTime: { distribution: constant, mean: 1ms }, database: { name: orders } }
  databases: [{ name: orders, primary: r/a }]
workload:
  clients: [{ region: r, service: orders, rate: 1/s }]
faults:
  - { kind: network-partition, between: [orders, r], at: 1m }
`;
    expect(() => loadScenario(yaml, "ambiguous.yaml")).toThrow(/between\[0\]: "orders" names two things/);
  });

  it("refuses a dependency in a latency spike, and says what to use instead", () => {
    expect(() =>
      loadScenario(
        partitionYaml("{ kind: latency-spike, between: [api, payments], extra: 50ms, at: 1m }"),
        "spike.yaml",
      ),
    ).toThrow(/"payments" is a dependency: .*dependency-slowdown/);
  });
});

describe("a partition between a service and its database", () => {
  /** `api` and `admin` share `orders`; 50% writes; the database call times out after 300 ms. */
  const yaml = (fault: string) => `
name: database-partition
duration: 6m
design:
  network: { sameZone: 0us, crossZone: 0us, crossRegion: 0us, client: 0us, jitter: 0% }
  regions: [{ name: r, zones: [a] }]
  services:
    - { name: api, concurrency: 64, serviceTime: { distribution: constant, mean: 2ms }, database: { name: orders, timeout: 300ms } }
    - { name: admin, concurrency: 64, serviceTime: { distribution: constant, mean: 2ms }, database: { name: orders, timeout: 300ms } }
  databases: [{ name: orders, primary: r/a }]
workload:
  clients:
    - { name: users, region: r, service: api, rate: 100/s, writeRatio: 50% }
    - { name: staff, region: r, service: admin, rate: 10/s, writeRatio: 50% }
faults:
  - ${fault}
`;

  it("times out that service's database calls and spares another service using the same database", () => {
    const result = runYaml(yaml("{ kind: network-partition, between: [api, orders], at: 1m, for: 2m }"));
    const failed = result.failuresByReason["database-unavailable"] ?? 0;
    // Only api's 100 req/s for 120 s (Poisson: 5 standard deviations); admin's 10/s never fail.
    expect(Math.abs(failed - 12_000)).toBeLessThan(5 * Math.sqrt(12_000));
    expect(result.requests.failed).toBe(failed);
  });

  it("one way back from the database: writes commit but their answers are lost", () => {
    const back = runYaml(yaml("{ kind: network-partition, between: [orders, api], oneWay: true, at: 1m, for: 2m }"));
    const there = runYaml(yaml("{ kind: network-partition, between: [api, orders], oneWay: true, at: 1m, for: 2m }"));
    // Same sample path: the same requests fail either way.
    expect(back.requests.failed).toBe(there.requests.failed);
    // Towards the database nothing arrives; on the way back api's writes (50/s for 120 s) commit unacknowledged.
    expect(there.counts.writesCommitted).toBe(there.writesAcknowledged);
    const ghosts = back.counts.writesCommitted - back.writesAcknowledged;
    expect(Math.abs(ghosts - 6_000)).toBeLessThan(5 * Math.sqrt(6_000));
  });

  it("does not count writes nobody was told about as lost acknowledged writes", () => {
    // api's answers are lost for the whole run; the primary dies at 3m and an async replica 2 s
    // behind takes over. Only admin's acknowledged writes (5/s × 2 s ≈ 10) count as lost, not
    // api's unacknowledged ones (50/s × 2 s ≈ 100).
    const result = runYaml(
      yaml("{ kind: network-partition, between: [orders, api], oneWay: true, at: 0s }")
        .replace(
          "databases: [{ name: orders, primary: r/a }]",
          "databases: [{ name: orders, primary: r/a, replicas: [{ zone: r/b, mode: async, lag: 2s }] }]",
        )
        .replace("zones: [a]", "zones: [a, b]")
        .replace("faults:\n", "faults:\n  - { kind: node-crash, node: orders/r/a, at: 3m }\n"),
    );
    expect(result.counts.promotions).toBe(1);
    expect(result.rpo.lostWrites).toBeGreaterThan(0);
    expect(result.rpo.lostWrites).toBeLessThan(30); // 10 + 5 standard deviations
    expect(result.counts.writesCommitted).toBeGreaterThan(result.writesAcknowledged + 10_000);
  });

  it("is refused when the service does not use that database", () => {
    const other = yaml("{ kind: network-partition, between: [api, audit], at: 1m }").replace(
      "databases: [{ name: orders, primary: r/a }]",
      "databases: [{ name: orders, primary: r/a }, { name: audit, primary: r/a }]",
    );
    expect(() => loadScenario(other, "audit.yaml")).toThrow(/service "api" never calls audit/);
  });
});
