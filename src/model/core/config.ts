// The wired, unit-free description of a world the model simulates. Produced by
// src/scenario/compile.ts; every duration is in integer microseconds and every reference resolved.

import type { Comparison } from "./comparison.js";
import type { WriterClasses } from "./writer-classes.js";

export type Distribution = "constant" | "exponential" | "lognormal";

export interface HealthCheckConfig {
  intervalUs: number;
  unhealthyThreshold: number;
  healthyThreshold: number;
}

export interface NetworkConfig {
  sameZoneUs: number;
  crossZoneUs: number;
  /** Between regions, for every pair `regionLatency` does not list. */
  crossRegionUs: number;
  /** Region pairs with a latency of their own, the same both ways (a pair at most once, two distinct regions). */
  regionLatency: { between: [string, string]; oneWayUs: number }[];
  /** From a client to its own region's edge; to another region's, plus the pair's latency. */
  clientUs: number;
  /** Client region → serving region latencies that replace clientUs + the pair's (each pair at most once). */
  clientLatency: { from: string; to: string; oneWayUs: number }[];
  /** Each request's network time is multiplied by 1 ± jitter (uniform). */
  jitter: number;
}

export interface RegionConfig {
  name: string;
  /** Zone ids, written region/zone. */
  zones: string[];
}

export interface LatencyConfig {
  distribution: Distribution;
  meanUs: number;
  sigma: number;
}

export interface ExternalConfig {
  name: string;
  latency: LatencyConfig;
  errorRate: number;
  /** Calls served at full speed at once; beyond it they share it (each n/capacity slower; 0: unlimited). */
  capacity: number;
}

export interface BreakerConfig {
  /**
   * Whose calls one breaker watches: the calling service's, everywhere (the default); each region's
   * calls apart; or each instance's own (a client library inside each process). Absent: service.
   */
  scope?: "service" | "region" | "instance";
  failureRate: number;
  window: number;
  minimumCalls: number;
  coolDownUs: number;
  probes: number;
}

export interface CallConfig {
  /** The dependency's name: an external, or another service of the design (`callee`). */
  to: string;
  /**
   * `to` names a service of the design: the call is a request to it, through its load balancer
   * in the caller's region (or the nearest region that runs it). Absent: an external.
   */
  callee?: "service";
  fraction: number;
  required: boolean;
  timeoutUs: number;
  retries: { max: number; backoffUs: number; maxBackoffUs: number; jitter: boolean; budget?: number };
  breaker?: BreakerConfig;
  bulkhead?: number;
  killSwitch?: { errorRate: Comparison; windowUs: number; reactionUs: number; retryAfterUs: number };
  /** What a call that failed (after its retries, or failed fast) falls back on. */
  fallback?: FallbackConfig;
}

/**
 * A failed call's fallback: a call to another external (a second provider; it answers as the
 * call itself would have), or a cached answer, found for a share of the calls (served degraded).
 */
export type FallbackConfig = { kind: "call"; call: CallConfig } | { kind: "cached"; share: number };

export interface RolloutConfig {
  /**
   * waves: instances change wave by wave. blue-green: the new version is brought up on a second
   * fleet (taking `stepUs`, unseen by users), traffic switches to it at once (`switchUs`), and the
   * old fleet is kept for `bakeUs` so that a rollback is a switch back rather than a redeploy.
   */
  strategy: "waves" | "blue-green";
  /** Cumulative fractions of the instances changed wave by wave, or one wave per region. */
  waves: number[] | "by-region";
  /** blue-green: time for the load balancers to move all traffic to the other fleet. */
  switchUs: number;
  /** Time to change one wave's instances. */
  stepUs: number;
  /** Time each wave runs before the next starts (and is watched for errors). */
  bakeUs: number;
  /** Automated rollback: when the changed instances' error rate over `windowUs` breaches it. */
  rollback?: { errorRate: Comparison; windowUs: number };
  /** A person rolls back this long after the change started (if nothing else has). */
  manualRollbackUs?: number;
}

export interface AutoscalingConfig {
  /** Instances per zone it may grow to (it starts with instancesPerZone and never goes below). */
  maxInstancesPerZone: number;
  /** Busy slots / all slots it aims for. */
  targetUtilization: number;
  /** Scale out too when the average queue per instance exceeds this. */
  queuePerInstance: number;
  everyUs: number;
  cooldownUs: number;
  /** A new instance serves only this long after it was asked for (then must pass health checks). */
  provisioningUs: number;
}

export interface ServiceConfig {
  name: string;
  /** Zone ids the service is deployed in, in declaration order. */
  zones: string[];
  instancesPerZone: number;
  concurrency: number;
  queueCapacity: number;
  serviceTime: LatencyConfig;
  /** The service's database calls; `bulkhead`: most in flight per instance, beyond which a call fails at once. */
  database?: { name: string; reads: "primary" | "local-replica"; timeoutUs: number; bulkhead?: number };
  calls: CallConfig[];
  autoscaling?: AutoscalingConfig;
  /**
   * An application cache: a fixed hit ratio that climbs back over `warmupUs` after a flush, or
   * (with `ttl`) a keyed TTL cache whose hit ratio emerges from the reads per key.
   */
  cache?: {
    hitRatio: number;
    latencyUs: number;
    warmupUs: number;
    ttl?: { keys: number; ttlUs: number; ttlJitter: number };
  };
  /** Publishes each request's work to this queue and answers at once. */
  publishesTo?: string;
  /** How a new version reaches the instances (bad-deploy faults use it). */
  deploy: RolloutConfig;
  /** How a configuration change reaches them (bad-config faults use it). */
  config: RolloutConfig;
  healthCheck: HealthCheckConfig;
  balancing: "round-robin" | "least-outstanding";
}

/**
 * How the primary replicates to a replica: `sync` it waits for (a write is not acknowledged
 * without it), `sync-or-skip` it waits for only while the replica is reachable, `async` it
 * never waits for (ARCHITECTURE.md, "Data").
 */
export type ReplicaMode = "sync" | "sync-or-skip" | "async";

export interface ReplicaConfig {
  zone: string;
  mode: ReplicaMode;
  lagUs: number;
}

export interface DatabaseConfig {
  name: string;
  primaryZone: string;
  replicas: ReplicaConfig[];
  /** Quorum commit: the `sync` replicas that must have a write before it is acknowledged (absent: all). */
  ackAny?: number;
  /**
   * Majority replication (Raft, Paxos): every node votes, a write commits once a majority has it,
   * and a leader is elected instead of promoted by the failover manager (absent: a primary and
   * its replicas). `leaseUs`: a new leader serves only once the old one's lease has run out.
   */
  election?: { timeoutUs: number; leaseUs: number };
  readTimeUs: number;
  writeTimeUs: number;
  failover: {
    automatic: boolean;
    heartbeatUs: number;
    missedHeartbeats: number;
    promotionUs: number;
    /** Where the failover manager runs (absent: it sees every node's state and no partition). */
    siteZone?: string;
    /** Fencing: a primary cut off from the site stops taking writes after this (absent: it never does). */
    leaseUs?: number;
    /** Failback: the design's primary, back this long after a failover, is made primary again (absent: never). */
    failbackUs?: number;
  };
  sizeGb: number;
  backups?: BackupConfig;
  /** Deletes only mark rows; they can be un-deleted in `undeleteUs` until purged after `retentionUs`. */
  softDelete?: { retentionUs: number; undeleteUs: number };
  /** Operations served at full speed at once (0: unlimited). */
  capacity: number;
  /**
   * Writes arrive as flows at a rate (`Database.commitFlow`), not one by one (`commit`): the
   * fluid fidelity's log. Set by how the run is simulated, never by the design file; absent:
   * per-request.
   */
  fluid?: boolean;
  /**
   * Who writes (operations × client regions; data/writer-classes.ts): the log tells their writes
   * apart when there is more than one class (set by the world; absent: one class).
   */
  writers?: WriterClasses;
}

export interface BackupConfig {
  snapshotEveryUs: number;
  /** Point-in-time recovery: the log is archived every this long (undefined: snapshots only). */
  logArchiveEveryUs?: number;
  immutable: boolean;
  restoreGbPerS: number;
}

export interface DnsConfig {
  ttlUs: number;
  healthCheck: HealthCheckConfig;
}

export interface AlertConfig {
  name: string;
  errorRate?: Comparison;
  /** Fires when more than 1% of successful requests in the window took longer than this. */
  latencyP99AboveUs?: number;
  windowUs: number;
  everyUs: number;
}

export type RateProfile =
  | { kind: "constant"; perSecond: number }
  | { kind: "diurnal"; peakPerSecond: number; troughPerSecond: number; peakAtUs: number };

export interface ClientConfig {
  name: string;
  region: string;
  service: string;
  rate: RateProfile;
  /** Share of its requests that write; with operations, the write operations' shares (derived). */
  writeRatio: number;
  population: number;
  malicious: boolean;
  /** A synthetic probe: one request every this many µs (not Poisson), never a user request. */
  probeEveryUs?: number;
  /** Consecutive failed probes that fire the probe's alert. */
  probeFailuresToAlert?: number;
  /**
   * With operations, this client's own share of each (indexed as `WorldConfig.operations`; absent:
   * the operations' declared shares).
   */
  operationShares?: number[];
  /**
   * A probe's operation (index in `WorldConfig.operations`); absent, a probe reads and makes every
   * call of its service, as without operations. Clients that are not probes draw theirs by share.
   */
  operation?: number;
}

/**
 * A request type (ARCHITECTURE.md, "Operations"): its share of every client's requests, whether it
 * writes, and which of the calls and publishes of the services it passes through it makes (a
 * service's call or queue whose target it does not name is skipped).
 */
export interface OperationConfig {
  name: string;
  share: number;
  write: boolean;
  /** Names of externals and services its requests call, wherever a service on their path calls them. */
  calls: string[];
  /** Names of queues its requests publish to, wherever a service on their path publishes to them. */
  publishes: string[];
}

export interface QueueConfig {
  name: string;
  /** Messages the consumers work on at once, and how long one takes (exponential mean). */
  concurrency: number;
  processTimeUs: number;
}

export interface RateLimitConfig {
  clients: string[];
  perSecond: number;
  burst: number;
}

/**
 * How traffic is simulated: request by request (exact queueing, retries, timeouts), or as rates
 * between the control plane's events (fluid: for long horizons; ARCHITECTURE.md, "Fidelity").
 */
export type Fidelity = "request" | "fluid";

export interface WorldConfig {
  seed: number;
  /** Request by request unless said (the default for replays of hours). */
  fidelity?: Fidelity;
  /** Time of day at which simulated time 0 falls, µs since midnight. */
  startOfDayUs: number;
  durationUs: number;
  network: NetworkConfig;
  regions: RegionConfig[];
  services: ServiceConfig[];
  databases: DatabaseConfig[];
  externals: ExternalConfig[];
  dns?: DnsConfig;
  alerts: AlertConfig[];
  rateLimits: RateLimitConfig[];
  /** Share of user requests a CDN answers from its cache (never reaching a region). */
  edgeCacheHitRatio: number;
  queues: QueueConfig[];
  clients: ClientConfig[];
  /** The workload's request types (absent or empty: every request does the same, as the clients' mix says). */
  operations?: OperationConfig[];
  limits: { eventsMax: number; pendingEventsMax: number };
}

/**
 * A partition between a dependency (an external or a database) and its callers: the instances
 * of a service, or every instance in a region or zone. `requests`: calls never reach the
 * dependency; `answers`: it does the work (a write commits) but its answers never come back.
 * Either way the caller waits out its timeout.
 */
export interface DependencyCutConfig {
  dependency: { kind: "external" | "database"; name: string };
  callers: { kind: "service" | "region" | "zone"; name: string };
  requests: boolean;
  answers: boolean;
}
