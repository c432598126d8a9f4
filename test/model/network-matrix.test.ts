// The latency matrix (design.network.regionLatency, clientLatency): each region pair and each
// client region → serving region has its own one-way latency, read by the clients' round trips,
// DNS's choice of where failed-over clients go, and the database's round trips. Expectations are
// computed from the loaded configuration, never from a measured number.

import { describe, expect, it } from "vitest";
import { World } from "../../src/model/index.js";
import { loadScenario, runScenario } from "../../src/scenario/index.js";

const US_PER_MS = 1000;

/** EU clients of a service in us-east and eu-west behind DNS; eu-west dies at 0s when `outage`. */
function failoverYaml(options: { network: string; outage: boolean; regions?: string }): string {
  return `
name: eu-failover
duration: 6m
design:
  network: ${options.network}
  regions: ${options.regions ?? "[{ name: us-east, zones: [a] }, { name: eu-west, zones: [a] }]"}
  services:
    - { name: api, instancesPerZone: 2, concurrency: 64, serviceTime: { distribution: constant, mean: 5ms } }
  routing: { dns: { ttl: 20s, healthCheck: { interval: 5s, unhealthyThreshold: 2, healthyThreshold: 2 } } }
workload:
  clients: [{ region: eu-west, service: api, rate: 100/s }]
${options.outage ? "faults:\n  - { kind: region-outage, region: eu-west, at: 0s }\n" : ""}`;
}

function run(yaml: string) {
  const scenario = loadScenario(yaml, "network-matrix.yaml");
  return { scenario, result: runScenario(scenario, { version: "test" }) };
}

/**
 * Each request's network time is its round trip × (1 + U(−j, j)): the mean of n requests has a
 * standard error of roundTrip · j / √(3n). Two runs' means differ from their expectations by at
 * most 5 of them each (a chance below 1e-6 of failing a correct model).
 */
function tolerance(roundTripMs: number, jitter: number, requests: number): number {
  return (5 * roundTripMs * jitter) / Math.sqrt(3 * requests);
}

describe("the latency matrix", () => {
  it("gives each listed pair its latency both ways, crossRegion to the others, and clients client + the pair's", () => {
    const scenario = loadScenario(
      failoverYaml({
        network:
          "{ crossRegion: 70ms, client: 10ms, regionLatency: [{ between: [eu-west, us-east], oneWay: 40ms }], clientLatency: [{ from: us-west, to: eu-west, oneWay: 150ms }] }",
        outage: false,
        regions: "[{ name: us-east, zones: [a, b] }, { name: us-west, zones: [a] }, { name: eu-west, zones: [a] }]",
      }),
      "matrix.yaml",
    );
    const topology = new World(scenario.world).ctx.topology;
    const zone = (id: string) => topology.zoneIndex(id);
    const region = (name: string) => topology.regionIndex(name);
    expect(topology.oneWayUs(zone("us-east/a"), zone("us-east/a"))).toBe(250);
    expect(topology.oneWayUs(zone("us-east/a"), zone("us-east/b"))).toBe(1_000);
    expect(topology.oneWayUs(zone("us-east/b"), zone("eu-west/a"))).toBe(40_000);
    expect(topology.oneWayUs(zone("eu-west/a"), zone("us-east/a"))).toBe(40_000);
    expect(topology.oneWayUs(zone("us-west/a"), zone("eu-west/a"))).toBe(70_000);
    expect(topology.oneWayUs(zone("us-west/a"), zone("us-east/a"))).toBe(70_000);
    expect(topology.clientOneWayUs(region("eu-west"), region("eu-west"))).toBe(10_000);
    expect(topology.clientOneWayUs(region("eu-west"), region("us-east"))).toBe(50_000);
    expect(topology.clientOneWayUs(region("us-east"), region("eu-west"))).toBe(50_000);
    expect(topology.clientOneWayUs(region("eu-west"), region("us-west"))).toBe(80_000);
    // An override is one direction: clients in us-west reaching eu-west, not the other way.
    expect(topology.clientOneWayUs(region("us-west"), region("eu-west"))).toBe(150_000);
    expect(topology.clientOneWayUs(region("eu-west"), region("us-west"))).toBe(80_000);
  });

  it("raises the latency of EU clients failed over to us-east by twice the pair's one-way latency", () => {
    const network =
      "{ sameZone: 0us, crossRegion: 35ms, client: 10ms, jitter: 10%, regionLatency: [{ between: [us-east, eu-west], oneWay: 80ms }] }";
    const home = run(failoverYaml({ network, outage: false }));
    const moved = run(failoverYaml({ network, outage: true }));
    const config = moved.scenario.world.network;
    const pairMs = config.regionLatency[0].oneWayUs / US_PER_MS;
    const clientMs = config.clientUs / US_PER_MS;
    // Every success of the faulted run came after the failover (eu-west was down from the start).
    expect(moved.result.events.filter((e) => e.kind === "dns.failedOver")).toHaveLength(1);
    expect(moved.result.requests.failed).toBeGreaterThan(0);
    expect(moved.result.requests.succeeded).toBeGreaterThan(20_000);
    const allowed =
      tolerance(2 * clientMs, config.jitter, home.result.requests.succeeded) +
      tolerance(2 * (clientMs + pairMs), config.jitter, moved.result.requests.succeeded);
    expect(Math.abs(moved.result.latencyMs.mean - home.result.latencyMs.mean - 2 * pairMs)).toBeLessThan(allowed);
    // Not crossRegion: the pair's own figure.
    expect(Math.abs(moved.result.latencyMs.mean - home.result.latencyMs.mean - 2 * 35)).toBeGreaterThan(50);
  });

  it("charges failed-over clients a client latency given for their region and the serving one instead", () => {
    const network =
      "{ sameZone: 0us, client: 10ms, jitter: 10%, regionLatency: [{ between: [us-east, eu-west], oneWay: 80ms }], clientLatency: [{ from: eu-west, to: us-east, oneWay: 120ms }] }";
    const home = run(failoverYaml({ network, outage: false }));
    const moved = run(failoverYaml({ network, outage: true }));
    const config = moved.scenario.world.network;
    const clientMs = config.clientUs / US_PER_MS;
    const overrideMs = config.clientLatency[0].oneWayUs / US_PER_MS;
    const allowed =
      tolerance(2 * clientMs, config.jitter, home.result.requests.succeeded) +
      tolerance(2 * overrideMs, config.jitter, moved.result.requests.succeeded);
    expect(
      Math.abs(moved.result.latencyMs.mean - home.result.latencyMs.mean - 2 * (overrideMs - clientMs)),
    ).toBeLessThan(allowed);
  });

  it("fails clients over to the nearest healthy region, not the first declared", () => {
    const regions = "[{ name: us-west, zones: [a] }, { name: us-east, zones: [a] }, { name: eu-west, zones: [a] }]";
    const yaml = (network: string) => failoverYaml({ network, outage: true, regions });
    const near = run(
      yaml("{ crossRegion: 70ms, jitter: 0%, regionLatency: [{ between: [us-east, eu-west], oneWay: 40ms }] }"),
    );
    const moves = (r: typeof near) => r.result.events.find((e) => e.kind === "dns.failedOver")?.data;
    expect(moves(near)).toEqual({ moves: [{ from: "eu-west", to: "us-east" }] });
    // With one crossRegion for every pair, the first healthy region in declaration order, as before.
    const flat = run(yaml("{ crossRegion: 70ms, jitter: 0% }"));
    expect(moves(flat)).toEqual({ moves: [{ from: "eu-west", to: "us-west" }] });
  });
});

/** Writes from us-east to a primary in us-east/a with one replica in eu-west/a. */
function replicaYaml(mode: "sync" | "async", network: string): string {
  return `
name: far-replica
duration: 2m
design:
  network: ${network}
  regions: [{ name: us-east, zones: [a] }, { name: eu-west, zones: [a] }, { name: ap-south, zones: [a] }]
  services:
    - name: api
      regions: [us-east]
      concurrency: 64
      serviceTime: { distribution: constant, mean: 2ms }
      database: { name: orders, timeout: 5s }
  databases:
    - name: orders
      primary: us-east/a
      replicas: [{ zone: eu-west/a, mode: ${mode}${mode === "async" ? ", lag: 1s" : ""} }]
      failover: { mode: none }
workload:
  clients: [{ region: us-east, service: api, rate: 50/s, writeRatio: 100% }]
`;
}

describe("a synchronous replica in another region", () => {
  it("makes every write slower by its pair's round trip", () => {
    const network =
      "{ jitter: 0%, crossRegion: 35ms, regionLatency: [{ between: [us-east, eu-west], oneWay: 90ms }, { between: [us-east, ap-south], oneWay: 110ms }] }";
    const async = run(replicaYaml("async", network));
    const sync = run(replicaYaml("sync", network));
    const pair = sync.scenario.world.network.regionLatency.find((p) => p.between.includes("eu-west"));
    expect(sync.result.requests.failed).toBe(0);
    expect(sync.result.requests.succeeded).toBeGreaterThan(5_000);
    // No jitter, no load: every write takes the same time, so the means differ by exactly the round trip.
    expect(sync.result.latencyMs.mean - async.result.latencyMs.mean).toBeCloseTo(
      (2 * (pair?.oneWayUs ?? 0)) / US_PER_MS,
      2,
    );
  });
});
