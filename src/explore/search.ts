// The wider search (ARCHITECTURE.md, "Explore"): schedules of one to a few faults drawn with
// fast-check arbitraries (which domain, when, for how long), guided by the SLO margin: most steps
// take one of the schedules that came closest to breaking a target and push it further (longer,
// moved, one more fault); the rest draw a fresh one. Every draw comes from fast-check seeded by
// the exploration's seed, in blocks of a fixed size, so the same seed and number of steps give the
// same schedules, whatever the machine.

import fc from "fast-check";
import type { ExploreBase } from "./base.js";
import type { ScheduledFault } from "./schedule.js";
import type { Trial, TrialRunner } from "./trial.js";

export interface SearchOptions {
  seed: number;
  /** Schedules to draw (not counting the runs shrinking takes). */
  steps: number;
  /** Most faults in a drawn schedule. */
  faultsMax: number;
  /** Checked before each step: the CLI's wall-clock budget (no clock here). */
  shouldStop?: () => boolean;
  onStep?: (done: number) => void;
  /** Called with each breaking schedule found, in the order found. */
  onBreak: (trial: Trial) => void;
}

/** Schedules kept as the most promising (smallest margin): the ones steps push further. */
const POOL_SIZE = 8;
/** Steps drawn from fast-check at once; block b is seeded by seed and b alone. */
const BLOCK = 64;
/** Out of ten steps, how many push a promising schedule further (when there is one). */
const GUIDED_OF_TEN = 6;

interface Step {
  mode: number;
  pick: number;
  faultPick: number;
  shiftMin: number;
  stretch: number;
  extra: ScheduledFault;
  fresh: ScheduledFault[];
}

export function searchSchedules(base: ExploreBase, runner: TrialRunner, options: SearchOptions): number {
  const window = searchWindow(base);
  const faultArb = faultArbitrary(base, window);
  const stepArb: fc.Arbitrary<Step> = fc.record({
    mode: fc.integer({ min: 0, max: 9 }),
    pick: fc.nat(),
    faultPick: fc.nat(),
    shiftMin: fc.integer({ min: -60, max: 60 }),
    stretch: fc.constantFrom(2, 3, 0.5),
    extra: faultArb,
    fresh: fc.array(faultArb, { minLength: 1, maxLength: options.faultsMax }),
  });
  const pool: Trial[] = [];
  let done = 0;
  for (let block = 0; done < options.steps; block++) {
    const steps = fc.sample(stepArb, { seed: blockSeed(options.seed, block), numRuns: BLOCK });
    for (const step of steps) {
      if (done >= options.steps || options.shouldStop?.()) return done;
      const schedule = nextSchedule(step, pool, window, options.faultsMax);
      const trial = runner.trial(schedule);
      done++;
      options.onStep?.(done);
      if (trial.broken) options.onBreak(trial);
      else keepPromising(pool, trial);
    }
  }
  return done;
}

/** Where faults may fall: starts past the warm-up, whole minutes, ending by the run's end. */
interface Window {
  firstMin: number;
  lastMin: number;
  endMin: number;
}

function searchWindow(base: ExploreBase): Window {
  const endMin = Math.max(2, Math.floor(base.durationS / 60));
  const firstMin = Math.min(endMin - 1, base.warmUpS / 60);
  return { firstMin, lastMin: endMin - 1, endMin };
}

function faultArbitrary(base: ExploreBase, window: Window): fc.Arbitrary<ScheduledFault> {
  return fc
    .record({
      domain: fc.integer({ min: 0, max: base.domains.length - 1 }),
      atMin: fc.integer({ min: window.firstMin, max: window.lastMin }),
      forMin: fc.integer({ min: 1, max: window.endMin }),
    })
    .map(({ domain, atMin, forMin }) => fitted(base.domains[domain].id, atMin, forMin, window));
}

function fitted(domain: string, atMin: number, forMin: number, window: Window): ScheduledFault {
  const at = Math.min(Math.max(window.firstMin, atMin), window.lastMin);
  const length = Math.max(1, Math.min(Math.round(forMin), window.endMin - at));
  return { domain, atS: at * 60, forS: length * 60 };
}

function nextSchedule(step: Step, pool: readonly Trial[], window: Window, faultsMax: number): ScheduledFault[] {
  if (pool.length === 0 || step.mode >= GUIDED_OF_TEN) return step.fresh;
  const parent = [...pool[step.pick % pool.length].schedule];
  if (parent.length === 0) return step.fresh;
  const i = step.faultPick % parent.length;
  const fault = parent[i];
  const atMin = fault.atS / 60;
  const forMin = fault.forS / 60;
  switch (step.mode % 3) {
    case 0:
      parent[i] = fitted(fault.domain, atMin, forMin * step.stretch, window);
      return parent;
    case 1:
      parent[i] = fitted(fault.domain, atMin + step.shiftMin, forMin, window);
      return parent;
    default:
      return parent.length < faultsMax ? [...parent, step.extra] : step.fresh;
  }
}

/** Keeps the POOL_SIZE trials with the smallest margin (ties: the earlier key). */
function keepPromising(pool: Trial[], trial: Trial): void {
  if (pool.some((kept) => kept.key === trial.key)) return;
  pool.push(trial);
  pool.sort((a, b) => a.margin - b.margin || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  if (pool.length > POOL_SIZE) pool.pop();
}

/** Block b's seed: a 32-bit mix of the exploration's seed and b. */
function blockSeed(seed: number, block: number): number {
  return (Math.imul(seed ^ 0x9e3779b9, 0x85ebca6b) + Math.imul(block + 1, 0xc2b2ae35)) | 0;
}
