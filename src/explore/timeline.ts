// A finding's timeline, explained (ARCHITECTURE.md, "Explore"): what broke and when, read from
// the run of the shrunk schedule — the faults, the incidents they caused, the alerts and the
// system's reactions, and the writes lost.

import { kindsWhere, TRACE_CATALOGUE, type TraceKind } from "../model/index.js";
import type { RunResult } from "../scenario/index.js";

export interface TimelineEntry {
  atS: number;
  text: string;
}

/** Trace kinds too frequent or too internal to tell the story (each instance ejected, each rule). */
const QUIET = new Set<TraceKind>([
  ...kindsWhere("burst"),
  ...kindsWhere("repeats"),
  "fault.started",
  "fault.ended",
  "network.ruleAdded",
  "network.ruleRemoved",
  "alert.resolved",
]);

/** Lines at most: a timeline is read, not searched. */
const ENTRIES_MAX = 40;

export function explainTimeline(result: RunResult): TimelineEntry[] {
  const entries: TimelineEntry[] = [];
  for (const fault of result.faults) {
    entries.push({ atS: fault.startS, text: `${fault.label} starts` });
    if (fault.endS !== null) entries.push({ atS: fault.endS, text: `${fault.label} ends` });
  }
  for (const incident of result.incidents) {
    const worst = `${Number((incident.worstSuccessRatio * 100).toFixed(2))}%`;
    entries.push({ atS: incident.startS, text: `incident begins: success ratio falls to ${worst} at worst` });
    if (incident.recoveredS !== null)
      entries.push({ atS: incident.recoveredS, text: `incident over after ${Number(incident.rtoS.toFixed(1))}s` });
    else entries.push({ atS: result.simulated.durationS, text: "incident still open at the end of the run" });
  }
  for (const record of result.events) {
    if (QUIET.has(record.kind)) continue;
    const info = TRACE_CATALOGUE[record.kind];
    const what = info.alert === "fired" ? `alert ${record.subject} fires` : `${record.kind} ${record.subject}`;
    entries.push({ atS: record.timeUs / 1e6, text: record.detail ? `${what}: ${record.detail}` : what });
  }
  for (const loss of result.rpo.losses) {
    entries.push({
      atS: loss.atS,
      text: `${loss.lostWrites} acknowledged writes to ${loss.database} lost (${loss.cause}, RPO ${Number(loss.rpoS.toFixed(3))}s)`,
    });
  }
  // A stable sort keeps the order above among entries of the same instant.
  const sorted = entries.map((entry, i) => ({ entry, i })).sort((a, b) => a.entry.atS - b.entry.atS || a.i - b.i);
  return sorted.slice(0, ENTRIES_MAX).map(({ entry }) => entry);
}
