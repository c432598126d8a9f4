// The run as a story: notable trace events as sentences with a tone, bursts grouped, and
// "SLI recovered" entries synthesised from the incidents (their recovery is a metric, not a record).

import { formatDuration, formatPercent } from "../report/index.js";
import type { RunResult } from "../scenario/index.js";
import type { Tone } from "./theme.js";

export interface StoryEvent {
  timeUs: number;
  kind: string;
  text: string;
  tone: Tone;
}

/** Kinds that come in bursts (a region takes many nodes with it): one entry per kind and second. */
const BURSTY = new Set(["node.crashed", "node.restarted", "lb.targetEjected", "lb.targetRestored"]);

interface Describer {
  tone: Tone;
  one: (subject: string, detail: string | undefined) => string;
  many?: (count: number, subjects: string[]) => string;
}

const suffix = (detail: string | undefined) => (detail ? ` (${detail})` : "");

const DESCRIBE: Record<string, Describer> = {
  "fault.started": { tone: "bad", one: (s) => `fault started: ${s}` },
  "fault.ended": { tone: "good", one: (s) => `fault ended: ${s}` },
  "domain.failed": { tone: "bad", one: (s) => `${s} went down` },
  "domain.restored": { tone: "good", one: (s) => `${s} is back up` },
  "node.crashed": { tone: "bad", one: (s) => `${s} crashed`, many: (n) => `${n} nodes crashed` },
  "node.restarted": { tone: "good", one: (s) => `${s} restarted`, many: (n) => `${n} nodes restarted` },
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
  "alert.fired": { tone: "warn", one: (s, d) => `alert fired: ${s}${suffix(d)}` },
  "alert.resolved": { tone: "good", one: (s, d) => `alert resolved: ${s}${suffix(d)}` },
  "dns.failedOver": { tone: "warn", one: (s, d) => `DNS failed over ${s}: ${d ?? ""}` },
  "dns.failedBack": { tone: "good", one: (s, d) => `DNS failed back ${s}: ${d ?? ""}` },
  "dns.propagated": { tone: "info", one: (s) => `DNS change reached every client (${s})` },
  "db.failureDetected": { tone: "bad", one: (s, d) => `primary ${s} declared dead${suffix(d)}` },
  "db.promoted": { tone: "good", one: (s) => `replica promoted: ${s} is the primary` },
  "db.writesLost": { tone: "bad", one: (s, d) => `${s} lost ${d ?? "acknowledged writes"}` },
  "db.promotionFailed": { tone: "bad", one: (s, d) => `promotion failed: ${s}${suffix(d)}` },
  "db.failoverCancelled": { tone: "info", one: (s) => `failover cancelled: ${s} came back` },
  "db.lagChanged": { tone: "warn", one: (s, d) => `${s}: ${d ?? "replication lag changed"}` },
};

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
  for (const event of result.events) {
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
