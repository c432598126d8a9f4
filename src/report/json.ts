// The stable JSON report (README.md, "JSON report"). Field order is fixed here, so the same run serialises
// to the same bytes. Bump SCHEMA_VERSION on any breaking change.

import type { TargetResult } from "../metrics/index.js";
import type { RunResult } from "../scenario/index.js";
import { replayCommand } from "./replay.js";

export const SCHEMA_VERSION = 1;

export function toJsonReport(result: RunResult): Record<string, unknown> {
  return {
    schemaVersion: SCHEMA_VERSION,
    scenario: {
      name: result.scenario.name,
      file: result.scenario.file,
      hash: result.scenario.hash,
      ...(result.scenario.overrides === undefined ? {} : { overrides: result.scenario.overrides }),
      ...(result.scenario.variant === undefined ? {} : { variant: result.scenario.variant }),
    },
    seed: result.seed,
    traceHash: result.traceHash,
    version: result.version,
    simulated: { durationS: result.simulated.durationS, events: result.simulated.events },
    requests: result.requests,
    writes: { acknowledged: result.writesAcknowledged, committed: result.counts.writesCommitted },
    reads: result.reads,
    failuresByReason: result.failuresByReason,
    attack: result.attack,
    availability: result.availability,
    availabilityTimeBased: result.availabilityTimeBased,
    latencyMs: result.latencyMs,
    byClientRegion: result.byClientRegion,
    byOperation: result.byOperation,
    rpo: result.rpo,
    rto: result.rto,
    ttd: result.ttd,
    faults: result.faults,
    incidents: result.incidents.map((incident) => ({
      startS: incident.startS,
      detectedS: incident.detectedS,
      recoveredS: incident.recoveredS,
      rtoS: incident.rtoS,
      phases: incident.phases,
      cause: incident.cause,
      worstSuccessRatio: incident.worstSuccessRatio,
      usersFirst: incident.usersFirst,
      reactions: incident.reactions,
    })),
    queueing: result.queueing,
    dependencies: result.dependencies,
    externals: result.externals,
    caches: result.caches,
    queues: result.queues,
    slo: result.slo.map(targetJson),
    expectations: result.expectations.map(targetJson),
    pass: result.pass,
    ...(result.cost === undefined ? {} : { cost: result.cost }),
    events: result.events.map((event) => ({
      timeS: event.timeUs / 1e6,
      kind: event.kind,
      subject: event.subject,
      ...(event.detail === undefined ? {} : { detail: event.detail }),
      ...(event.data === null ? {} : { data: event.data }),
    })),
    timeline: result.timeline,
    replay: replayCommand(result),
  };
}

/** A target as the JSON report gives it: an operation's also names the operation and the metric apart. */
function targetJson(t: TargetResult): Record<string, unknown> {
  const { name, target, actual, pass } = t;
  if (t.operation === undefined) return { name, target, actual, pass };
  return { name, operation: t.operation, metric: t.metric, target, actual, pass };
}

export function formatJson(result: RunResult): string {
  return `${JSON.stringify(toJsonReport(result), null, 2)}\n`;
}
