// A realistic CheckResult for the report tests, built by really running two small scenarios:
// a zone outage that passes (a fault, an incident) and a two-seed scenario with an impossible
// latency target; plus an input error from a broken file and a comparison with a baseline.

import {
  type CheckResult,
  checkPassed,
  compareWithBaseline,
  type InputIssue,
  judgeScenario,
  loadScenario,
  runScenario,
  ScenarioInputError,
  type ScenarioVerdict,
  seedsFor,
  summarizeScenario,
} from "../../src/scenario/index.js";

export const ZONE_OUTAGE_FILE = "scenarios/zone-outage.yaml";
export const IMPOSSIBLE_FILE = "scenarios/impossible-latency.yaml";
export const BROKEN_FILE = "scenarios/broken.yaml";
export const DEPENDENCY_FILE = "scenarios/dependency-defences.yaml";

export const ZONE_OUTAGE = `
name: zone-outage
description: One of three zones fails for two minutes; the load balancer ejects its instances.
seed: 3
start: "02:00"
duration: 10m
design:
  regions: [{ name: eu, zones: [a, b, c] }]
  services:
    - name: web
      instancesPerZone: 1
      concurrency: 16
      serviceTime: { distribution: exponential, mean: 5ms }
      healthCheck: { interval: 2s, unhealthyThreshold: 2, healthyThreshold: 2 }
  alerts:
    - name: web-errors
      errorRate: "> 1%"
      window: 30s
workload:
  clients: [{ region: eu, service: web, rate: 100/s }]
faults:
  - kind: zone-outage
    zone: eu/b
    at: "02:03"
    for: 2m
slo:
  availability: ">= 99%"
  rto: "<= 2m"
expect:
  incidents: "<= 1"
`;

const IMPOSSIBLE = `
name: impossible-latency
description: No fault at all, but a p99 target of 1 ms that 20 ms of service time cannot meet.
seed: 7
seeds: 2
duration: 5m
design:
  regions: [{ name: us, zones: [a, b] }]
  services:
    - name: api
      concurrency: 8
      serviceTime: { distribution: exponential, mean: 20ms }
workload:
  clients: [{ region: us, service: api, rate: 80/s }]
slo:
  availability: ">= 99.9%"
  latencyP99: "<= 1ms"
`;

const DEPENDENCY_DEFENCES = `
name: dependency-defences
description: Payments fails half its calls for a minute; retries under a budget, a breaker; recs is optional.
seed: 4
duration: 4m
design:
  regions: [{ name: eu, zones: [a, b] }]
  externals:
    - { name: payments, latency: { distribution: exponential, mean: 20ms } }
    - { name: recs, latency: { distribution: exponential, mean: 10ms } }
  services:
    - name: shop
      instancesPerZone: 1
      concurrency: 32
      serviceTime: { distribution: exponential, mean: 5ms }
      calls:
        - to: payments
          fraction: 50%
          timeout: 300ms
          retries: { max: 3, backoff: 10ms, budget: 20% }
          breaker: { failureRate: 80%, window: 20, minimumCalls: 10, coolDown: 5s, probes: 2 }
        - { to: recs, criticality: optional, timeout: 100ms }
workload:
  clients: [{ region: eu, service: shop, rate: 80/s }]
faults:
  - { kind: dependency-errors, dependency: payments, errorRate: 50%, at: 1m, for: 1m }
  - { kind: dependency-errors, dependency: recs, errorRate: 100%, at: 2m, for: 1m }
`;

const BROKEN = `
name: broken
duration: 5 parsecs
`;

export function judge(yaml: string, file: string): ScenarioVerdict {
  const scenario = loadScenario(yaml, file);
  const runs = seedsFor(scenario).map((seed) => runScenario(scenario, { seed, version: "test" }));
  return judgeScenario(scenario, runs);
}

export function inputIssues(yaml: string, file: string): InputIssue[] {
  try {
    loadScenario(yaml, file);
  } catch (error) {
    if (error instanceof ScenarioInputError) return error.issues;
    throw error;
  }
  throw new Error(`${file} loaded without an error`);
}

/**
 * A scenario whose service calls two dependencies: retries, denied retries, fast fails, breaker
 * openings and degraded responses all happen.
 */
export function buildDependencyCheck(): CheckResult {
  const scenarios = [judge(DEPENDENCY_DEFENCES, DEPENDENCY_FILE)];
  return { version: "test", scenarios, errors: [], pass: checkPassed(scenarios, []) };
}

/** The zone-outage verdict alone: a check that passes. */
export function buildPassingCheck(): CheckResult {
  const scenarios = [judge(ZONE_OUTAGE, ZONE_OUTAGE_FILE)];
  return { version: "test", scenarios, errors: [], pass: checkPassed(scenarios, []) };
}

/**
 * Both scenarios, the broken file's issues, and a baseline in which the zone outage was
 * more available (now a regression), the impossible scenario's p99 was worse (an improvement),
 * and a scenario that this check no longer runs.
 */
export function buildCheck(): CheckResult {
  const scenarios = [judge(ZONE_OUTAGE, ZONE_OUTAGE_FILE), judge(IMPOSSIBLE, IMPOSSIBLE_FILE)];
  const errors = inputIssues(BROKEN, BROKEN_FILE);
  const current = scenarios.map((verdict) => ({ name: verdict.name, summary: summarizeScenario(verdict) }));
  const [zone, impossible] = current;
  const baseline = compareWithBaseline(
    current,
    [
      { name: zone.name, summary: { ...zone.summary, availability: 0.99999 } },
      { name: impossible.name, summary: { ...impossible.summary, latencyP99Ms: impossible.summary.latencyP99Ms * 2 } },
      { name: "retired-scenario", summary: zone.summary },
    ],
    0.1,
  );
  return { version: "test", scenarios, errors, baseline, pass: checkPassed(scenarios, errors, baseline) };
}
