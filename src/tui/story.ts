// The run as a story: notable trace events as sentences with a tone, bursts grouped, and
// "SLI recovered" entries synthesised from the incidents (their recovery is a metric, not a record).
// Sentences read the records' payloads (model/core/trace-catalogue.ts), never their detail text.

import { kindsWhere, type TracePayloads, type TypedTraceRecord } from "../model/index.js";
import { formatDuration, formatPercent } from "../report/index.js";
import type { RunResult } from "../scenario/index.js";
import type { Tone } from "./theme.js";

export interface StoryEvent {
  timeUs: number;
  kind: string;
  text: string;
  tone: Tone;
}

/** The story's own kinds, read from what came before: see `storyteller`. */
interface StoryPayloads extends TracePayloads {
  /** A new instance entering rotation (the trace says `lb.targetRestored`). */
  "lb.targetAdded": TracePayloads["lb.targetRestored"];
  "breaker.closedAfterProbes": { failedProbes: number };
  /** A lag change back to the design's lag. */
  "db.lagRestored": TracePayloads["db.lagChanged"];
}
type StoryKind = keyof StoryPayloads;

/** A trace record, or one the story renamed. */
type StoryRecord = {
  [K in StoryKind]: { timeUs: number; kind: K; subject: string; detail?: string; data: StoryPayloads[K] };
}[StoryKind];

/** Kinds that come in bursts (a region takes many nodes with it): one entry per kind and second. */
const BURSTY = new Set<StoryKind>([...kindsWhere("burst"), "lb.targetAdded"]);

interface Describer<P> {
  tone: Tone;
  one: (subject: string, data: P, detail: string | undefined) => string;
  many?: (count: number, subjects: string[]) => string;
}

const suffix = (detail: string | undefined) => (detail ? ` (${detail})` : "");

/** Why the autoscaler acted, short enough for the event log: `100% busy, queue 32`. */
function busy(utilization: number, queuePerInstance?: number): string {
  const queue = queuePerInstance === undefined ? "" : `, queue ${Number(queuePerInstance.toFixed(1))}`;
  return `${(utilization * 100).toFixed(0)}% busy${queue}`;
}

/** A network fault's label, `network-partition a↔b`, `latency-spike a→b +50ms`, as what it does. */
function networkRule(label: string, added: boolean): string {
  const [kind, link, amount] = label.split(" ");
  const between = link?.replace("↔", " ↔ ").replace("→", " → ");
  if (!between) return `network rule ${added ? "added" : "removed"}: ${label}`;
  if (!added) return `network ${between} back to normal`;
  if (kind === "network-partition") return `network ${between} cut`;
  if (kind === "latency-spike") return `network ${between} slowed by ${amount?.replace(/^\+/, "") ?? "a delay"}`;
  if (kind === "packet-loss") return `network ${between} drops ${amount ?? "some"} of packets`;
  return `network rule added: ${label}`;
}

/** By trace kind, plus the story's own: lb.targetAdded, breaker.closedAfterProbes, db.lagRestored. */
const DESCRIBE: { [K in StoryKind]: Describer<StoryPayloads[K]> } = {
  "fault.started": { tone: "bad", one: (s) => `fault started: ${s}` },
  "fault.ended": { tone: "good", one: (s) => `fault ended: ${s}` },
  "domain.failed": { tone: "bad", one: (s) => `${s} went down` },
  "domain.restored": { tone: "good", one: (s) => `${s} is back up` },
  "node.crashed": { tone: "bad", one: (s) => `${s} crashed`, many: (n) => `${n} nodes crashed` },
  "node.restarted": { tone: "good", one: (s) => `${s} restarted`, many: (n) => `${n} nodes restarted` },
  "node.provisioned": {
    tone: "good",
    one: (s) => `new instance ${s} booted`,
    many: (n) => `${n} new instances booted`,
  },
  "node.removed": {
    tone: "info",
    one: (s) => `instance ${s} removed (scaled in)`,
    many: (n) => `${n} instances removed (scaled in)`,
  },
  "lb.targetEjected": {
    tone: "warn",
    one: (s) => `LB ejected ${s}`,
    many: (n) => `LB ejected ${n} targets`,
  },
  "lb.targetRestored": {
    tone: "good",
    one: (s) => `LB restored ${s}`,
    many: (n) => `LB restored ${n} targets`,
  },
  "lb.targetAdded": {
    tone: "good",
    one: (s) => `LB put new ${s} in rotation`,
    many: (n) => `LB put ${n} new instances in rotation`,
  },
  "lb.targetDrained": {
    tone: "info",
    one: (s) => `LB draining ${s} (scale-in)`,
    many: (n) => `LB draining ${n} targets (scale-in)`,
  },
  "autoscaler.scaledOut": {
    tone: "warn",
    one: (s, d) => `scale-out +${d.added} ${s} (${busy(d.utilization, d.queuePerInstance)})`,
  },
  "autoscaler.scaledIn": { tone: "info", one: (s, d) => `scale-in −1 ${s} (${busy(d.utilization)})` },
  "breaker.opened": { tone: "warn", one: (s) => `breaker ${s} opened: calls fail fast` },
  "breaker.closed": { tone: "good", one: (s) => `breaker ${s} closed: calls go through again` },
  "breaker.closedAfterProbes": {
    tone: "good",
    one: (s, d) => `breaker ${s} closed (${d.failedProbes} failed probe${d.failedProbes === 1 ? "" : "s"})`,
  },
  "network.ruleAdded": { tone: "bad", one: (s) => networkRule(s, true) },
  "network.ruleRemoved": { tone: "good", one: (s) => networkRule(s, false) },
  "alert.fired": { tone: "warn", one: (s, _, detail) => `alert fired: ${s}${suffix(detail)}` },
  "alert.resolved": { tone: "good", one: (s, _, detail) => `alert resolved: ${s}${suffix(detail)}` },
  "dns.failedOver": { tone: "warn", one: (s, _, detail) => `DNS failed over ${s}: ${detail ?? ""}` },
  "dns.failedBack": { tone: "good", one: (s, _, detail) => `DNS failed back ${s}: ${detail ?? ""}` },
  "dns.propagated": { tone: "info", one: (s) => `DNS change reached every client (${s})` },
  "dns.resolutionFailed": { tone: "bad", one: () => "DNS resolution failing: clients live on cached answers" },
  "dns.resolutionRestored": { tone: "good", one: () => "DNS resolution works again" },
  "db.failureDetected": { tone: "bad", one: (s, _, detail) => `primary ${s} declared dead${suffix(detail)}` },
  "db.promoted": { tone: "good", one: (s) => `replica promoted: ${s} is the primary` },
  "db.writesLost": { tone: "bad", one: (s, _, detail) => `${s} lost ${detail ?? "acknowledged writes"}` },
  "db.fenced": { tone: "warn", one: (s) => `${s} fenced itself: its lease ran out, it takes no more writes` },
  "db.promotionFailed": { tone: "bad", one: (s, _, detail) => `${s} cannot fail over${detail ? `: ${detail}` : ""}` },
  "db.failoverCancelled": { tone: "good", one: (s) => `failover cancelled: primary ${s} came back` },
  "db.failbackStarted": { tone: "warn", one: (s) => `failing back to ${s}: writes pause while it catches up` },
  "db.failedBack": { tone: "good", one: (s, _, detail) => `failed back: ${s} is the primary again${suffix(detail)}` },
  "db.failbackCancelled": { tone: "warn", one: (s) => `failback to ${s} cancelled` },
  "db.majorityLost": { tone: "bad", one: (s) => `leader ${s} reaches no majority: writes stop` },
  "db.leaderElected": { tone: "good", one: (s, _, detail) => `${s} elected leader${suffix(detail)}` },
  "db.electionFailed": { tone: "bad", one: (s) => `${s} cannot elect a leader: no majority reaches each other` },
  "db.lagChanged": { tone: "warn", one: (s, d) => `replication lag of ${s} now ${formatDuration(d.lagS)}` },
  "db.lagRestored": { tone: "good", one: (s, d) => `replication lag of ${s} back to ${formatDuration(d.lagS)}` },
  "db.corrupted": { tone: "bad", one: (s, _, detail) => `${s} corrupted${suffix(detail)}` },
  "db.corruptionDetected": {
    tone: "warn",
    one: (s, d) =>
      d.alreadyRemoved ? `corruption of ${s} noticed: already repaired` : `corruption of ${s} noticed: restoring`,
  },
  "db.restoreStarted": { tone: "warn", one: (s, _, detail) => `${s} restoring from backup${suffix(detail)}` },
  "db.restored": { tone: "good", one: (s) => `${s} restored: serving again` },
  "db.restoreImpossible": { tone: "bad", one: (s, _, detail) => `${s} cannot be restored${suffix(detail)}` },
  "db.rowsDeleted": { tone: "bad", one: (s, _, detail) => `rows of ${s} deleted by accident${suffix(detail)}` },
  "db.undeleting": { tone: "warn", one: (s) => `un-deleting the rows of ${s} (soft deletes)` },
  "db.rowsRestoring": { tone: "warn", one: (s, _, detail) => `restoring the deleted rows of ${s}${suffix(detail)}` },
  "db.rowsRecovered": { tone: "good", one: (s) => `the deleted rows of ${s} are back` },
  "cache.flushed": { tone: "bad", one: (s) => `cache of ${s} flushed: reads go to the database` },
  "cache.failed": { tone: "bad", one: (s) => `cache of ${s} down: reads go to the database` },
  "cache.restored": { tone: "good", one: (s) => `cache of ${s} back, empty` },
  "queue.consumersDown": { tone: "bad", one: (s) => `consumers of ${s} stopped: the backlog grows` },
  "queue.consumersUp": { tone: "good", one: (s) => `consumers of ${s} back: draining the backlog` },
  "queue.drained": { tone: "good", one: (s) => `backlog of ${s} drained` },
  "flag.switchedOff": { tone: "warn", one: (s) => `kill switch: ${s} turned off, served without it` },
  "flag.switchedOn": { tone: "info", one: (s) => `kill switch: ${s} turned back on` },
  ...rolloutStory("deploy", "new version"),
  ...rolloutStory("config", "config change"),
};

/** Deploys and config pushes tell the same story: started, waves or a switch, a rollback. */
function rolloutStory<K extends "deploy" | "config">(kind: K, what: string) {
  type Story = {
    [R in `${K}.${"started" | "waveApplied" | "switched" | "completed" | "rolledBack" | "reverted"}`]: Describer<
      StoryPayloads[R]
    >;
  };
  const story = {
    [`${kind}.started`]: { tone: "warn", one: (s: string) => `${what} of ${s} rolling out` },
    [`${kind}.waveApplied`]: {
      tone: "warn",
      one: (s: string, _: unknown, d?: string) => `${what} of ${s}${suffix(d)}`,
    },
    [`${kind}.switched`]: {
      tone: "warn",
      one: (s: string, _: unknown, d?: string) => `${s} switched to the ${what}${suffix(d)}`,
    },
    [`${kind}.completed`]: { tone: "info", one: (s: string) => `${what} of ${s} fully rolled out` },
    [`${kind}.rolledBack`]: {
      tone: "warn",
      one: (s: string, _: unknown, d?: string) => `rolling back the ${what} of ${s}${suffix(d)}`,
    },
    [`${kind}.reverted`]: {
      tone: "good",
      one: (s: string) => `${s} back on the previous ${kind === "deploy" ? "version" : "config"}`,
    },
  };
  return story as unknown as Story;
}

export function buildStory(result: RunResult): StoryEvent[] {
  const story: StoryEvent[] = [];
  let burst: { kind: StoryKind; second: number; subjects: string[]; timeUs: number; first: StoryRecord } | undefined;
  const tell = (record: StoryRecord): string => {
    const describe = DESCRIBE[record.kind] as Describer<unknown>;
    return describe.one(record.subject, record.data, record.detail);
  };
  const flush = () => {
    if (!burst) return;
    const describe = DESCRIBE[burst.kind] as Describer<unknown>;
    const text =
      burst.subjects.length === 1 || !describe.many
        ? tell(burst.first)
        : describe.many(burst.subjects.length, burst.subjects);
    story.push({ timeUs: burst.timeUs, kind: burst.kind, text, tone: describe.tone });
    burst = undefined;
  };
  const retell = storyteller();
  for (const record of result.events) {
    const event = retell(record);
    if (event === null) continue;
    if (BURSTY.has(event.kind)) {
      const second = Math.floor(event.timeUs / 1e6);
      if (burst && burst.kind === event.kind && burst.second === second) {
        burst.subjects.push(event.subject);
        continue;
      }
      flush();
      burst = { kind: event.kind, second, subjects: [event.subject], timeUs: event.timeUs, first: event };
      continue;
    }
    flush();
    story.push({ timeUs: event.timeUs, kind: event.kind, text: tell(event), tone: DESCRIBE[event.kind].tone });
  }
  flush();
  story.push(...incidentEvents(result));
  // A stable sort: at equal times the trace's own order comes first, then the incidents'.
  return story
    .map((event, index) => ({ event, index }))
    .sort((a, b) => a.event.timeUs - b.event.timeUs || a.index - b.index)
    .map(({ event }) => event);
}

/**
 * Reads records in order with what came before: a new instance entering rotation is "added",
 * not "restored"; a lag going back to the design's is good news; a breaker that re-opens after
 * a failed probe is not news (null) until it closes, which then says how many probes failed.
 */
function storyteller(): (record: TypedTraceRecord) => StoryRecord | null {
  const booted = new Set<string>();
  const failedProbes = new Map<string, number>();
  return (record) => {
    const { subject } = record;
    switch (record.kind) {
      case "node.provisioned":
        booted.add(subject);
        return record;
      case "lb.targetRestored":
        return booted.delete(subject) ? { ...record, kind: "lb.targetAdded" } : record;
      case "breaker.opened": {
        const probes = failedProbes.get(subject);
        failedProbes.set(subject, probes === undefined ? 0 : probes + 1);
        return probes === undefined ? record : null;
      }
      case "breaker.closed": {
        const probes = failedProbes.get(subject) ?? 0;
        failedProbes.delete(subject);
        return probes > 0 ? { ...record, kind: "breaker.closedAfterProbes", data: { failedProbes: probes } } : record;
      }
      case "db.lagChanged":
        return record.data.lagS === record.data.designLagS ? { ...record, kind: "db.lagRestored" } : record;
      default:
        return record;
    }
  };
}

function incidentEvents(result: RunResult): StoryEvent[] {
  const threshold = formatPercent(result.availabilityTimeBased.threshold, 2);
  return result.incidents.flatMap((incident, i) => {
    const events: StoryEvent[] = [
      {
        timeUs: incident.startS * 1e6,
        kind: "sli.breached",
        text: `incident #${i + 1}: success fell below ${threshold}`,
        tone: "bad",
      },
    ];
    if (incident.recoveredS !== null) {
      events.push({
        timeUs: incident.recoveredS * 1e6,
        kind: "sli.recovered",
        text: `SLI recovered: incident #${i + 1} over, RTO ${formatDuration(incident.rtoS)}`,
        tone: "good",
      });
    }
    return events;
  });
}

/** The distinct times of the story's events, ascending: where ←/→ stop. */
export function storyTimes(story: readonly StoryEvent[]): number[] {
  const times: number[] = [];
  for (const event of story) if (times[times.length - 1] !== event.timeUs) times.push(event.timeUs);
  return times;
}
