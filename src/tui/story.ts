// The run as a story: notable trace events as sentences with a tone, bursts grouped, and
// "SLI recovered" entries synthesised from the incidents (their recovery is a metric, not a record).

import type { TraceRecord } from "../engine/index.js";
import { BURST_TRACE_KINDS } from "../model/index.js";
import { formatDuration, formatPercent } from "../report/index.js";
import type { RunResult } from "../scenario/index.js";
import type { Tone } from "./theme.js";

export interface StoryEvent {
  timeUs: number;
  kind: string;
  text: string;
  tone: Tone;
}

/**
 * Kinds that come in bursts (a region takes many nodes with it, a scale-out boots several
 * instances at once): one entry per kind and second. `lb.targetAdded` is the story's own name
 * for a new instance entering rotation (the trace says `lb.targetRestored`).
 */
const BURSTY = new Set([...BURST_TRACE_KINDS, "lb.targetAdded"]);

interface Describer {
  tone: Tone;
  one: (subject: string, detail: string | undefined) => string;
  many?: (count: number, subjects: string[]) => string;
}

const suffix = (detail: string | undefined) => (detail ? ` (${detail})` : "");

/**
 * The autoscaler's detail, `+2 (utilization 100%, queue 32.0)` or `−1: api/r/a/4 (utilization 7%)`,
 * told short enough for the event log: `scale-out +2 api/r (100% busy, queue 32)`.
 */
function scaling(verb: string, subject: string, detail: string | undefined): string {
  const match = detail?.match(/^([+−-]\d+)(?::\s*\S+)?\s*(?:\((.*)\))?$/);
  if (!match) return `${verb} ${subject}${suffix(detail)}`;
  const why = match[2]
    ?.replace(/utilization (\d+%)/, "$1 busy")
    .replace(/queue (\d+(?:\.\d+)?)/, (_, queue: string) => `queue ${Number(queue)}`);
  return `${verb} ${match[1]} ${subject}${suffix(why)}`;
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
const DESCRIBE: Record<string, Describer> = {
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
  "autoscaler.scaledOut": { tone: "warn", one: (s, d) => scaling("scale-out", s, d) },
  "autoscaler.scaledIn": { tone: "info", one: (s, d) => scaling("scale-in", s, d) },
  "breaker.opened": { tone: "warn", one: (s) => `breaker ${s} opened: calls fail fast` },
  "breaker.closed": { tone: "good", one: (s) => `breaker ${s} closed: calls go through again` },
  "breaker.closedAfterProbes": {
    tone: "good",
    one: (s, d) => `breaker ${s} closed (${d} failed probe${d === "1" ? "" : "s"})`,
  },
  "network.ruleAdded": { tone: "bad", one: (s) => networkRule(s, true) },
  "network.ruleRemoved": { tone: "good", one: (s) => networkRule(s, false) },
  "alert.fired": { tone: "warn", one: (s, d) => `alert fired: ${s}${suffix(d)}` },
  "alert.resolved": { tone: "good", one: (s, d) => `alert resolved: ${s}${suffix(d)}` },
  "dns.failedOver": { tone: "warn", one: (s, d) => `DNS failed over ${s}: ${d ?? ""}` },
  "dns.failedBack": { tone: "good", one: (s, d) => `DNS failed back ${s}: ${d ?? ""}` },
  "dns.propagated": { tone: "info", one: (s) => `DNS change reached every client (${s})` },
  "dns.resolutionFailed": { tone: "bad", one: () => "DNS resolution failing: clients live on cached answers" },
  "dns.resolutionRestored": { tone: "good", one: () => "DNS resolution works again" },
  "db.failureDetected": { tone: "bad", one: (s, d) => `primary ${s} declared dead${suffix(d)}` },
  "db.promoted": { tone: "good", one: (s) => `replica promoted: ${s} is the primary` },
  "db.writesLost": { tone: "bad", one: (s, d) => `${s} lost ${d ?? "acknowledged writes"}` },
  "db.promotionFailed": { tone: "bad", one: (s, d) => `${s} cannot fail over${d ? `: ${d}` : ""}` },
  "db.failoverCancelled": { tone: "good", one: (s) => `failover cancelled: primary ${s} came back` },
  "db.lagChanged": { tone: "warn", one: (s, d) => `replication lag of ${s} now ${lagOf(d) ?? "changed"}` },
  "db.lagRestored": { tone: "good", one: (s, d) => `replication lag of ${s} back to ${lagOf(d) ?? "normal"}` },
  "db.corrupted": { tone: "bad", one: (s, d) => `${s} corrupted${suffix(d)}` },
  "db.corruptionDetected": { tone: "warn", one: (s) => `corruption of ${s} noticed: restoring` },
  "db.restoreStarted": { tone: "warn", one: (s, d) => `${s} restoring from backup${suffix(d)}` },
  "db.restored": { tone: "good", one: (s) => `${s} restored: serving again` },
  "db.restoreImpossible": { tone: "bad", one: (s, d) => `${s} cannot be restored${suffix(d)}` },
  "db.rowsDeleted": { tone: "bad", one: (s, d) => `rows of ${s} deleted by accident${suffix(d)}` },
  "db.undeleting": { tone: "warn", one: (s) => `un-deleting the rows of ${s} (soft deletes)` },
  "db.rowsRestoring": { tone: "warn", one: (s, d) => `restoring the deleted rows of ${s}${suffix(d)}` },
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
function rolloutStory(kind: "deploy" | "config", what: string): Record<string, Describer> {
  return {
    [`${kind}.started`]: { tone: "warn", one: (s) => `${what} of ${s} rolling out` },
    [`${kind}.waveApplied`]: { tone: "warn", one: (s, d) => `${what} of ${s}${suffix(d)}` },
    [`${kind}.switched`]: { tone: "warn", one: (s, d) => `${s} switched to the ${what}${suffix(d)}` },
    [`${kind}.completed`]: { tone: "info", one: (s) => `${what} of ${s} fully rolled out` },
    [`${kind}.rolledBack`]: { tone: "warn", one: (s, d) => `rolling back the ${what} of ${s}${suffix(d)}` },
    [`${kind}.reverted`]: {
      tone: "good",
      one: (s) => `${s} back on the previous ${kind === "deploy" ? "version" : "config"}`,
    },
  };
}

/** `replication lag 30s` → `30s`. */
function lagOf(detail: string | undefined): string | undefined {
  const seconds = detail?.match(/(\d+(?:\.\d+)?)s\b/)?.[1];
  return seconds === undefined ? undefined : formatDuration(Number(seconds));
}

export function buildStory(result: RunResult): StoryEvent[] {
  const story: StoryEvent[] = [];
  let burst: { kind: string; second: number; subjects: string[]; timeUs: number } | undefined;
  const flush = () => {
    if (!burst) return;
    const describe = DESCRIBE[burst.kind];
    const text =
      burst.subjects.length === 1 || !describe.many
        ? describe.one(burst.subjects[0], undefined)
        : describe.many(burst.subjects.length, burst.subjects);
    story.push({ timeUs: burst.timeUs, kind: burst.kind, text, tone: describe.tone });
    burst = undefined;
  };
  const retell = storyteller(result);
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
      burst = { kind: event.kind, second, subjects: [event.subject], timeUs: event.timeUs };
      continue;
    }
    flush();
    const describe = DESCRIBE[event.kind];
    story.push({
      timeUs: event.timeUs,
      kind: event.kind,
      text: describe
        ? describe.one(event.subject, event.detail)
        : `${event.kind} ${event.subject}${suffix(event.detail)}`,
      tone: describe?.tone ?? "info",
    });
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
function storyteller(result: RunResult): (record: TraceRecord) => TraceRecord | null {
  const booted = new Set<string>();
  const failedProbes = new Map<string, number>();
  const designLagS = (subject: string) => {
    const slash = subject.indexOf("/");
    return result.controlPlane.initial.databases[subject.slice(0, slash)]?.replicas[subject.slice(slash + 1)]?.lagS;
  };
  return (record) => {
    const { kind, subject } = record;
    if (kind === "node.provisioned") booted.add(subject);
    if (kind === "lb.targetRestored" && booted.delete(subject)) return { ...record, kind: "lb.targetAdded" };
    if (kind === "breaker.opened") {
      const probes = failedProbes.get(subject);
      failedProbes.set(subject, probes === undefined ? 0 : probes + 1);
      return probes === undefined ? record : null;
    }
    if (kind === "breaker.closed") {
      const probes = failedProbes.get(subject) ?? 0;
      failedProbes.delete(subject);
      if (probes > 0) return { ...record, kind: "breaker.closedAfterProbes", detail: String(probes) };
    }
    if (kind === "db.lagChanged") {
      const lag = record.detail?.match(/(\d+(?:\.\d+)?)s\b/)?.[1];
      if (lag !== undefined && Number(lag) === designLagS(subject)) return { ...record, kind: "db.lagRestored" };
    }
    return record;
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
