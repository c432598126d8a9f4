// The first answer of an exploration (ARCHITECTURE.md, "Explore"): every failure domain failed
// alone, then every pair, each for the same fixed stretch after warm-up (a lag starts earlier by
// its own length, so that it has built up when the stretch begins). A domain whose failure
// alone breaks a target is a single point of failure; a pair that breaks one when neither of its
// domains does alone is a minimal cut set. A pair where one domain holds the other (a region and
// one of its zones) fails no more than the wider one, and is not run.

import type { ExploreBase } from "./base.js";
import type { FailureDomain } from "./domains.js";
import type { Schedule } from "./schedule.js";
import type { Trial, TrialRunner } from "./trial.js";

export interface PairCell {
  a: string;
  b: string;
  /** Null: not run (one holds the other, or past the pair limit). */
  trial: Trial | null;
}

export interface SpofResult {
  atS: number;
  forS: number;
  /** The design with no fault at all: a target broken here is broken by no fault. */
  baseline: Trial;
  singles: { domain: string; trial: Trial }[];
  pairs: PairCell[];
  /** Pairs not run because the pair limit was reached. */
  pairsSkipped: number;
  singlePoints: string[];
  /** Minimal cut sets of two: [a, b] in domain order. */
  cutSets: [string, string][];
}

export interface SpofOptions {
  atS: number;
  forS: number;
  /** Most pairs run (pairs grow as the square of the domains). */
  pairsMax: number;
  onTrial?: () => void;
}

/** The schedules of the phase, decided before any is run (so that they can be run anywhere). */
export interface SpofPlan {
  singles: { domain: string; schedule: Schedule }[];
  /** Null: not run (one holds the other, or past the pair limit). */
  pairs: { a: string; b: string; schedule: Schedule | null }[];
  pairsSkipped: number;
}

export function planSinglePoints(base: ExploreBase, options: Omit<SpofOptions, "onTrial">): SpofPlan {
  const { atS, forS } = options;
  const fault = (domain: FailureDomain) => {
    const leadS = Math.max(0, Math.min(domain.leadS ?? 0, atS - base.warmUpS));
    return { domain: domain.id, atS: atS - leadS, forS: forS + leadS };
  };
  const singles = base.domains.map((domain) => ({ domain: domain.id, schedule: [fault(domain)] }));
  const holds = containment(base.domains);
  const pairs: SpofPlan["pairs"] = [];
  let pairsSkipped = 0;
  let pairsRun = 0;
  for (let i = 0; i < base.domains.length; i++) {
    for (let j = i + 1; j < base.domains.length; j++) {
      const a = base.domains[i];
      const b = base.domains[j];
      const nested = holds.get(a.id)?.has(b.id) || holds.get(b.id)?.has(a.id);
      const run = !nested && pairsRun < options.pairsMax;
      if (run) pairsRun++;
      else if (!nested) pairsSkipped++;
      pairs.push({ a: a.id, b: b.id, schedule: run ? [fault(a), fault(b)] : null });
    }
  }
  return { singles, pairs, pairsSkipped };
}

/** Every schedule the plan runs: none at all, each single, each pair run. */
export function plannedSchedules(plan: SpofPlan): Schedule[] {
  return [
    [],
    ...plan.singles.map((s) => s.schedule),
    ...plan.pairs.flatMap((p) => (p.schedule === null ? [] : [p.schedule])),
  ];
}

export function findSinglePoints(base: ExploreBase, runner: TrialRunner, options: SpofOptions): SpofResult {
  const baseline = runner.trial([]);
  // Broken with no fault at all: no fault can be blamed for anything, so none is tried.
  if (baseline.broken) {
    const { atS, forS } = options;
    return { atS, forS, baseline, singles: [], pairs: [], pairsSkipped: 0, singlePoints: [], cutSets: [] };
  }
  const plan = planSinglePoints(base, options);
  const singles = plan.singles.map(({ domain, schedule }) => {
    const trial = runner.trial(schedule);
    options.onTrial?.();
    return { domain, trial };
  });
  const pairs = plan.pairs.map(({ a, b, schedule }): PairCell => {
    const trial = schedule === null ? null : runner.trial(schedule);
    options.onTrial?.();
    return { a, b, trial };
  });
  const brokeAlone = new Set(singles.filter((s) => s.trial.broken).map((s) => s.domain));
  const cutSets = pairs
    .filter((p) => p.trial?.broken && !brokeAlone.has(p.a) && !brokeAlone.has(p.b))
    .map((p): [string, string] => [p.a, p.b]);
  return {
    atS: options.atS,
    forS: options.forS,
    baseline,
    singles,
    pairs,
    pairsSkipped: plan.pairsSkipped,
    singlePoints: singles.filter((s) => s.trial.broken).map((s) => s.domain),
    cutSets,
  };
}

/** The steps of the SPOF phase, for a progress bar: one per domain, then one per pair (run or not). */
export function spofSteps(domains: readonly FailureDomain[]): number {
  return domains.length + (domains.length * (domains.length - 1)) / 2;
}

/** For each domain, every domain inside it, however deep (a region holds its zones and their nodes). */
function containment(domains: readonly FailureDomain[]): Map<string, Set<string>> {
  const byId = new Map(domains.map((d) => [d.id, d]));
  const holds = new Map<string, Set<string>>();
  const inside = (id: string): Set<string> => {
    const known = holds.get(id);
    if (known) return known;
    const set = new Set<string>();
    for (const inner of byId.get(id)?.inner ?? []) {
      set.add(inner);
      for (const deeper of inside(inner)) set.add(deeper);
    }
    holds.set(id, set);
    return set;
  };
  for (const domain of domains) inside(domain.id);
  return holds;
}
