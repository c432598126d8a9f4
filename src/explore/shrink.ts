// Shrinking a breaking schedule to a minimal one (ARCHITECTURE.md, "Explore"), greedily and in a
// fixed order, keeping each step only if the target still breaks: drop a fault; narrow a fault's
// scope (a region to one of its zones, a zone to one of its nodes); start it with another of the
// schedule's faults (overlapping faults read best when they start together, and can then be
// shortened); shorten it to the shortest round length that still breaks; move its start to the
// coarsest round time that still breaks.
// Repeated until a whole pass changes nothing, so the result is 1-minimal: no single step of these
// kinds keeps it breaking.

import type { ExploreBase } from "./base.js";
import { ordered, type Schedule, type ScheduledFault } from "./schedule.js";
import { ROUND_LENGTHS_S, START_GRIDS_S } from "./times.js";
import type { Trial, TrialRunner } from "./trial.js";

/** Passes at most: each pass that changes something makes the schedule strictly simpler, so this is a bound, not a limit met. */
const PASSES_MAX = 64;

export function shrinkSchedule(schedule: Schedule, base: ExploreBase, runner: TrialRunner): Trial {
  let current = runner.trial(ordered(schedule));
  if (!current.broken) throw new Error("explore: shrinking a schedule that breaks nothing");
  for (let pass = 0; pass < PASSES_MAX; pass++) {
    const next = firstBreaking(simplerSchedules(current.schedule, base), runner);
    if (next === undefined) return current;
    current = next;
  }
  return current;
}

function firstBreaking(candidates: Iterable<ScheduledFault[]>, runner: TrialRunner): Trial | undefined {
  for (const candidate of candidates) {
    const trial = runner.trial(candidate);
    if (trial.broken) return trial;
  }
  return undefined;
}

/** Simpler schedules than `schedule`, most simplifying first. */
function* simplerSchedules(schedule: Schedule, base: ExploreBase): Generator<ScheduledFault[]> {
  const faults = ordered(schedule);
  const replaced = (i: number, fault: ScheduledFault) => faults.map((f, k) => (k === i ? fault : f));
  for (let i = 0; i < faults.length; i++) yield faults.filter((_, k) => k !== i);
  for (let i = 0; i < faults.length; i++) {
    for (const inner of base.byId.get(faults[i].domain)?.inner ?? [])
      yield replaced(i, { ...faults[i], domain: inner });
  }
  for (let i = 0; i < faults.length; i++) {
    // Fewer distinct starts each time one is taken: this cannot go round in circles.
    for (const other of faults) if (other.atS !== faults[i].atS) yield replaced(i, { ...faults[i], atS: other.atS });
  }
  for (let i = 0; i < faults.length; i++) {
    for (const length of ROUND_LENGTHS_S) {
      if (length >= faults[i].forS) break;
      yield replaced(i, { ...faults[i], forS: length });
    }
  }
  for (let i = 0; i < faults.length; i++) {
    // Faults that start together move together: rounding one alone would undo their overlap.
    const { atS } = faults[i];
    const together = faults.filter((f) => f.atS === atS);
    const longest = Math.max(...together.map((f) => f.forS));
    for (const grid of START_GRIDS_S) {
      if (atS % grid === 0) break; // already this round: no finer grid is simpler
      const down = atS - (atS % grid);
      const moved = (to: number) => faults.map((f) => (f.atS === atS ? { ...f, atS: to } : f));
      if (down >= base.warmUpS && down + longest <= base.durationS) yield moved(down);
      if (down + grid + longest <= base.durationS) yield moved(down + grid);
    }
  }
}
