// Builders of small scenario files for tests: YAML text run through the real loader, so every
// truth check also exercises parsing, compilation and wiring.

import {
  type InputIssue,
  loadScenario,
  type RunResult,
  runScenario,
  ScenarioInputError,
} from "../../src/scenario/index.js";

export function runYaml(yaml: string, seed?: number): RunResult {
  return runScenario(loadScenario(yaml, "test.yaml"), { version: "test", seed });
}

/** The input errors loading `yaml` reports (empty when it loads). */
export function inputIssues(yaml: string, file = "test.yaml"): InputIssue[] {
  try {
    loadScenario(yaml, file);
  } catch (error) {
    if (error instanceof ScenarioInputError) return error.issues;
    throw error;
  }
  return [];
}

export interface QueueOptions {
  arrivalsPerS: number;
  serviceMeanMs: number;
  servers: number;
  duration: string;
  distribution?: "exponential" | "constant" | "lognormal";
  queue?: number;
}

/** One instance with `servers` slots and a FIFO queue, no network time: an M/M/c queue. */
export function queueYaml(options: QueueOptions): string {
  return `
name: queue
duration: ${options.duration}
design:
  network: { sameZone: 0us, crossZone: 0us, crossRegion: 0us, client: 0us, jitter: 0% }
  regions: [{ name: r, zones: [a] }]
  services:
    - name: s
      concurrency: ${options.servers}
      queue: ${options.queue ?? 100000}
      serviceTime: { distribution: ${options.distribution ?? "exponential"}, mean: ${options.serviceMeanMs * 1000}us }
workload:
  clients: [{ region: r, service: s, rate: ${options.arrivalsPerS}/s }]
limits: { pendingEventsMax: 10000000 }
`;
}

export interface ReplicationOptions {
  mode: "sync" | "async";
  lag: string;
  writesPerS: number;
  failAt: string;
  duration?: string;
}

/** A primary and one replica in another zone; the primary's zone fails at `failAt`. */
export function replicationYaml(options: ReplicationOptions): string {
  return `
name: replication
duration: ${options.duration ?? "10m"}
design:
  network: { jitter: 0% }
  regions: [{ name: r, zones: [a, b] }]
  services:
    - name: s
      regions: [r]
      concurrency: 64
      serviceTime: { distribution: constant, mean: 1ms }
      database: { name: db, timeout: 1s }
  databases:
    - name: db
      primary: r/a
      replicas: [{ zone: r/b, mode: ${options.mode}, lag: ${options.lag} }]
      failover: { heartbeat: 1s, missedHeartbeats: 3, promotion: 10s }
workload:
  clients: [{ region: r, service: s, rate: ${options.writesPerS}/s, writeRatio: 100% }]
faults:
  - { kind: node-crash, node: db/r/a, at: ${options.failAt} }
`;
}

/** Erlang C: probability that an arrival waits, and the mean wait in queue, for M/M/c. */
export function erlangC(
  arrivalsPerS: number,
  serviceRatePerS: number,
  servers: number,
): { pWait: number; meanWaitS: number } {
  const a = arrivalsPerS / serviceRatePerS;
  const rho = a / servers;
  let term = 1;
  let sum = 1;
  for (let k = 1; k < servers; k++) {
    term *= a / k;
    sum += term;
  }
  const last = (term * a) / servers / (1 - rho);
  const pWait = last / (sum + last);
  return { pWait, meanWaitS: pWait / (servers * serviceRatePerS - arrivalsPerS) };
}

export function mean(values: number[]): number {
  return values.reduce((a, b) => a + b, 0) / values.length;
}

/** Standard error of the mean of independent replications. */
export function standardError(values: number[]): number {
  const m = mean(values);
  const variance = values.reduce((acc, v) => acc + (v - m) ** 2, 0) / (values.length - 1);
  return Math.sqrt(variance / values.length);
}

/**
 * Two instances of 10 slots (20 ms each, in two zones) at 250 req/s, tripled from 5 min to
 * 10 min, with an autoscaler that may grow each zone to 3 instances (every 10 s, 45 s to boot).
 */
export function autoscalingYaml(options: { cooldown: string }): string {
  return `
name: autoscaling
duration: 20m
design:
  network: { jitter: 0% }
  regions: [{ name: r, zones: [a, b] }]
  services:
    - name: api
      instancesPerZone: 1
      concurrency: 10
      queue: 50
      serviceTime: { distribution: exponential, mean: 20ms }
      healthCheck: { interval: 5s, unhealthyThreshold: 3, healthyThreshold: 2 }
      autoscaling: { maxInstancesPerZone: 3, targetUtilization: 50%, every: 10s, cooldown: ${options.cooldown}, provisioning: 45s }
workload:
  clients: [{ region: r, service: api, rate: 250/s }]
faults:
  - { kind: traffic-spike, client: r, multiplier: 3, at: 5m, for: 5m }
`;
}
