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
  }

  /** Latency thresholds watched by alerts, and per second how many successes were slower. */
  slowThresholdsUs = new Float64Array(0);
  slowPerSecond: Uint32Array[] = [];

  watchLatencyAbove(thresholdUs: number): number {
    this.slowThresholdsUs = Float64Array.from([...this.slowThresholdsUs, thresholdUs]);
    this.slowPerSecond.push(new Uint32Array(this.fluid === undefined ? this.seconds : 0));
    return this.slowPerSecond.length - 1;
  }

  /** A user request from `client` succeeded after `latencyUs`, end to end. */
  success(nowUs: number, latencyUs: number, client: number): void {
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
    this.latencySumUs += latencyUs;
    if (latencyUs > this.latencyMaxUs) this.latencyMaxUs = latencyUs;
  }

  /** A user request from `client` failed for `reason` (FailureCode). */
  failure(nowUs: number, reason: number, client: number): void {
    this.failed++;
    this.failedPerSecond[Math.floor(nowUs / US_PER_S)]++;
    this.failuresByReason[reason]++;
    const region = this.regionOfClient[client];
    if (region !== undefined) {
      this.failedByRegion[region]++;
      this.failedByWindowRegion[Math.floor(nowUs / this.timelineWindowUs) * this.regionNames.length + region]++;
    }
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
    const regionOfUser = this.regionOfUser();
    const byRegion = this.fluid.countsByGroupBetweenUs(0, endUs, regionOfUser, this.regionNames.length);
    this.succeededByRegion.set(byRegion.succeeded);
    this.failedByRegion.set(byRegion.failed);
  }

  /** Successes and failures per client region over [fromS, toS), in either fidelity (region r at r). */
  countsByRegionBetween(fromS: number, toS: number): { succeeded: Float64Array; failed: Float64Array } {
    const regions = this.regionNames.length;
    if (this.fluid !== undefined)
      return this.fluid.countsByGroupBetweenUs(fromS * US_PER_S, toS * US_PER_S, this.regionOfUser(), regions);
    const succeeded = new Float64Array(regions);
    const failed = new Float64Array(regions);
    const windowS = this.timelineWindowUs / US_PER_S;
    // Per-request runs keep these per timeline window: bounds are taken to fall on windows.
    for (
      let w = Math.floor(fromS / windowS);
      w * windowS < toS && (w + 1) * regions <= this.succeededByWindowRegion.length;
      w++
    ) {
      for (let r = 0; r < regions; r++) {
        succeeded[r] += this.succeededByWindowRegion[w * regions + r];
        failed[r] += this.failedByWindowRegion[w * regions + r];
      }
    }
    return { succeeded, failed };
  }

  /** Each of the fluid series' clients' region (the user clients, in order). */
  private regionOfUser(): Int32Array {
    return Int32Array.from(this.userClients, (client) => this.regionOfClient[client]);
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
