// What the model records for metrics to read: per-second outcome counts, latency histograms
// (whole run and per timeline window), queue waits and failure reasons. Metrics never write here.

import type { FluidSeries } from "./fluid-series.js";
import { bucketOf, HISTOGRAM_BUCKETS, newHistogram } from "./histogram.js";

export const FAILURE_REASONS = [
  "region-unreachable",
  "no-healthy-target",
  "instance-down",
  "load-shed",
  "instance-crashed",
  "database-unavailable",
  "database-error",
  "dns-resolution-failed",
  "dependency-failed",
  "bad-change",
  "rate-limited",
  "data-missing",
  "load-balancer-down",
] as const;
export type FailureReason = (typeof FAILURE_REASONS)[number];
export const FailureCode: { [K in FailureReason]: number } = {
  "region-unreachable": 0,
  "no-healthy-target": 1,
  "instance-down": 2,
  "load-shed": 3,
  "instance-crashed": 4,
  "database-unavailable": 5,
  "database-error": 6,
  "dns-resolution-failed": 7,
  "dependency-failed": 8,
  "bad-change": 9,
  "rate-limited": 10,
  "data-missing": 11,
  "load-balancer-down": 12,
};

/** An operation index no operation has: the request is not counted by operation. */
export const NO_OPERATION = 255;

const US_PER_S = 1_000_000;
/** Most windows on the latency timeline; longer runs get wider windows. */
const TIMELINE_WINDOWS_MAX = 720;

/** The design's regions and which one each client sends from (Recorder's breakdowns). */
export interface RecorderRegions {
  names: readonly string[];
  /** Per client of the workload (attack and probe clients included), its region's index in `names`. */
  ofClient: ArrayLike<number>;
  /** Indices of the user clients, in order. */
  userClients: ArrayLike<number>;
  /**
   * The workload's operations, by name (empty: none declared). With operations, the fluid series
   * holds one stream per user client and operation, client by client (user u, operation k at
   * u × operations + k).
   */
  operations?: readonly string[];
}

export class Recorder {
  readonly seconds: number;
  readonly succeededPerSecond: Uint32Array;
  readonly failedPerSecond: Uint32Array;
  readonly latency = newHistogram();
  readonly timelineWindowUs: number;
  readonly timelineLatency: Float64Array[];
  readonly failuresByReason = new Float64Array(FAILURE_REASONS.length);
  /**
   * Per second, the share of user requests that would have succeeded as the world's state stood
   * (observers/serviceability.ts; the worse of the second's two ends): what judges a window too
   * quiet to judge by its requests.
   */
  readonly statePerSecond: Float32Array;
  latencySumUs = 0;
  latencyMaxUs = 0;
  succeeded = 0;
  /** Successes served without an optional dependency. */
  degraded = 0;
  /** Attack traffic is not user traffic: counted apart, never in availability or latency. */
  maliciousServed = 0;
  maliciousFailed = 0;
  maliciousBlocked = 0;
  failed = 0;
  writesAcknowledged = 0;
  /** Reads a replica (not the primary) answered, and those of them that were stale (data/database.ts). */
  replicaReads = 0;
  staleReads = 0;
  /** Requests that had to wait for a slot, and their total wait (M/M/c truth checks read these). */
  waited = 0;
  started = 0;
  waitSumUs = 0;

  /**
   * The fluid fidelity's traffic (fluid-series.ts): set, the per-second arrays stay empty and
   * counts are integrals of rates × the share that would succeed (memory flat in the horizon).
   */
  readonly fluid: FluidSeries | undefined;

  /**
   * Breakdowns by client region (the region a user client sends from): indexed by the design's
   * regions, so the hot path only adds to typed arrays. `regionOfClient[c]`: client c's region
   * (every client of the workload, attack and probe ones included; only user requests count).
   */
  readonly regionNames: readonly string[];
  readonly regionOfClient: Int32Array;
  /** The user clients (neither attack nor probe), in order: the fluid series' clients. */
  private readonly userClients: Int32Array;
  /** The regions some user client sends from, in the design's order: the breakdown's rows. */
  readonly clientRegions: readonly number[];
  readonly succeededByRegion: Float64Array;
  readonly failedByRegion: Float64Array;
  /** Per timeline window × client region (window w, region r at w × regions + r): per-request runs only. */
  readonly succeededByWindowRegion: Float64Array;
  readonly failedByWindowRegion: Float64Array;
  /** One latency histogram per client region, end to end (region r's buckets start at r × HISTOGRAM_BUCKETS). */
  readonly latencyByRegion: Float64Array;

  /**
   * Breakdowns by operation (the workload's request types; none declared: empty arrays and the
   * hot path skips them), the same way: typed arrays indexed by operation, user requests only.
   */
  readonly operationNames: readonly string[];
  /** How many (the hot path compares with it: an operation index at or past it is not counted). */
  private readonly operationCount: number;
  readonly succeededByOperation: Float64Array;
  readonly failedByOperation: Float64Array;
  readonly degradedByOperation: Float64Array;
  /** Operation k's failures for reason r at k × FAILURE_REASONS.length + r. */
  readonly failuresByOperationReason: Float64Array;
  /** One latency histogram per operation (per-request runs), with its sum and maximum. */
  readonly latencyByOperation: Float64Array;
  readonly latencySumByOperation: Float64Array;
  readonly latencyMaxByOperation: Float64Array;
  /** Per timeline window × operation (window w, operation k at w × operations + k): per-request runs only. */
  readonly succeededByWindowOperation: Float64Array;
  readonly failedByWindowOperation: Float64Array;

  constructor(durationUs: number, fluid?: FluidSeries, regions?: RecorderRegions) {
    this.seconds = Math.ceil(durationUs / US_PER_S) + 1;
    this.fluid = fluid;
    this.regionNames = regions?.names ?? [];
    this.regionOfClient = Int32Array.from(regions?.ofClient ?? []);
    this.userClients = Int32Array.from(regions?.userClients ?? []);
    const sending = new Set(Array.from(this.userClients, (client) => this.regionOfClient[client]));
    this.clientRegions = this.regionNames.flatMap((_, region) => (sending.has(region) ? [region] : []));
    this.succeededByRegion = new Float64Array(this.regionNames.length);
    this.failedByRegion = new Float64Array(this.regionNames.length);
    this.latencyByRegion = new Float64Array(fluid === undefined ? this.regionNames.length * HISTOGRAM_BUCKETS : 0);
    const perSecond = fluid === undefined ? this.seconds : 0;
    this.succeededPerSecond = new Uint32Array(perSecond);
    this.failedPerSecond = new Uint32Array(perSecond);
    this.statePerSecond = new Float32Array(perSecond).fill(1);
    const windowS = Math.max(10, Math.ceil(durationUs / US_PER_S / TIMELINE_WINDOWS_MAX / 10) * 10);
    this.timelineWindowUs = windowS * US_PER_S;
    const windows = Math.ceil(durationUs / this.timelineWindowUs) + 1;
    this.timelineLatency = Array.from({ length: windows }, () => new Float64Array(0));
    const byWindow = fluid === undefined ? windows * this.regionNames.length : 0;
    this.succeededByWindowRegion = new Float64Array(byWindow);
    this.failedByWindowRegion = new Float64Array(byWindow);
    this.operationNames = regions?.operations ?? [];
    const operations = this.operationNames.length;
    this.operationCount = operations;
    this.succeededByOperation = new Float64Array(operations);
    this.failedByOperation = new Float64Array(operations);
    this.degradedByOperation = new Float64Array(operations);
    this.failuresByOperationReason = new Float64Array(operations * FAILURE_REASONS.length);
    this.latencyByOperation = new Float64Array(fluid === undefined ? operations * HISTOGRAM_BUCKETS : 0);
    this.latencySumByOperation = new Float64Array(operations);
    this.latencyMaxByOperation = new Float64Array(operations);
    const byWindowOperation = fluid === undefined ? windows * operations : 0;
    this.succeededByWindowOperation = new Float64Array(byWindowOperation);
    this.failedByWindowOperation = new Float64Array(byWindowOperation);
  }

  /** Latency thresholds watched by alerts, and per second how many successes were slower. */
  slowThresholdsUs = new Float64Array(0);
  slowPerSecond: Uint32Array[] = [];

  watchLatencyAbove(thresholdUs: number): number {
    this.slowThresholdsUs = Float64Array.from([...this.slowThresholdsUs, thresholdUs]);
    this.slowPerSecond.push(new Uint32Array(this.fluid === undefined ? this.seconds : 0));
    return this.slowPerSecond.length - 1;
  }

  /** A user request from `client` (of operation `operation`, if any are declared) succeeded after `latencyUs`, end to end. */
  success(nowUs: number, latencyUs: number, client: number, operation: number): void {
    this.succeeded++;
    const second = Math.floor(nowUs / US_PER_S);
    this.succeededPerSecond[second]++;
    for (let k = 0; k < this.slowThresholdsUs.length; k++) {
      if (latencyUs > this.slowThresholdsUs[k]) this.slowPerSecond[k][second]++;
    }
    const bucket = bucketOf(latencyUs);
    this.latency[bucket]++;
    const window = Math.floor(nowUs / this.timelineWindowUs);
    let windowHistogram = this.timelineLatency[window];
    if (windowHistogram.length === 0) {
      windowHistogram = new Float64Array(HISTOGRAM_BUCKETS);
      this.timelineLatency[window] = windowHistogram;
    }
    windowHistogram[bucket]++;
    const region = this.regionOfClient[client];
    if (region !== undefined) {
      this.succeededByRegion[region]++;
      this.succeededByWindowRegion[window * this.regionNames.length + region]++;
      this.latencyByRegion[region * HISTOGRAM_BUCKETS + bucket]++;
    }
    if (operation < this.operationCount) {
      this.succeededByOperation[operation]++;
      this.succeededByWindowOperation[window * this.operationCount + operation]++;
      this.latencyByOperation[operation * HISTOGRAM_BUCKETS + bucket]++;
      this.latencySumByOperation[operation] += latencyUs;
      if (latencyUs > this.latencyMaxByOperation[operation]) this.latencyMaxByOperation[operation] = latencyUs;
    }
    this.latencySumUs += latencyUs;
    if (latencyUs > this.latencyMaxUs) this.latencyMaxUs = latencyUs;
  }

  /** A user request from `client` (of operation `operation`, if any are declared) failed for `reason` (FailureCode). */
  failure(nowUs: number, reason: number, client: number, operation: number): void {
    this.failed++;
    this.failedPerSecond[Math.floor(nowUs / US_PER_S)]++;
    this.failuresByReason[reason]++;
    const window = Math.floor(nowUs / this.timelineWindowUs);
    const region = this.regionOfClient[client];
    if (region !== undefined) {
      this.failedByRegion[region]++;
      this.failedByWindowRegion[window * this.regionNames.length + region]++;
    }
    const operations = this.operationCount;
    if (operation < operations) {
      this.failedByOperation[operation]++;
      this.failedByWindowOperation[window * operations + operation]++;
      this.failuresByOperationReason[operation * FAILURE_REASONS.length + reason]++;
    }
  }

  /**
   * A request succeeded without an optional dependency; a user request's counts for its
   * `operation` too (NO_OPERATION: not a user's, or none declared).
   */
  degradedSuccess(operation: number): void {
    this.degraded++;
    if (operation < this.operationCount) this.degradedByOperation[operation]++;
  }

  serviceStarted(waitUs: number): void {
    this.started++;
    if (waitUs > 0) {
      this.waited++;
      this.waitSumUs += waitUs;
    }
  }

  /** The fluid run is over: its totals are the integrals of its traffic up to `endUs`. */
  closeFluid(endUs: number): void {
    if (this.fluid === undefined) return;
    const { succeeded, failed } = this.fluid.countsBetweenUs(0, endUs);
    this.succeeded = succeeded;
    this.failed = failed;
    // The same integrals, grouped by each user client's region (the series holds user clients only).
    const regionOfUser = this.regionOfStream();
    const byRegion = this.fluid.countsByGroupBetweenUs(0, endUs, regionOfUser, this.regionNames.length);
    this.succeededByRegion.set(byRegion.succeeded);
    this.failedByRegion.set(byRegion.failed);
    // And by operation, when the series holds one stream per client and operation.
    const operations = this.operationNames.length;
    if (operations === 0) return;
    const byOperation = this.fluid.countsByGroupBetweenUs(0, endUs, this.operationOfStream(), operations);
    this.succeededByOperation.set(byOperation.succeeded);
    this.failedByOperation.set(byOperation.failed);
  }

  /** Successes and failures per operation over [fromS, toS), in either fidelity (operation k at k). */
  countsByOperationBetween(fromS: number, toS: number): { succeeded: Float64Array; failed: Float64Array } {
    const operations = this.operationNames.length;
    if (this.fluid !== undefined)
      return this.fluid.countsByGroupBetweenUs(fromS * US_PER_S, toS * US_PER_S, this.operationOfStream(), operations);
    return this.windowCounts(fromS, toS, this.succeededByWindowOperation, this.failedByWindowOperation, operations);
  }

  /** Successes and failures per client region over [fromS, toS), in either fidelity (region r at r). */
  countsByRegionBetween(fromS: number, toS: number): { succeeded: Float64Array; failed: Float64Array } {
    const regions = this.regionNames.length;
    if (this.fluid !== undefined)
      return this.fluid.countsByGroupBetweenUs(fromS * US_PER_S, toS * US_PER_S, this.regionOfStream(), regions);
    return this.windowCounts(fromS, toS, this.succeededByWindowRegion, this.failedByWindowRegion, regions);
  }

  /** Per-request runs keep breakdowns per timeline window: bounds are taken to fall on windows. */
  private windowCounts(
    fromS: number,
    toS: number,
    succeededByWindow: Float64Array,
    failedByWindow: Float64Array,
    groups: number,
  ): { succeeded: Float64Array; failed: Float64Array } {
    const succeeded = new Float64Array(groups);
    const failed = new Float64Array(groups);
    const windowS = this.timelineWindowUs / US_PER_S;
    for (let w = Math.floor(fromS / windowS); w * windowS < toS && (w + 1) * groups <= succeededByWindow.length; w++) {
      for (let g = 0; g < groups; g++) {
        succeeded[g] += succeededByWindow[w * groups + g];
        failed[g] += failedByWindow[w * groups + g];
      }
    }
    return { succeeded, failed };
  }

  /** Each fluid stream's region: the user clients in order, each once per operation when there are some. */
  private regionOfStream(): Int32Array {
    const perClient = Math.max(1, this.operationNames.length);
    return Int32Array.from({ length: this.userClients.length * perClient }, (_, stream) => {
      return this.regionOfClient[this.userClients[Math.floor(stream / perClient)]];
    });
  }

  /** Each fluid stream's operation (client by client, operation k at k within each). */
  private operationOfStream(): Int32Array {
    const operations = this.operationNames.length;
    return Int32Array.from({ length: this.userClients.length * operations }, (_, stream) => stream % operations);
  }

  /** Successes and failures recorded in whole seconds [fromS, toS). */
  countsBetween(fromS: number, toS: number): { succeeded: number; failed: number } {
    if (this.fluid !== undefined) {
      const from = Math.max(0, fromS);
      const to = Math.min(toS, this.seconds);
      return this.fluid.countsBetweenUs(from * US_PER_S, Math.max(from, to) * US_PER_S);
    }
    let succeeded = 0;
    let failed = 0;
    for (let s = Math.max(0, fromS); s < Math.min(toS, this.seconds); s++) {
      succeeded += this.succeededPerSecond[s];
      failed += this.failedPerSecond[s];
    }
    return { succeeded, failed };
  }
}
