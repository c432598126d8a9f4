// Incidents (ARCHITECTURE.md, "Metrics"): an incident begins when the windowed success ratio falls below the
// SLI threshold and ends when it is back and stays back for the stabilisation period. A window
// too quiet to judge by its requests is judged by the world's state (good-state.ts). Times are
// refined to the second: the first bad second of the first bad window, and one second after the
// last bad second before the stable stretch. RTO phases are read from the trace.

import { countAtOrBelow, REACTIONS, TRACE_CATALOGUE, type TraceKind } from "../model/index.js";
import { goodUntilS, successRatio } from "./good-state.js";
import type { Incident, RunRecord } from "./types.js";

const US_PER_S = 1_000_000;

export function findIncidents(record: RunRecord): Incident[] {
  const { recorder, options } = record;
  const windowS = Math.max(1, Math.round(options.incidentWindowUs / US_PER_S));
  const stableWindows = Math.max(1, Math.ceil(options.stabilisationUs / US_PER_S / windowS));
  const seconds = Math.ceil(record.durationUs / US_PER_S);
  const windows = Math.ceil(seconds / windowS);
  const ratioOf = (fromS: number, toS: number) => successRatio(recorder, fromS, toS, options.sliThreshold);
  const windowBad = (w: number) => ratioOf(w * windowS, Math.min((w + 1) * windowS, seconds)) < options.sliThreshold;

  const incidents: Incident[] = [];
  const trace = indexTrace(record.trace);
  let w = 0;
  while (w < windows) {
    // A stretch known to be good (a fluid run's calm months) is passed over whole.
    const goodWindows = Math.floor(
      (Math.min(goodUntilS(recorder, w * windowS, options.sliThreshold), seconds) - w * windowS) / windowS,
    );
    if (goodWindows > 1) {
      w += goodWindows;
      continue;
    }
    if (!windowBad(w)) {
      w++;
      continue;
    }
    const startS = firstBadSecond(w * windowS, (w + 1) * windowS, ratioOf, options.sliThreshold);
    let worst = 1;
    let lastBad = w;
    let end = w;
    let goodRun = 0;
    while (end < windows && goodRun < stableWindows) {
      if (windowBad(end)) {
        lastBad = end;
        goodRun = 0;
        worst = Math.min(worst, ratioOf(end * windowS, Math.min((end + 1) * windowS, seconds)));
      } else goodRun++;
      end++;
    }
    const recovered = goodRun >= stableWindows;
    const recoveredS = recovered
      ? lastBadSecond(lastBad * windowS, (lastBad + 1) * windowS, ratioOf, options.sliThreshold) + 1
      : null;
    incidents.push(describeIncident(record, trace, startS, recoveredS, worst, seconds));
    w = end;
  }
  return incidents;
}

function firstBadSecond(
  fromS: number,
  toS: number,
  ratioOf: (a: number, b: number) => number,
  threshold: number,
): number {
  for (let s = fromS; s < toS; s++) if (ratioOf(s, s + 1) < threshold) return s;
  return fromS;
}

function lastBadSecond(
  fromS: number,
  toS: number,
  ratioOf: (a: number, b: number) => number,
  threshold: number,
): number {
  for (let s = toS - 1; s >= fromS; s--) if (ratioOf(s, s + 1) < threshold) return s;
  return toS - 1;
}

/**
 * The trace, for questions asked once per incident: the records between two times (the trace is
 * in time order: found by bisection, not by a scan of a year's trace per incident), and whether
 * any alert was firing at a time.
 */
interface TraceIndex {
  between(fromUs: number, toUs: number): RunRecord["trace"];
  alertFiringAt(timeUs: number): boolean;
  /** The first record at or after `fromUs` that `matches`. */
  findFrom(fromUs: number, matches: (r: RunRecord["trace"][number]) => boolean): RunRecord["trace"][number] | undefined;
}

function indexTrace(trace: RunRecord["trace"]): TraceIndex {
  const times = trace.map((r) => r.timeUs);
  // After each alert record (in order), how many alerts were firing.
  const alertTimes: number[] = [];
  const firingAfter: number[] = [];
  const firing = new Set<string>();
  for (const r of trace) {
    const alert = TRACE_CATALOGUE[r.kind].alert;
    if (alert === undefined) continue;
    if (alert === "fired") firing.add(r.subject);
    if (alert === "resolved") firing.delete(r.subject);
    alertTimes.push(r.timeUs);
    firingAfter.push(firing.size);
  }
  return {
    between: (fromUs, toUs) => trace.slice(firstAbove(times, fromUs - 1), firstAbove(times, toUs)),
    findFrom: (fromUs, matches) => {
      for (let i = firstAbove(times, fromUs - 1); i < trace.length; i++) if (matches(trace[i])) return trace[i];
      return undefined;
    },
    alertFiringAt: (timeUs) => {
      const last = firstAbove(alertTimes, timeUs) - 1;
      return last >= 0 && firingAfter[last] > 0;
    },
  };
}

/** Index of the first value > `value` in an ascending array. */
function firstAbove(values: number[], value: number): number {
  return countAtOrBelow(values.length, value, (i) => values[i]);
}

function describeIncident(
  record: RunRecord,
  trace: TraceIndex,
  startS: number,
  recoveredS: number | null,
  worst: number,
  endS: number,
): Incident {
  const startUs = startS * US_PER_S;
  const endUs = (recoveredS ?? endS) * US_PER_S;
  const within = (kind: (k: TraceKind) => boolean) =>
    trace
      .between(startUs, endUs)
      .filter((r) => kind(r.kind))
      .map((r) => r.timeUs);
  const alertAlreadyFiring = trace.alertFiringAt(startUs);
  const alertUs = alertAlreadyFiring ? startUs : within((k) => TRACE_CATALOGUE[k].alert === "fired")[0];
  // A breaker reopening after each failed probe is not a new reaction: count its first opening only.
  const breakersSeen = new Set<string>();
  // Recovery is read from per-second counts, which can look good a second before the fix that
  // ended it lands: a reaction within that second still counts (clamped to the recovery).
  const reactionsUntilUs = endUs + US_PER_S;
  const reactions = trace
    .between(startUs, reactionsUntilUs)
    .filter((r) => TRACE_CATALOGUE[r.kind].reaction !== undefined)
    .filter((r) => {
      if (TRACE_CATALOGUE[r.kind].repeats !== true) return true;
      if (breakersSeen.has(r.subject)) return false;
      breakersSeen.add(r.subject);
      return true;
    });
  const failoverUs = reactions.length > 0 ? reactions[reactions.length - 1].timeUs : undefined;
  // What the phase was made of, so that it is named for it (new instances are not a failover).
  const reactedBy = new Set(reactions.map((r) => TRACE_CATALOGUE[r.kind].reaction));
  // Clients following a DNS change may take longer than the SLI needs: clamp to the recovery.
  const propagatedUs =
    failoverUs === undefined
      ? undefined
      : trace.findFrom(failoverUs, (r) => TRACE_CATALOGUE[r.kind].propagated === true)?.timeUs;
  const clamp = (t: number | undefined, low: number) => Math.min(Math.max(t ?? low, low), endUs);
  const t1 = clamp(alertUs, startUs);
  const t2 = clamp(failoverUs, t1);
  const t3 = clamp(propagatedUs, t2);
  const seconds = (us: number) => round3(us / US_PER_S);
  // The incident's start is refined to its second: a fault that began within that second counts.
  // The latest to start comes first: it is what tipped the system over (the others were borne).
  const cause = record.faults
    .filter((f) => f.startUs < startUs + US_PER_S && (f.endUs === undefined || f.endUs >= startUs))
    .sort((a, b) => b.startUs - a.startUs)
    .map((f) => f.label);
  return {
    startS,
    detectedS: alertUs === undefined ? null : seconds(alertUs),
    recoveredS,
    rtoS: (recoveredS ?? endS) - startS,
    phases: {
      detectS: seconds(t1 - startUs),
      failoverS: seconds(t2 - t1),
      propagateS: seconds(t3 - t2),
      recoverS: seconds(endUs - t3),
    },
    cause: cause.length > 0 ? cause : ["no fault active (load or a slow recovery)"],
    worstSuccessRatio: worst,
    usersFirst: alertUs === undefined || alertUs > startUs,
    reactions: REACTIONS.filter((reaction) => reactedBy.has(reaction)),
  };
}

export function round3(value: number): number {
  return Math.round(value * 1000) / 1000;
}
