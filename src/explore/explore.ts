// `explore`'s work (ARCHITECTURE.md, "Explore"): single points of failure and minimal cut sets
// first, then the wider search, every breaking schedule shrunk to a minimal one, each distinct
// minimal schedule a finding with its timeline. Pure: no clock, no I/O; the CLI passes the wall
// clock in as `shouldStop` and writes the findings' files.

import type { ExploreBase } from "./base.js";
import type { FailureDomain } from "./domains.js";
import { describeSchedule, type Schedule } from "./schedule.js";
import { searchSchedules } from "./search.js";
import { shrinkSchedule } from "./shrink.js";
import { findSinglePoints, plannedSchedules, planSinglePoints, type SpofResult, spofSteps } from "./spof.js";
import { explainTimeline, type TimelineEntry } from "./timeline.js";
import { fixedTiming } from "./times.js";
import { type TargetOutcome, type Trial, TrialRunner } from "./trial.js";

export interface ExploreOptions {
  seed: number;
  version: string;
  /** Schedules the wider search draws (0: single points and pairs only). */
  runs: number;
  /** The fixed fault of the single and pair phase (default: fixedTiming). */
  atS?: number;
  forS?: number;
  pairsMax?: number;
  faultsMax?: number;
  findingsMax?: number;
  shouldStop?: () => boolean;
  /** Trials of this base and seed already run (by `spofPlan`'s schedules, on other threads). */
  known?: readonly Trial[];
  /** The share of the work done so far, 0..1. */
  onProgress?: (fraction: number) => void;
}

export type FindingOrigin = "single point of failure" | "minimal cut set" | "search";

export interface Finding {
  /** 1, 2, ... in the order found. */
  number: number;
  origin: FindingOrigin;
  /** What was found before shrinking. */
  foundAs: string;
  trial: Trial;
  description: string;
  /** The targets it breaks. */
  broken: TargetOutcome[];
  timeline: TimelineEntry[];
  /** Where the CLI wrote it, and the command that replays it (set by the CLI). */
  file?: string;
  replay?: string;
}

export interface ExploreResult {
  scenario: { name: string; file: string; hash: string; overrides?: string[] };
  seed: number;
  version: string;
  fidelity: Trial["fidelity"];
  durationS: number;
  startOfDayS: number;
  domains: { id: string; scope: string }[];
  spof: SpofResult;
  /**
   * `breaking`: schedules drawn that broke a target; `covered`: of those, the ones holding every
   * domain of an earlier finding, not shrunk again (they would most likely shrink to it).
   */
  search: { steps: number; breaking: number; covered: number; stoppedEarly: boolean };
  findings: Finding[];
  /** Simulated runs in all: singles, pairs, search steps and shrinking. */
  runs: number;
  /** What was asked, for the replay command: the search's steps and the fidelity choice. */
  asked: { runs: number; fidelity: string; atS?: number; forS?: number };
}

export const EXPLORE_DEFAULTS = { pairsMax: 2_000, faultsMax: 3, findingsMax: 50 } as const;

/** The fixed fault of the single and pair phase: as asked, else `fixedTiming`'s. */
function spofTiming(base: ExploreBase, options: Pick<ExploreOptions, "atS" | "forS" | "pairsMax">) {
  const timing = fixedTiming(base.durationS);
  return {
    atS: options.atS ?? timing.atS,
    forS: options.forS ?? timing.forS,
    pairsMax: options.pairsMax ?? EXPLORE_DEFAULTS.pairsMax,
  };
}

/** Every schedule the single and pair phase will run with these options: what may be run ahead, anywhere. */
export function spofSchedules(
  base: ExploreBase,
  options: Pick<ExploreOptions, "atS" | "forS" | "pairsMax">,
): Schedule[] {
  return plannedSchedules(planSinglePoints(base, spofTiming(base, options)));
}

export function exploreScenario(base: ExploreBase, options: ExploreOptions): ExploreResult {
  const runner = new TrialRunner(base, { seed: options.seed, version: options.version });
  if (options.known !== undefined) runner.adopt(options.known);
  const { atS, forS, pairsMax } = spofTiming(base, options);
  const findingsMax = options.findingsMax ?? EXPLORE_DEFAULTS.findingsMax;
  const total = spofSteps(base.domains) + options.runs;
  let stepsDone = 0;
  const step = () => options.onProgress?.(Math.min(1, ++stepsDone / total));

  const spof = findSinglePoints(base, runner, { atS, forS, pairsMax, onTrial: step });
  const findings: Finding[] = [];
  let covered = 0;
  const seen = new Set<string>();
  const record = (found: Trial, origin: FindingOrigin) => {
    if (findings.length >= findingsMax) return;
    if (origin === "search" && coveredBy(found.schedule, findings) !== undefined) {
      covered++;
      return;
    }
    const shrunk = shrinkSchedule(found.schedule, base, runner);
    const domains = [...new Set(shrunk.schedule.map((f) => f.domain))].sort().join(" + ");
    if (seen.has(domains)) return;
    seen.add(domains);
    findings.push(describeFinding(findings.length + 1, origin, found.schedule, shrunk, runner, base.byId));
  };
  if (!spof.baseline.broken) {
    for (const single of spof.singles) if (single.trial.broken) record(single.trial, "single point of failure");
    const brokeAlone = new Set(spof.singlePoints);
    for (const pair of spof.pairs) {
      if (pair.trial?.broken && !brokeAlone.has(pair.a) && !brokeAlone.has(pair.b))
        record(pair.trial, "minimal cut set");
    }
  }
  let breaking = 0;
  let steps = 0;
  if (!spof.baseline.broken && options.runs > 0 && base.domains.length > 0) {
    steps = searchSchedules(base, runner, {
      seed: options.seed,
      steps: options.runs,
      faultsMax: options.faultsMax ?? EXPLORE_DEFAULTS.faultsMax,
      shouldStop: options.shouldStop,
      onStep: step,
      onBreak: (trial) => {
        breaking++;
        record(trial, "search");
      },
    });
  }
  options.onProgress?.(1);
  const original = base.original;
  return {
    scenario: {
      name: original.name,
      file: original.file,
      hash: original.hash,
      ...(original.overrides.length > 0 ? { overrides: original.overrides } : {}),
    },
    seed: options.seed,
    version: options.version,
    fidelity: spof.baseline.fidelity,
    durationS: base.durationS,
    startOfDayS: original.world.startOfDayUs / 1e6,
    domains: base.domains.map((d) => ({ id: d.id, scope: d.scope })),
    spof,
    search: { steps, breaking, covered, stoppedEarly: steps < options.runs && !spof.baseline.broken },
    findings,
    runs: runner.runs,
    asked: {
      runs: options.runs,
      fidelity: base.fidelity,
      ...(options.atS === undefined ? {} : { atS: options.atS }),
      ...(options.forS === undefined ? {} : { forS: options.forS }),
    },
  };
}

/** The first finding all of whose domains `schedule` fails too, if any. */
function coveredBy(schedule: Schedule, findings: readonly Finding[]): Finding | undefined {
  const domains = new Set(schedule.map((fault) => fault.domain));
  return findings.find((finding) => finding.trial.schedule.every((fault) => domains.has(fault.domain)));
}

function describeFinding(
  number: number,
  origin: FindingOrigin,
  found: Schedule,
  shrunk: Trial,
  runner: TrialRunner,
  domains: ReadonlyMap<string, FailureDomain>,
): Finding {
  return {
    number,
    origin,
    foundAs: describeSchedule(found, domains),
    trial: shrunk,
    description: describeSchedule(shrunk.schedule, domains),
    broken: shrunk.targets.filter((t) => !t.pass),
    timeline: explainTimeline(runner.run(shrunk.schedule)),
  };
}
