// A property over random schedules of overlapping faults of every kind, on a small design that
// has a place for each (two regions behind DNS, a cache, a database with backups, an external,
// a queue, an attack client, rollout policies with a manual rollback). Faults start on a coarse
// grid of times so that many start or end at the same instant, some recurring inside their window
// (recur:). Three promises:
// (1) once every fault has ended and recovery has had time, every lever is back to its no-fault
//     value and the run goes on as one that never had the faults (every request succeeds in the
//     tail, and latency is the same within the stated tolerance);
// (2) the order in which the faults are listed changes nothing;
// (3) every invariant holds (a broken one throws: the run would not finish).

import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { FAULT_KINDS, injectFaults } from "../../src/faults/index.js";
import { bucketMidpointUs, type LeverReadout, readLevers, World } from "../../src/model/index.js";
import { loadScenario } from "../../src/scenario/index.js";

const DURATION_S = 1800;
/** Faults start in the first 10 minutes and last at most 3; the tail is the last 5 minutes. */
const TAIL_FROM_S = 1500;
const RUNS = Number(process.env.FAULTLINE_PROPERTY_RUNS ?? 12);

const DESIGN = `
name: overlap-property
duration: ${DURATION_S}s
design:
  network: { sameZone: 1ms, crossZone: 1ms, crossRegion: 1ms, client: 1ms, jitter: 0% }
  regions: [{ name: east, zones: [a, b] }, { name: west, zones: [a] }]
  services:
    - name: api
      concurrency: 50
      queue: 200
      serviceTime: { distribution: constant, mean: 2ms }
      database: { name: db, timeout: 300ms }
      calls: [{ to: pay, criticality: optional, timeout: 100ms, retries: { max: 1, backoff: 10ms } }]
      cache: { hitRatio: 50%, latency: 1ms, warmup: 30s }
      publishesTo: jobs
      healthCheck: { interval: 2s, unhealthyThreshold: 2, healthyThreshold: 2 }
      deploy: { waves: [50%, 100%], step: 10s, bake: 30s, manualRollback: 2m }
      config: { waves: [100%], step: 10s, bake: 30s, manualRollback: 2m }
  databases:
    - name: db
      primary: east/a
      replicas: [{ zone: east/b, mode: async, lag: 500ms }]
      failover: { heartbeat: 1s, missedHeartbeats: 3, promotion: 5s }
      size: 1GB
      backups: { snapshotEvery: 5m, restoreRate: 1GB/min }
  externals: [{ name: pay, latency: { distribution: constant, mean: 5ms } }]
  queues: [{ name: jobs, consumers: { concurrency: 20, processTime: 10ms } }]
  routing: { dns: { ttl: 20s, healthCheck: { interval: 2s, unhealthyThreshold: 2, healthyThreshold: 2 } } }
workload:
  clients:
    - { name: east-users, region: east, service: api, rate: 60/s, writeRatio: 20%, population: 50 }
    - { name: west-users, region: west, service: api, rate: 40/s, writeRatio: 20%, population: 50 }
    - { name: bots, region: east, service: api, rate: 0/s, malicious: true }
`;

const INSTANCES = ["api/east/a/1", "api/east/b/1", "api/west/a/1"];
const NODES = [...INSTANCES, "db/east/a", "db/east/b"];
const ENDS = ["east", "west", "east/a", "east/b", "west/a"];

/** One fault of every kind, as YAML, from a few drawn numbers; lasting faults last `forS`. */
function faultYaml(kind: string, pick: number, atS: number, forS: number): string {
  const at = `at: ${atS}s`;
  const span = `${at}, for: ${forS}s`;
  const of = <T>(list: readonly T[]) => list[pick % list.length];
  const [from, to] = [of(ENDS), of(ENDS.slice().reverse())];
  const link = from === to ? "[east, west]" : `[${from}, ${to}]`;
  switch (kind) {
    case "region-outage":
      return `{ kind: region-outage, region: ${of(["east", "west"])}, ${span} }`;
    case "random-crashes":
      return `{ kind: random-crashes, ${of(["service: api", "database: db"])}, mtbf: 2m, mttr: 20s, ${span} }`;
    case "zone-outage":
      return `{ kind: zone-outage, zone: ${of(ENDS.slice(2))}, ${span} }`;
    case "load-balancer-outage":
      return `{ kind: load-balancer-outage, service: api, region: ${of(["east", "west"])}, ${span} }`;
    case "node-crash":
      return `{ kind: node-crash, node: ${of(NODES)}, ${span} }`;
    case "replication-lag":
      return `{ kind: replication-lag, database: db, replica: east/b, lag: ${of([5, 30])}s, ${span} }`;
    case "slow-node":
      return `{ kind: slow-node, node: ${of(INSTANCES)}, factor: ${of([2, 5])}, ${span} }`;
    case "failing-health-check":
      return `{ kind: failing-health-check, node: ${of(INSTANCES)}, ${of(["", "flapEvery: 8s, "])}${span} }`;
    case "network-partition":
      return `{ kind: network-partition, between: ${of([link, "[pay, api]", "[db, east/a]"])}, oneWay: ${pick % 2 === 0}, ${span} }`;
    case "latency-spike":
      return `{ kind: latency-spike, between: ${link}, extra: 20ms, ${span} }`;
    case "packet-loss":
      return `{ kind: packet-loss, between: ${link}, loss: 5%, ${span} }`;
    case "dns-failure":
      return `{ kind: dns-failure, ${span} }`;
    case "consumer-outage":
      return `{ kind: consumer-outage, queue: jobs, ${span} }`;
    case "cache-flush":
      return `{ kind: cache-flush, service: api, ${at} }`;
    case "cache-failure":
      return `{ kind: cache-failure, service: api, ${span} }`;
    case "ddos":
      return `{ kind: ddos, client: bots, rate: ${of([200, 500])}/s, ${span} }`;
    case "bad-deploy":
      return `{ kind: bad-deploy, service: api, errorRate: ${of([0, 30])}%, slowdown: ${of([1, 3])}, ${at} }`;
    case "bad-config":
      return `{ kind: bad-config, service: api, errorRate: ${of([10, 60])}%, ${at} }`;
    case "data-corruption":
      return `{ kind: data-corruption, database: db, detectedAfter: ${of([30, 90])}s, ${at} }`;
    case "accidental-delete":
      return `{ kind: accidental-delete, database: db, fraction: ${of([5, 20])}%, detectedAfter: ${of([30, 90])}s, ${at} }`;
    case "disk-full":
      return `{ kind: disk-full, database: db, ${span} }`;
    case "dependency-timeout":
      return `{ kind: dependency-timeout, dependency: pay, ${span} }`;
    case "dependency-errors":
      return `{ kind: dependency-errors, dependency: pay, errorRate: ${of([20, 100])}%, ${span} }`;
    case "dependency-slowdown":
      return `{ kind: dependency-slowdown, dependency: pay, factor: ${of([3, 30])}, ${span} }`;
    case "traffic-ramp":
      return `{ kind: traffic-ramp, client: ${of(["east-users", "west-users"])}, to: 3, ${span} }`;
    case "traffic-spike":
      return `{ kind: traffic-spike, client: ${of(["east-users", "west-users"])}, multiplier: ${of([2, 4])}, ${span} }`;
    case "zone-degradation":
      return `{ kind: zone-degradation, zone: ${of(ENDS.slice(2))}, factor: ${of([2, 4])}, ${of(["", "extraLatency: 10ms, "])}${span} }`;
    default:
      throw new Error(`the property has no example of fault kind ${kind}: add one`);
  }
}

/** Kinds that take `recur:` (random crashes are random already; a ramp is one launch). */
const RECURRING = new Set<string>(FAULT_KINDS.filter((kind) => kind.recurs !== false).map((kind) => kind.kind));

/**
 * The same fault recurring inside its window: lasting ones hold 15 s each time (constant, so the
 * last ends by the window's end + 15 s), instants come again 40 s after each aftermath.
 */
function recurring(yaml: string, kind: string, atS: number, forS: number): string {
  if (!RECURRING.has(kind)) return yaml;
  const window = `at: ${atS}s, for: ${forS}s`;
  if (yaml.includes(window)) {
    return yaml.replace(window, `${window}, recur: { mtbf: 40s, mttr: 15s, repairTimes: { distribution: constant } }`);
  }
  return yaml.replace(/ \}$/, `, for: ${forS}s, recur: { mtbf: 40s } }`);
}

interface Outcome {
  levers: LeverReadout;
  succeededPerSecond: number[];
  failedPerSecond: number[];
  latency: number[];
  losses: string[];
  tail: { succeeded: number; failed: number; meanLatencyUs: number };
}

function simulate(faults: string[]): Outcome {
  const yaml = `${DESIGN}faults: [${faults.join(", ")}]\n`;
  const scenario = loadScenario(yaml, "overlap-property.yaml");
  const world = new World(scenario.world);
  injectFaults(world, scenario.faults);
  world.run(); // checks the end-of-run invariants; levers check theirs on every change
  const { recorder } = world.ctx;
  let succeeded = 0;
  let failed = 0;
  for (let s = TAIL_FROM_S; s < DURATION_S; s++) {
    succeeded += recorder.succeededPerSecond[s];
    failed += recorder.failedPerSecond[s];
  }
  let latencySum = 0;
  let latencyCount = 0;
  const fromWindow = Math.floor((TAIL_FROM_S * 1e6) / recorder.timelineWindowUs);
  for (let w = fromWindow; w < recorder.timelineLatency.length; w++) {
    recorder.timelineLatency[w].forEach((count, bucket) => {
      latencySum += count * bucketMidpointUs(bucket);
      latencyCount += count;
    });
  }
  return {
    levers: readLevers(world),
    succeededPerSecond: [...recorder.succeededPerSecond],
    failedPerSecond: [...recorder.failedPerSecond],
    latency: [...recorder.latency],
    losses: world.databases.flatMap((db) => db.losses.map((loss) => JSON.stringify(loss))).sort(),
    tail: { succeeded, failed, meanLatencyUs: latencySum / latencyCount },
  };
}

const KINDS = FAULT_KINDS.map((kind) => kind.kind);

/** A drawn fault as YAML: once, or recurring inside its window. */
const asYaml = (f: { kind: string; pick: number; atS: number; forS: number; recur: boolean }) => {
  const once = faultYaml(f.kind, f.pick, f.atS, f.forS);
  return f.recur ? recurring(once, f.kind, f.atS, f.forS) : once;
};

const schedule = fc.array(
  fc.record({
    kind: fc.constantFrom(...KINDS),
    pick: fc.nat(11),
    atS: fc.integer({ min: 1, max: 20 }).map((k) => k * 30),
    forS: fc.integer({ min: 1, max: 6 }).map((k) => k * 30),
    recur: fc.boolean(),
  }),
  { minLength: 2, maxLength: 8 },
);

describe("overlapping faults of every kind", () => {
  const calm = simulate([]);

  it("has an example of every registered fault kind", () => {
    for (const kind of KINDS) expect(() => faultYaml(kind, 0, 60, 60)).not.toThrow();
  });

  it("leave every lever at its no-fault value, and the run as a calm one, once they are over", () => {
    fc.assert(
      fc.property(schedule, (drawn) => {
        const outcome = simulate(drawn.map(asYaml));
        expect(outcome.levers).toEqual(calm.levers);
        expect(outcome.levers.faultsHoldingEffects).toBe(0);
        expect(outcome.tail.failed).toBe(0);
        // Latency in the tail: constant service, network and dependency times, so a request's
        // latency depends only on its draws (cache hit, read or write); with ~30,000 requests
        // the mean moves by well under 1% between two sample paths (bucket width 0.4%).
        expect(Math.abs(outcome.tail.meanLatencyUs / calm.tail.meanLatencyUs - 1)).toBeLessThan(0.01);
      }),
      { numRuns: RUNS },
    );
  });

  it("give the same run whatever order they are listed in", () => {
    fc.assert(
      fc.property(schedule, fc.nat(), (drawn, rotation) => {
        const faults = drawn.map(asYaml);
        const turned = faults.map((_, i) => faults[(i + rotation) % faults.length]).reverse();
        const a = simulate(faults);
        const b = simulate(turned);
        expect(b.succeededPerSecond).toEqual(a.succeededPerSecond);
        expect(b.failedPerSecond).toEqual(a.failedPerSecond);
        expect(b.latency).toEqual(a.latency);
        expect(b.losses).toEqual(a.losses);
        expect(b.levers).toEqual(a.levers);
      }),
      { numRuns: RUNS },
    );
  });
});
