// Everything the reports show, computed from a finished run's record.

import { FAILURE_REASONS, type FailureReason, HISTOGRAM_BUCKETS, quantileUs } from "../model/index.js";
import { requestAvailability, timeBasedAvailability } from "./availability.js";
import { findIncidents, round3 } from "./incidents.js";
import type { Incident, RunRecord } from "./types.js";

export interface LatencySummary {
  mean: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
}

export interface TimelinePoint {
  /** Window start, seconds from the start of the run. */
  startS: number;
  successRatio: number;
  requests: number;
  /** p99 of successful requests in the window, ms (0 when none succeeded). */
  p99Ms: number;
}

/**
 * User requests from one client region (the region a client sends from), what share succeeded,
 * their end-to-end latency (null in a fluid run, which has none; null too when none succeeded),
 * and the acknowledged writes its users made that were lost (through any calls between services).
 */
export interface ClientRegionBreakdown {
  region: string;
  requests: number;
  availability: number;
  latencyMs: { p50: number; p99: number } | null;
  lostWrites: number;
}

/**
 * User requests of one operation (a request type of the workload; ARCHITECTURE.md, "Operations"):
 * what share succeeded, why the others failed, their latency as the whole run's is computed
 * (null in a fluid run, or when none succeeded), and the acknowledged writes of it that were lost.
 */
export interface OperationBreakdown {
  operation: string;
  write: boolean;
  /** Its share of every client's requests, as declared. */
  share: number;
  requests: number;
  succeeded: number;
  failed: number;
  degraded: number;
  availability: number;
  failuresByReason: Partial<Record<FailureReason, number>>;
  latencyMs: LatencySummary | null;
  lostWrites: number;
}

export interface RunMetrics {
  requests: { total: number; succeeded: number; failed: number; degraded: number };
  /** Malicious traffic, never counted as user requests: served, failed, and blocked at the edge. */
  attack: { served: number; failed: number; blocked: number };
  failuresByReason: Partial<Record<FailureReason, number>>;
  availability: number;
  availabilityTimeBased: { windowS: number; threshold: number; ratio: number };
  latencyMs: LatencySummary;
  /** Per client region, in the design's order of regions (those some user client sends from). */
  byClientRegion: ClientRegionBreakdown[];
  /** Per operation, in the workload's order (empty when it declares none). */
  byOperation: OperationBreakdown[];
  /**
   * Per operation, its requests and successes in each timeline window (aligned with
   * `timeline.points`): what the terminal UI sums "so far". Not in the JSON report.
   */
  operationTimeline: { operation: string; requests: number[]; succeeded: number[] }[];
  /**
   * Per client region, its requests and successes in each timeline window (aligned with
   * `timeline.points`): what the terminal UI sums "so far". Not in the JSON report.
   */
  clientRegionTimeline: { region: string; requests: number[]; succeeded: number[] }[];
  queueing: { startedRequests: number; waitedFraction: number; meanWaitMs: number };
  rpo: {
    maxS: number;
    lostWrites: number;
    losses: {
      database: string;
      cause: "failover" | "restore" | "deletion" | "split-brain";
      atS: number;
      lostWrites: number;
      rpoS: number;
    }[];
  };
  rto: { maxS: number };
  ttd: { maxS: number; undetectedIncidents: number };
  incidents: Incident[];
  writesAcknowledged: number;
  /**
   * Reads answered by a replica, and the stale ones among them (the replica had not applied a
   * write acknowledged before the read began); `stale` is null in a fluid run (not measured).
   */
  reads: { fromReplicas: number; stale: number | null };
  timeline: { windowS: number; points: TimelinePoint[] };
}

const US_PER_S = 1_000_000;
const ms = (us: number) => round3(us / 1000);

export function computeMetrics(record: RunRecord, operations: readonly OperationInfo[] = []): RunMetrics {
  const { recorder, options } = record;
  const incidents = findIncidents(record);
  const latencyMs: LatencySummary = {
    mean: recorder.succeeded === 0 ? 0 : ms(recorder.latencySumUs / recorder.succeeded),
    p50: ms(quantileUs(recorder.latency, 0.5)),
    p95: ms(quantileUs(recorder.latency, 0.95)),
    p99: ms(quantileUs(recorder.latency, 0.99)),
    max: ms(recorder.latencyMaxUs),
  };
  const failuresByReason: Partial<Record<FailureReason, number>> = {};
  FAILURE_REASONS.forEach((reason, i) => {
    if (recorder.failuresByReason[i] > 0) failuresByReason[reason] = recorder.failuresByReason[i];
  });
  const detected = incidents.filter((incident) => incident.detectedS !== null);
  return {
    requests: {
      total: recorder.succeeded + recorder.failed,
      succeeded: recorder.succeeded,
      failed: recorder.failed,
      degraded: recorder.degraded,
    },
    attack: { served: recorder.maliciousServed, failed: recorder.maliciousFailed, blocked: recorder.maliciousBlocked },
    failuresByReason,
    availability: requestAvailability(recorder),
    availabilityTimeBased: {
      windowS: options.availabilityWindowUs / US_PER_S,
      threshold: options.sliThreshold,
      ratio: timeBasedAvailability(recorder, record.durationUs, options.availabilityWindowUs, options.sliThreshold),
    },
    latencyMs,
    byClientRegion: byClientRegion(record),
    clientRegionTimeline: clientRegionTimeline(record),
    byOperation: byOperation(record, operations),
    operationTimeline: operationTimeline(record),
    queueing: {
      startedRequests: recorder.started,
      waitedFraction: recorder.started === 0 ? 0 : recorder.waited / recorder.started,
      meanWaitMs: recorder.started === 0 ? 0 : recorder.waitSumUs / recorder.started / 1000,
    },
    rpo: {
      maxS: round3(Math.max(0, ...record.losses.map((loss) => loss.rpoUs / US_PER_S))),
      lostWrites: record.losses.reduce((sum, loss) => sum + loss.lostWrites, 0),
      losses: record.losses.map((loss) => ({
        database: loss.database,
        cause: loss.cause,
        atS: round3(loss.failureUs / US_PER_S),
        lostWrites: loss.lostWrites,
        rpoS: round3(loss.rpoUs / US_PER_S),
      })),
    },
    rto: { maxS: Math.max(0, ...incidents.map((incident) => incident.rtoS)) },
    ttd: {
      maxS: round3(Math.max(0, ...detected.map((incident) => (incident.detectedS as number) - incident.startS))),
      undetectedIncidents: incidents.length - detected.length,
    },
    incidents,
    writesAcknowledged: recorder.writesAcknowledged,
    reads: {
      fromReplicas: recorder.replicaReads,
      stale: recorder.fluid === undefined ? recorder.staleReads : null,
    },
    timeline: timeline(record),
  };
}

function byClientRegion(record: RunRecord): ClientRegionBreakdown[] {
  const { recorder } = record;
  return recorder.clientRegions.map((region) => {
    const succeeded = recorder.succeededByRegion[region];
    const requests = succeeded + recorder.failedByRegion[region];
    const histogram = recorder.latencyByRegion.subarray(region * HISTOGRAM_BUCKETS, (region + 1) * HISTOGRAM_BUCKETS);
    const latency = recorder.fluid === undefined && succeeded > 0;
    return {
      region: recorder.regionNames[region],
      requests,
      availability: requests === 0 ? 1 : succeeded / requests,
      latencyMs: latency ? { p50: ms(quantileUs(histogram, 0.5)), p99: ms(quantileUs(histogram, 0.99)) } : null,
      lostWrites: record.losses.reduce((sum, loss) => sum + (loss.byRegion[region] ?? 0), 0),
    };
  });
}

/** What the breakdown by operation shows of each operation as declared. */
export interface OperationInfo {
  name: string;
  share: number;
  write: boolean;
}

function byOperation(record: RunRecord, operations: readonly OperationInfo[]): OperationBreakdown[] {
  const { recorder } = record;
  const reasons = FAILURE_REASONS.length;
  return recorder.operationNames.map((name, k) => {
    const succeeded = recorder.succeededByOperation[k];
    const failed = recorder.failedByOperation[k];
    const requests = succeeded + failed;
    const failuresByReason: Partial<Record<FailureReason, number>> = {};
    FAILURE_REASONS.forEach((reason, r) => {
      const count = recorder.failuresByOperationReason[k * reasons + r];
      if (count > 0) failuresByReason[reason] = count;
    });
    const histogram = recorder.latencyByOperation.subarray(k * HISTOGRAM_BUCKETS, (k + 1) * HISTOGRAM_BUCKETS);
    const latency = recorder.fluid === undefined && succeeded > 0;
    const declared = operations.find((operation) => operation.name === name);
    return {
      operation: name,
      write: declared?.write ?? false,
      share: declared?.share ?? 0,
      requests,
      succeeded,
      failed,
      degraded: recorder.degradedByOperation[k],
      availability: requests === 0 ? 1 : succeeded / requests,
      failuresByReason,
      latencyMs: latency
        ? {
            mean: ms(recorder.latencySumByOperation[k] / succeeded),
            p50: ms(quantileUs(histogram, 0.5)),
            p95: ms(quantileUs(histogram, 0.95)),
            p99: ms(quantileUs(histogram, 0.99)),
            max: ms(recorder.latencyMaxByOperation[k]),
          }
        : null,
      lostWrites: record.losses.reduce((sum, loss) => sum + (loss.byOperation?.[k] ?? 0), 0),
    };
  });
}

function operationTimeline(record: RunRecord): RunMetrics["operationTimeline"] {
  const { recorder } = record;
  const windowS = recorder.timelineWindowUs / US_PER_S;
  const seconds = Math.ceil(record.durationUs / US_PER_S);
  const rows = recorder.operationNames.map((operation) => ({
    operation,
    requests: [] as number[],
    succeeded: [] as number[],
  }));
  if (rows.length === 0) return rows;
  for (let w = 0; w * windowS < seconds; w++) {
    const { succeeded, failed } = recorder.countsByOperationBetween(w * windowS, Math.min((w + 1) * windowS, seconds));
    rows.forEach((row, k) => {
      row.requests.push(succeeded[k] + failed[k]);
      row.succeeded.push(succeeded[k]);
    });
  }
  return rows;
}

function clientRegionTimeline(record: RunRecord): RunMetrics["clientRegionTimeline"] {
  const { recorder } = record;
  const windowS = recorder.timelineWindowUs / US_PER_S;
  const seconds = Math.ceil(record.durationUs / US_PER_S);
  const rows = recorder.clientRegions.map((region) => ({
    region: recorder.regionNames[region],
    requests: [] as number[],
    succeeded: [] as number[],
  }));
  if (rows.length < 2) return rows; // nothing to break down
  for (let w = 0; w * windowS < seconds; w++) {
    const { succeeded, failed } = recorder.countsByRegionBetween(w * windowS, Math.min((w + 1) * windowS, seconds));
    recorder.clientRegions.forEach((region, i) => {
      rows[i].requests.push(succeeded[region] + failed[region]);
      rows[i].succeeded.push(succeeded[region]);
    });
  }
  return rows;
}

function timeline(record: RunRecord): { windowS: number; points: TimelinePoint[] } {
  const { recorder } = record;
  const windowS = recorder.timelineWindowUs / US_PER_S;
  const seconds = Math.ceil(record.durationUs / US_PER_S);
  const points: TimelinePoint[] = [];
  for (let w = 0; w * windowS < seconds; w++) {
    const { succeeded, failed } = recorder.countsBetween(w * windowS, Math.min((w + 1) * windowS, seconds));
    const histogram = recorder.timelineLatency[w];
    points.push({
      startS: w * windowS,
      successRatio: succeeded + failed === 0 ? 1 : round3(succeeded / (succeeded + failed)),
      requests: succeeded + failed,
      p99Ms: histogram && histogram.length > 0 ? ms(quantileUs(histogram, 0.99)) : 0,
    });
  }
  return { windowS, points };
}
