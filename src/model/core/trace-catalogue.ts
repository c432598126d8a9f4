// Every kind of trace record, declared once: its structured payload, the detail text it prints
// (the text report and the trace hash read that), and what it is to its readers — a burst to
// summarise per second, a reaction of the system (a failover, a scale-out...) that ends an
// incident's reaction phase, an alert firing or resolving. Reports, metrics and the UI read
// these fields and payloads; none parses a detail string back or keeps its own list of kinds.

import type { Trace } from "../../engine/index.js";

/** The payload of each kind (`null`: the subject says it all). */
export interface TracePayloads {
  /** `fault #<index>` of the scenario's fault list. */
  "fault.started": { fault: number };
  "fault.ended": { fault: number };
  "domain.failed": null;
  "domain.restored": null;
  "node.crashed": null;
  "node.restarted": null;
  /** A new instance the autoscaler asked for has booted. */
  "node.provisioned": null;
  /** The autoscaler removed a drained instance. */
  "node.removed": null;
  "lb.targetEjected": { balancer: string };
  "lb.targetRestored": { balancer: string };
  "lb.targetDrained": { balancer: string };
  "autoscaler.scaledOut": { added: number; utilization: number; queuePerInstance: number };
  "autoscaler.scaledIn": { removed: string; utilization: number };
  "breaker.opened": null;
  "breaker.closed": null;
  "flag.switchedOff": null;
  "flag.switchedOn": null;
  /** The subject is the network fault's label. */
  "network.ruleAdded": null;
  "network.ruleRemoved": null;
  "alert.fired": AlertPayload;
  "alert.resolved": AlertPayload;
  /** Client regions whose answer moved, in region order. */
  "dns.failedOver": { moves: { from: string; to: string }[] };
  "dns.failedBack": { moves: { from: string; to: string }[] };
  "dns.propagated": null;
  "dns.resolutionFailed": null;
  "dns.resolutionRestored": null;
  "db.failureDetected": { missedHeartbeats: number };
  "db.promoted": { position: number };
  /** withheld: a live replica exists, but none holds every acknowledged write (strict sync, quorum). */
  "db.promotionFailed": { withheld: boolean };
  "db.failoverCancelled": null;
  /** The design's primary has been back `afterS`: writes pause while it catches up, then it is primary again. */
  "db.failbackStarted": { afterS: number };
  /** The design's primary is primary again, at `position`, after a pause of `pausedS`. */
  "db.failedBack": { position: number; pausedS: number };
  /** The failback stopped: one of the two nodes failed or was cut off while writes were paused. */
  "db.failbackCancelled": null;
  /** A majority database's leader died or reaches no majority: writes stop until a leader has one. */
  "db.majorityLost": null;
  /** A member reaching a majority was elected leader, `afterS` after the majority was lost. */
  "db.leaderElected": { position: number; afterS: number };
  /** The election timed out with no majority of members reaching each other. */
  "db.electionFailed": null;
  /** A primary cut off from the failover manager's site past its lease: it takes no more writes. */
  "db.fenced": null;
  "db.writesLost": { lostWrites: number; rpoS: number };
  /** The replica's lag now, and the design's. */
  "db.lagChanged": { lagS: number; designLagS: number };
  "db.corrupted": { reachesBackups: boolean };
  "db.corruptionDetected": { alreadyRemoved: boolean };
  "db.restoreStarted": { toClock: string; durationS: number };
  "db.restored": null;
  "db.restoreImpossible": { reason: string };
  "db.rowsDeleted": { fraction: number };
  "db.undeleting": { durationS: number };
  /** `purged`: set when soft-deleted rows were already purged (their retention, in days). */
  "db.rowsRestoring": { fromClock: string; durationS: number; purgedAfterDays?: number };
  "db.rowsRecovered": null;
  "cache.flushed": null;
  "cache.failed": null;
  "cache.restored": null;
  "queue.consumersDown": null;
  "queue.consumersUp": null;
  "queue.drained": null;
  "deploy.started": RolloutStarted;
  "deploy.waveApplied": WaveApplied;
  "deploy.switched": { blueKeptS: number };
  "deploy.completed": null;
  "deploy.rolledBack": RolledBack;
  "deploy.reverted": null;
  "config.started": RolloutStarted;
  "config.waveApplied": WaveApplied;
  "config.switched": { blueKeptS: number };
  "config.completed": null;
  "config.rolledBack": RolledBack;
  "config.reverted": null;
}

/** What an alert saw over its window: a probe streak, or an error rate and a latency share. */
export type AlertPayload =
  | { probe: true; failuresInARow: number }
  | { probe: false; windowS: number; errorRate?: number; slowShare?: number; latencyBoundMs?: number };

interface RolloutStarted {
  label: string;
}
interface WaveApplied {
  wave: number;
  waves: number;
  changed: number;
  instances: number;
}
/** `errorRate`: an automated rollback's trigger; absent when an operator rolled back. */
type RolledBack = { errorRate?: number };

export type TraceKind = keyof TracePayloads;

/**
 * What a reaction of the system was: traffic moved off a failed part (a promotion, a DNS change,
 * a load-balancer ejection, a breaker opening), capacity added, a bad change reverted, or data
 * restored. Reports name an incident's reaction phase by these, so that new instances booting
 * are not called a failover.
 */
export type Reaction = "failover" | "scale-out" | "rollback" | "restore";
/** The order reactions are named in, whatever order they came in. */
export const REACTIONS: readonly Reaction[] = ["failover", "scale-out", "rollback", "restore"];

interface KindInfo<P> {
  /** The detail text (absent: the record has none). */
  detail?: (payload: P) => string;
  /** It comes in bursts (a region takes many nodes with it): readers summarise it per second. */
  burst?: true;
  /** It may repeat many times in a row (a breaker re-opening after every failed probe): readers count repeats. */
  repeats?: true;
  /** The system reacting to a failure, and how: an incident's reaction phase ends with the last one in it. */
  reaction?: Reaction;
  alert?: "fired" | "resolved";
  /** Every client follows a routing change from here on (an incident's propagation phase ends). */
  propagated?: true;
}

const percent = (fraction: number, decimals: number) => `${(fraction * 100).toFixed(decimals)}%`;

function alertDetail(alert: AlertPayload): string {
  if (alert.probe)
    return alert.failuresInARow === 0 ? "a probe succeeded" : `${alert.failuresInARow} probes in a row failed`;
  const parts = [
    alert.errorRate === undefined ? "" : `error rate ${percent(alert.errorRate, 2)}`,
    alert.slowShare === undefined ? "" : `${percent(alert.slowShare, 2)} slower than ${alert.latencyBoundMs}ms`,
  ].filter((part) => part !== "");
  return `${parts.join(", ")} over ${alert.windowS}s`;
}

const moves = ({ moves }: { moves: { from: string; to: string }[] }) =>
  moves.map((move) => `${move.from}→${move.to}`).join(", ");

const waveDetail = (p: WaveApplied) => `wave ${p.wave}/${p.waves}: ${p.changed} of ${p.instances} instances`;
const switchDetail = (p: { blueKeptS: number }) => `all traffic on green; blue kept for ${p.blueKeptS / 60} min`;
const rollbackDetail = (p: RolledBack) =>
  p.errorRate === undefined
    ? "by an operator"
    : `automatically: error rate ${percent(p.errorRate, 1)} on changed instances`;

export const TRACE_CATALOGUE: { readonly [K in TraceKind]: KindInfo<TracePayloads[K]> } = {
  "fault.started": { detail: (p) => `fault #${p.fault}` },
  "fault.ended": { detail: (p) => `fault #${p.fault}` },
  "domain.failed": {},
  "domain.restored": {},
  "node.crashed": { burst: true },
  "node.restarted": { burst: true },
  "node.provisioned": { burst: true, reaction: "scale-out" },
  "node.removed": { burst: true },
  "lb.targetEjected": { burst: true, reaction: "failover", detail: (p) => p.balancer },
  "lb.targetRestored": { burst: true, detail: (p) => p.balancer },
  "lb.targetDrained": { burst: true, detail: (p) => p.balancer },
  "autoscaler.scaledOut": {
    detail: (p) =>
      `+${p.added} (utilization ${(p.utilization * 100).toFixed(0)}%, queue ${p.queuePerInstance.toFixed(1)})`,
  },
  "autoscaler.scaledIn": {
    detail: (p) => `−1: ${p.removed} (utilization ${(p.utilization * 100).toFixed(0)}%)`,
  },
  "breaker.opened": { reaction: "failover", repeats: true },
  "breaker.closed": {},
  "flag.switchedOff": { detail: () => "the feature is served without it" },
  "flag.switchedOn": { detail: () => "trying the feature again" },
  "network.ruleAdded": {},
  "network.ruleRemoved": {},
  "alert.fired": { alert: "fired", detail: alertDetail },
  "alert.resolved": { alert: "resolved", detail: alertDetail },
  "dns.failedOver": { reaction: "failover", detail: moves },
  "dns.failedBack": { detail: moves },
  "dns.propagated": { propagated: true, detail: () => "every client cache has expired" },
  "dns.resolutionFailed": {},
  "dns.resolutionRestored": {},
  "db.failureDetected": { detail: (p) => `${p.missedHeartbeats} heartbeats missed` },
  "db.promoted": { reaction: "failover", detail: (p) => `at position ${p.position}` },
  "db.promotionFailed": {
    detail: (p) => (p.withheld ? "no live replica has every acknowledged write" : "no live replica"),
  },
  "db.failoverCancelled": {},
  "db.failbackStarted": { detail: (p) => `back for ${p.afterS.toFixed(0)}s: writes pause while it catches up` },
  "db.failedBack": {
    detail: (p) => `at position ${p.position}, writes paused ${p.pausedS.toFixed(3)}s`,
  },
  "db.failbackCancelled": {},
  "db.majorityLost": { detail: () => "writes stop until a leader reaches a majority" },
  "db.leaderElected": {
    reaction: "failover",
    detail: (p) => `at position ${p.position}, ${p.afterS.toFixed(1)}s after the majority was lost`,
  },
  "db.electionFailed": { detail: () => "no majority of members reaches each other" },
  "db.fenced": { detail: () => "lease ran out: read-only until it reaches the failover manager" },
  "db.writesLost": { detail: (p) => `${p.lostWrites} acknowledged writes, RPO ${p.rpoS.toFixed(3)}s` },
  "db.lagChanged": { detail: (p) => `replication lag ${p.lagS}s` },
  "db.corrupted": { detail: (p) => (p.reachesBackups ? "including mutable backups" : "live data and replicas") },
  "db.corruptionDetected": {
    detail: (p) => (p.alreadyRemoved ? "already removed by an earlier restore" : ""),
  },
  "db.restoreStarted": {
    detail: (p) => `to ${p.toClock}, taking ${(p.durationS / 60).toFixed(1)} min`,
  },
  "db.restored": { reaction: "restore" },
  "db.restoreImpossible": { detail: (p) => p.reason },
  "db.rowsDeleted": { detail: (p) => `${Number((p.fraction * 100).toFixed(2))}% of the rows` },
  "db.undeleting": { detail: (p) => `soft-deleted rows restored in place, taking ${p.durationS / 60} min` },
  "db.rowsRestoring": {
    detail: (p) =>
      `${purgedNote(p.purgedAfterDays)}from the backup of ${p.fromClock} via a side instance, ${(p.durationS / 60).toFixed(1)} min`,
  },
  "db.rowsRecovered": { reaction: "restore" },
  "cache.flushed": {},
  "cache.failed": {},
  "cache.restored": {},
  "queue.consumersDown": {},
  "queue.consumersUp": {},
  "queue.drained": {},
  "deploy.started": { detail: (p) => p.label },
  "deploy.waveApplied": { detail: waveDetail },
  "deploy.switched": { detail: switchDetail },
  "deploy.completed": {},
  "deploy.rolledBack": { detail: rollbackDetail },
  "deploy.reverted": { reaction: "rollback" },
  "config.started": { detail: (p) => p.label },
  "config.waveApplied": { detail: waveDetail },
  "config.switched": { detail: switchDetail },
  "config.completed": {},
  "config.rolledBack": { detail: rollbackDetail },
  "config.reverted": { reaction: "rollback" },
};

/** `soft-deleted rows already purged (retention 7 days); ` before a restore's detail. */
export function purgedNote(retentionDays: number | undefined): string {
  return retentionDays === undefined
    ? ""
    : `soft-deleted rows already purged (retention ${Number(retentionDays.toFixed(2))} days); `;
}

/** A trace record with its kind's payload: what reports and the UI read. */
export type TypedTraceRecord = {
  [K in TraceKind]: { timeUs: number; kind: K; subject: string; detail?: string; data: TracePayloads[K] };
}[TraceKind];

/** The record of `kind`, narrowed to its payload type (undefined for another kind). */
export function recordOf<K extends TraceKind>(
  record: TypedTraceRecord,
  kind: K,
): Extract<TypedTraceRecord, { kind: K }> | undefined {
  return record.kind === kind ? (record as Extract<TypedTraceRecord, { kind: K }>) : undefined;
}

/** An event as the model emits it: the kind, what it is about, and the payload when it has one. */
export type TraceEvent<K extends TraceKind = TraceKind> = K extends TraceKind
  ? TracePayloads[K] extends null
    ? { kind: K; subject: string; data?: null }
    : { kind: K; subject: string; data: TracePayloads[K] }
  : never;

/** The detail text of an event (undefined when its kind has none). */
export function detailOf(event: TraceEvent): string | undefined {
  const info = TRACE_CATALOGUE[event.kind] as KindInfo<unknown>;
  const text = info.detail?.(event.data ?? null);
  return text === undefined || text === "" ? undefined : text;
}

/** Adds the event to the trace, with its detail text and its payload. */
export function emit(trace: Trace, timeUs: number, event: TraceEvent): void {
  trace.add(timeUs, event.kind, event.subject, detailOf(event), event.data ?? null);
}

/** Kinds with a flag set, in catalogue order. */
export function kindsWhere(flag: "burst" | "repeats" | "reaction" | "propagated"): TraceKind[] {
  return (Object.keys(TRACE_CATALOGUE) as TraceKind[]).filter((kind) => TRACE_CATALOGUE[kind][flag] !== undefined);
}
