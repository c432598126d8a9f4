// A check over many scenarios and seeds: each scenario's targets are evaluated on the
// distribution of its seeds. Pure: the CLI runs the simulations (maybe on worker threads) and
// hands the results here in (scenario, seed) order, so the verdict never depends on scheduling.

import { formatValue, oneSidedBound, targetLabel, type Unit } from "../metrics/index.js";
import type { Comparison } from "../model/index.js";
import { compare } from "../model/index.js";
import type { BaselineComparison } from "./baseline.js";
import type { SourcePosition } from "./compile.js";
import type { InputIssue } from "./errors.js";
import type { LoadedScenario } from "./loader.js";
import type { RunResult } from "./run.js";

export interface TargetVerdict {
  kind: "slo" | "expectation";
  /** What it bounds, as reports show it: the metric, after the operation's name when it has one. */
  name: string;
  /** The metric's key, without the operation. */
  metric: string;
  /** The operation whose requests it judges (absent: the whole run's). */
  operation?: string;
  /** The target as written, e.g. ">= 99.9% at p5". */
  target: string;
  percentile?: number;
  /**
   * With "with N% confidence": the one-sided bound of the mean over the seeds that was judged (the
   * lower for ">=", the upper for "<="); `actual` is then that bound.
   */
  confidence?: number;
  /** The value judged: the percentile's value, the confidence bound, or the worst seed's. */
  actual: number;
  actualText: string;
  pass: boolean;
  /** The seed whose value is worst for this target, and its value. */
  worstSeed: number;
  worstActual: number;
  worstActualText: string;
  /** Where the target is written in its scenario file. */
  position?: SourcePosition;
}

export interface ScenarioVerdict {
  file: string;
  name: string;
  description?: string;
  hash: string;
  /** The `--set` overrides the scenario was loaded with, only when there were some. */
  overrides?: string[];
  /** The variant the scenario was loaded with, only when one was. */
  variant?: string;
  seeds: number[];
  runs: RunResult[];
  targets: TargetVerdict[];
  pass: boolean;
}

export interface CheckResult {
  version: string;
  scenarios: ScenarioVerdict[];
  /** Input errors, file:line:col; a file with errors has no verdict. */
  errors: InputIssue[];
  /** Present when the check was compared with a baseline. */
  baseline?: BaselineComparison;
  /** Every scenario passed, no input error, no regression. */
  pass: boolean;
}

export function checkPassed(
  scenarios: ScenarioVerdict[],
  errors: InputIssue[],
  baseline?: BaselineComparison,
): boolean {
  return errors.length === 0 && scenarios.every((s) => s.pass) && (baseline?.regressions ?? 0) === 0;
}

/** The seeds a scenario runs: its own seed and the next ones. */
export function seedsFor(scenario: LoadedScenario, seedsOverride?: number): number[] {
  const count = seedsOverride ?? scenario.seeds ?? 1;
  return Array.from({ length: count }, (_, i) => scenario.world.seed + i);
}

export function judgeScenario(scenario: LoadedScenario, runs: RunResult[]): ScenarioVerdict {
  if (runs.length === 0) throw new Error(`no runs for ${scenario.file}`);
  // Each target as written (the metric, its operation, where it stands) and its value in a run.
  const written = [
    ...scenario.slo.map((slo, i) => ({
      kind: "slo" as const,
      ...slo,
      metric: slo.name,
      of: (run: RunResult) => run.slo[i],
    })),
    ...scenario.expectations.map((expectation, i) => ({
      kind: "expectation" as const,
      ...expectation,
      of: (run: RunResult) => run.expectations[i],
    })),
  ];
  const targets: TargetVerdict[] = written.map((t) =>
    judgeTarget(t.kind, { metric: t.metric, operation: t.operation }, t.target, t.position, runs, t.of),
  );
  return {
    file: scenario.file,
    // A variant is another design: its own name, so a baseline never matches it with the file as written.
    name: scenario.variant === undefined ? scenario.name : `${scenario.name} [${scenario.variant}]`,
    description: scenario.description,
    hash: scenario.hash,
    ...(scenario.overrides.length > 0 ? { overrides: scenario.overrides } : {}),
    ...(scenario.variant === undefined ? {} : { variant: scenario.variant }),
    seeds: runs.map((run) => run.seed),
    runs,
    targets,
    pass: targets.every((target) => target.pass),
  };
}

function judgeTarget(
  kind: TargetVerdict["kind"],
  what: { metric: string; operation?: string },
  target: Comparison,
  position: SourcePosition | undefined,
  runs: RunResult[],
  measured: (run: RunResult) => { actual: number; actualText: string; unit: Unit },
): TargetVerdict {
  const values = runs.map((run) => ({ seed: run.seed, ...measured(run) }));
  const named = {
    name: targetLabel(what.metric, what.operation),
    metric: what.metric,
    ...(what.operation === undefined ? {} : { operation: what.operation }),
  };
  const higherIsBetter = target.operator === ">" || target.operator === ">=";
  // Worst first; ties keep seed order.
  const ranked = [...values].sort(
    (a, b) => (higherIsBetter ? a.actual - b.actual : b.actual - a.actual) || a.seed - b.seed,
  );
  // For "==" the worst seed is the one farthest from the value (the first of equals), so an
  // "== 0" target names the same worst value as the scenario's summary, not the first miss.
  const distance = (v: { actual: number }) => Math.abs(v.actual - target.value);
  const worst =
    target.operator === "==" ? values.reduce((far, v) => (distance(v) > distance(far) ? v : far)) : ranked[0];
  if (target.confidence !== undefined) {
    const unit = runs.length > 0 ? measured(runs[0]).unit : "count";
    // Judged on the mean's one-sided bound: the seeds are a sample, and the target is on the mean.
    const bound = oneSidedBound(
      values.map((v) => v.actual),
      target.confidence,
      higherIsBetter ? "lower" : "upper",
    );
    return {
      kind,
      ...named,
      target: target.text,
      confidence: target.confidence,
      actual: bound,
      actualText: formatValue(bound, unit, target.value),
      pass: compare(bound, target),
      worstSeed: worst.seed,
      worstActual: worst.actual,
      worstActualText: worst.actualText,
      ...(position ? { position } : {}),
    };
  }
  const judged = target.percentile === undefined ? worst : valueAtPercentile(values, target.percentile);
  const pass =
    target.percentile === undefined ? values.every((v) => compare(v.actual, target)) : compare(judged.actual, target);
  return {
    kind,
    ...named,
    target: target.text,
    ...(target.percentile === undefined ? {} : { percentile: target.percentile }),
    actual: judged.actual,
    actualText: judged.actualText,
    pass,
    worstSeed: worst.seed,
    worstActual: worst.actual,
    worstActualText: worst.actualText,
    ...(position ? { position } : {}),
  };
}

/** Nearest-rank percentile of the values (ascending), e.g. p5 of 20 values is the lowest. */
function valueAtPercentile<T extends { actual: number; seed: number }>(values: T[], percentile: number): T {
  const sorted = [...values].sort((a, b) => a.actual - b.actual || a.seed - b.seed);
  const rank = Math.max(1, Math.ceil((percentile / 100) * sorted.length));
  return sorted[Math.min(rank, sorted.length) - 1];
}
