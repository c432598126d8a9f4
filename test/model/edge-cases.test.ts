// Corner cases found in review, each once a crash or a silent wrong answer: a long queue behind a
// full database bulkhead, a bulkhead place held across unrelated dependency calls, a breaker
// probe lost to a crash, and a failure process with a mean time of zero.

import { describe, expect, it } from "vitest";
import { loadScenario } from "../../src/scenario/index.js";
import { runYaml } from "../support/scenarios.js";

describe("a database bulkhead", () => {
  it("fails a long queue at once without recursing through it", () => {
    // 3,000 reads/s queue up behind 1,000 slots of 1 s each; when the cache fails every queued
    // read needs the database, and the bulkhead (1) turns away all but one at a time.
    const result = runYaml(`
name: deep-queue
duration: 3m
design:
  regions: [{ name: eu, zones: [a] }]
  services:
    - name: catalog
      concurrency: 1000
      queue: 200000
      serviceTime: { distribution: exponential, mean: 1s }
      database: { name: products, timeout: 500ms, bulkhead: 1 }
      cache: { hitRatio: 99%, latency: 1ms, warmup: 10m }
  databases: [{ name: products, primary: eu/a }]
workload:
  clients: [{ region: eu, service: catalog, rate: 3000/s, writeRatio: 0% }]
faults:
  - { kind: cache-failure, service: catalog, at: 1m, for: 1m }
`);
    expect(Object.keys(result.failuresByReason)).toEqual(["load-shed"]);
    expect(result.requests.failed).toBeGreaterThan(100_000);
  });

  it("is not held while the request waits on another dependency", () => {
    const yaml = (bulkhead: string) => `
name: coupled
duration: 6m
design:
  regions: [{ name: eu, zones: [a] }]
  services:
    - name: api
      concurrency: 64
      serviceTime: { distribution: exponential, mean: 5ms }
      database: { name: orders, timeout: 500ms${bulkhead} }
      calls: [{ to: payments, fraction: 50%, timeout: 5s }]
  externals: [{ name: payments, latency: { mean: 50ms } }]
  databases: [{ name: orders, primary: eu/a }]
workload:
  clients: [{ region: eu, service: api, rate: 10/s }]
faults:
  - { kind: dependency-timeout, dependency: payments, at: 2m, for: 2m }
`;
    // Hung payment calls hold requests for 5 s each; with the place held across them, the
    // bulkhead (4) would shed requests that never call payments.
    const bounded = runYaml(yaml(", bulkhead: 4"));
    const unbounded = runYaml(yaml(""));
    expect(bounded.failuresByReason["load-shed"]).toBeUndefined();
    expect(bounded.availability).toBe(unbounded.availability);
  });
});

describe("a database bulkhead in front of a dead database", () => {
  it("holds its places while calls wait out their timeout, also for services with dependency calls", () => {
    const yaml = (calls: string) => `
name: dead-database
duration: 3m
design:
  regions: [{ name: eu, zones: [a] }]
  services:
    - name: api
      concurrency: 1000
      serviceTime: { distribution: exponential, mean: 5ms }
      database: { name: orders, timeout: 1s, bulkhead: 2 }
      ${calls}
  externals: [{ name: fraud, latency: { distribution: constant, mean: 1ms } }]
  databases: [{ name: orders, primary: eu/a, failover: { mode: none } }]
workload:
  clients: [{ region: eu, service: api, rate: 100/s }]
faults:
  - { kind: node-crash, node: orders/eu/a, at: 1m, for: 1m }
`;
    // 100 req/s each waiting 1 s on the dead primary: two places per instance are soon taken, so
    // most requests are shed at once, with or without a call to another dependency first.
    const plain = runYaml(yaml(""));
    const withCalls = runYaml(yaml("calls: [{ to: fraud, timeout: 1s }]"));
    expect(plain.failuresByReason["load-shed"]).toBeGreaterThan(4_000);
    expect(withCalls.failuresByReason["load-shed"]).toBeGreaterThan(4_000);
  });
});

describe("a half-open breaker", () => {
  it("still closes when the instance running its probe crashes", () => {
    const result = runYaml(`
name: probe-lost
duration: 10m
design:
  regions: [{ name: eu, zones: [a] }]
  services:
    - name: api
      concurrency: 200
      serviceTime: { distribution: exponential, mean: 5ms }
      calls:
        - to: payments
          timeout: 30s
          breaker: { failureRate: 50%, window: 2, minimumCalls: 2, coolDown: 1s, probes: 1 }
  externals: [{ name: payments, latency: { mean: 50ms } }]
workload:
  clients: [{ region: eu, service: api, rate: 2/s }]
faults:
  - { kind: dependency-timeout, dependency: payments, at: 1m, for: 2m }
  - { kind: node-crash, node: api/eu/a/1, at: 2m10s, for: 5s }
`);
    const closed = result.events.filter((e) => e.kind === "breaker.closed").map((e) => e.timeUs);
    expect(closed.some((t) => t > 180e6)).toBe(true); // after the dependency is back at 3m
    expect(result.incidents.every((incident) => incident.recoveredS !== null)).toBe(true);
  });
});

describe("random crashes", () => {
  it("refuse a mean time of zero, which would crash and restart every microsecond", () => {
    const yaml = `
name: zero
duration: 1h
design:
  regions: [{ name: eu, zones: [a] }]
  services: [{ name: api, concurrency: 4, serviceTime: { distribution: constant, mean: 1ms } }]
workload:
  clients: [{ region: eu, service: api, rate: 1/s }]
faults:
  - { kind: random-crashes, service: api, mtbf: 0s, mttr: 0s, at: 0s }
`;
    expect(() => loadScenario(yaml, "zero.yaml")).toThrow(
      /zero\.yaml:\d+:\d+: faults\[0\]\.mtbf: "0s" must be longer than 0/,
    );
  });
});
