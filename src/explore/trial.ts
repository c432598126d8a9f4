// One trial: a schedule run against the base scenario on its seed, and how close it came to
// breaking each target (ARCHITECTURE.md, "Explore"). Trials are remembered by the schedule's key,
// so shrinking and the search never pay for a schedule twice.

import type { FaultConfig } from "../faults/index.js";
import type { Comparison } from "../model/index.js";
import {
  chooseFidelity,
  type LoadedScenario,
  loadScenario,
  type RunResult,
  runScenario,
  ScenarioInputError,
  withFidelity,
} from "../scenario/index.js";
import { type ExploreBase, scenarioText } from "./base.js";
import { ordered, type Schedule, scheduleKey } from "./schedule.js";

export interface TargetOutcome {
  name: string;
  target: string;
  actual: number;
  actualText: string;
  pass: boolean;
  /**
   * The share of the target's allowance used: 1 is at its bound, above 1 broken. For availability,
   * the error budget consumed (over the target's period when it has one).
   */
  used: number;
}

export interface Trial {
  key: string;
  schedule: Schedule;
  /** Some target is broken. */
  broken: boolean;
  targets: TargetOutcome[];
  /** 1 − the largest share used: how far the schedule stayed from breaking anything (≤ 0: broke). */
  margin: number;
  /** The error budget consumed: availability's `used` when there is such a target, else the largest. */
  budgetUsed: number;
  fidelity: RunResult["simulated"]["fidelity"];
}

/** A share used beyond any meaning (a bound of zero exceeded): kept finite for JSON. */
export const USED_MAX = 1_000;

/**
 * Runs schedules against the base. Loading a scenario's text (YAML, schema, compile) costs about
 * as much as a fluid run, so the base is loaded once without faults and each domain's fault once,
 * from a file with that fault alone; a schedule's faults are those compiled faults with its
 * timing and its order (which is the file's: `faultItems` writes them in `ordered` order). A
 * compiled fault's fields do not depend on its timing (compile/faults.ts converts `at` and `for`
 * apart from the kind's own compile step), so the run is the one its file gives, trace for trace
 * (test/explore/trial.test.ts holds the two to the same trace hash).
 */
export class TrialRunner {
  private readonly memo = new Map<string, Trial>();
  private readonly compiled = new Map<string, FaultConfig>();
  private readonly empty: LoadedScenario;
  /** Runs actually simulated (memo hits are not runs). */
  runs = 0;

  constructor(
    private readonly base: ExploreBase,
    private readonly options: { seed: number; version: string },
  ) {
    this.empty = this.load([]);
  }

  /**
   * Trials run elsewhere (the CLI's worker threads run the single and pair phase): remembered as
   * if run here, and counted. A trial depends only on the base, the seed and its schedule.
   */
  adopt(trials: readonly Trial[]): void {
    for (const trial of trials) {
      if (this.memo.has(trial.key)) continue;
      this.memo.set(trial.key, trial);
      this.runs++;
    }
  }

  /** The trial of `schedule`, run once. */
  trial(schedule: Schedule): Trial {
    const key = scheduleKey(schedule);
    const known = this.memo.get(key);
    if (known !== undefined) return known;
    const result = this.run(schedule);
    this.runs++;
    const trial = judge(key, schedule, result, this.base);
    this.memo.set(key, trial);
    return trial;
  }

  /** The whole result of a schedule's run (for a finding's timeline): run again, not remembered. */
  run(schedule: Schedule): RunResult {
    return runScenario(this.scenario(schedule), { seed: this.options.seed, version: this.options.version });
  }

  /** The scenario a schedule's file loads to, put together from the compiled parts. */
  scenario(schedule: Schedule): LoadedScenario {
    const faults = ordered(schedule).map((fault, index): FaultConfig => {
      const startUs = fault.atS * 1e6;
      return { ...this.compiledFault(fault.domain), index, startUs, endUs: startUs + fault.forS * 1e6 };
    });
    const scenario = { ...this.empty, faults };
    return withFidelity(scenario, chooseFidelity(scenario, this.base.fidelity).fidelity);
  }

  private compiledFault(domain: string): FaultConfig {
    let fault = this.compiled.get(domain);
    if (fault === undefined) {
      fault = this.load([{ domain, atS: 0, forS: 1 }]).faults[0];
      this.compiled.set(domain, fault);
    }
    return fault;
  }

  /** The schedule's file, loaded as `faultline run` would load it. */
  load(schedule: Schedule): LoadedScenario {
    try {
      return loadScenario(scenarioText(this.base, schedule), this.base.file, { fidelity: this.base.fidelity });
    } catch (error) {
      // Every fault explore writes names a domain of the design: a refusal here is a bug of explore's.
      if (error instanceof ScenarioInputError)
        throw new Error(
          `explore wrote a schedule the scenario refuses: ${error.issues.map((i) => i.message).join("; ")}`,
        );
      throw error;
    }
  }
}

function judge(key: string, schedule: Schedule, result: RunResult, base: ExploreBase): Trial {
  const targets = result.slo.map((outcome, i): TargetOutcome => {
    const comparison = base.original.slo[i].target;
    return {
      name: outcome.name,
      target: outcome.target,
      actual: outcome.actual,
      actualText: outcome.actualText,
      pass: outcome.pass,
      used: Math.min(
        USED_MAX,
        outcome.budgetUsed ?? shareUsed(outcome.actual, comparison, outcome.unit === "fraction"),
      ),
    };
  });
  const largest = Math.max(0, ...targets.map((t) => t.used));
  const availability = targets.find((t) => t.name === "availability");
  return {
    key,
    schedule,
    broken: targets.some((t) => !t.pass),
    targets,
    margin: 1 - largest,
    budgetUsed: availability?.used ?? largest,
    fidelity: result.simulated.fidelity,
  };
}

/**
 * How much of a target's allowance a value uses. A floor on a fraction (availability ≥ 99.9%) allows
 * 1 − bound of failures; a ceiling (rpo ≤ 5s) allows the bound itself; a floor on anything else
 * is used by how far short of it the value falls. Passing and failing read the same either side of 1.
 */
export function shareUsed(actual: number, target: Comparison, fraction: boolean): number {
  const bound = target.value;
  switch (target.operator) {
    case ">=":
    case ">":
      if (fraction && bound < 1) return (1 - actual) / (1 - bound);
      return actual > 0 ? bound / actual : USED_MAX;
    case "<=":
    case "<":
      return bound > 0 ? actual / bound : actual > 0 ? USED_MAX : 0;
    case "==":
      return actual === bound ? 0 : USED_MAX;
  }
}
