// A fault schedule as explore handles it: which domains fail, from when, for how long, in whole
// seconds (ARCHITECTURE.md, "Explore"). Its key names it whatever order its faults were drawn in,
// so a schedule is tried once, and its faults are written as a scenario file writes them.

import type { FailureDomain } from "./domains.js";

export interface ScheduledFault {
  /** A failure domain's id (domains.ts). */
  domain: string;
  /** From the run's start, in whole seconds. */
  atS: number;
  forS: number;
}

export type Schedule = readonly ScheduledFault[];

/** Faults in order of start, then domain, then length: the one order a schedule is shown and keyed in. */
export function ordered(schedule: Schedule): ScheduledFault[] {
  return [...schedule].sort((a, b) =>
    a.atS !== b.atS ? a.atS - b.atS : a.domain !== b.domain ? (a.domain < b.domain ? -1 : 1) : a.forS - b.forS,
  );
}

/** `region us-east@3600+1800 | zone us-west/a@3600+1800`: equal for the same faults in any order. */
export function scheduleKey(schedule: Schedule): string {
  return ordered(schedule)
    .map((fault) => `${fault.domain}@${fault.atS}+${fault.forS}`)
    .join(" | ");
}

/**
 * `zone us-east/a and zone us-east/b down at 4d for 6h, then dns down at 5d for 5m`: a schedule as
 * a person reads it, faults that start and end together told together; each domain in the state
 * its fault puts it in (with `domains`; "down" otherwise).
 */
export function describeSchedule(schedule: Schedule, domains?: ReadonlyMap<string, FailureDomain>): string {
  const state = (fault: ScheduledFault) => domains?.get(fault.domain)?.state ?? "down";
  const groups: ScheduledFault[][] = [];
  for (const fault of ordered(schedule)) {
    const last = groups.at(-1);
    const first = last?.[0];
    if (last && first && first.atS === fault.atS && first.forS === fault.forS && state(first) === state(fault))
      last.push(fault);
    else groups.push([fault]);
  }
  return groups
    .map(
      (group) =>
        `${group.map((f) => f.domain).join(" and ")} ${state(group[0])} at ${durationText(group[0].atS)} for ${durationText(group[0].forS)}`,
    )
    .join(", then ");
}

/** The faults as a scenario file's `faults:` items: each domain's fault with `at` and `for`. */
export function faultItems(schedule: Schedule, domains: ReadonlyMap<string, FailureDomain>): Record<string, unknown>[] {
  return ordered(schedule).map((fault) => {
    const domain = domains.get(fault.domain);
    if (domain === undefined) throw new Error(`explore: no failure domain ${fault.domain}`);
    return { ...domain.fault, at: durationText(fault.atS), for: durationText(fault.forS) };
  });
}

/** Whole seconds as a duration a scenario file reads: `1h30m`, `45m`, `1m30s`, `0s`. */
export function durationText(seconds: number): string {
  if (seconds === 0) return "0s";
  const d = Math.floor(seconds / 86_400);
  const h = Math.floor((seconds % 86_400) / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const s = seconds % 60;
  return `${d > 0 ? `${d}d` : ""}${h > 0 ? `${h}h` : ""}${m > 0 ? `${m}m` : ""}${s > 0 ? `${s}s` : ""}`;
}
