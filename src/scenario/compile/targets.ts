// Compiles what a run is judged by: SLO targets, expectations and the metric definitions.

import type { CompileContext } from "../../input/index.js";
import { type MetricUnit, parseComparison, unknown } from "../../input/index.js";
import type { Comparison } from "../../model/core/comparison.js";
import type { IssuePath } from "../errors.js";
import { EXPECTATION_METRICS, OPERATION_EXPECTATION_METRICS, type ScenarioFile } from "../schema.js";

export type SloName = "availability" | "rpo" | "rto" | "ttd" | "latencyP99" | "cost";
export type ExpectationMetric = (typeof EXPECTATION_METRICS)[number];

export interface MetricsOptions {
  sliThreshold: number;
  incidentWindowUs: number;
  stabilisationUs: number;
  availabilityWindowUs: number;
}

/** Where a value stands in its file, filled in by the loader (for annotations in CI logs). */
export interface SourcePosition {
  line: number;
  column: number;
  /** The file it is in, when not the scenario's own: a target inherited through `extends:`. */
  file?: string;
}

export interface SloTarget {
  name: SloName;
  /** The operation whose requests it judges (absent: the whole run's). */
  operation?: string;
  target: Comparison;
  path: IssuePath;
  position?: SourcePosition;
}

export interface Expectation {
  metric: ExpectationMetric;
  /** The operation whose requests it judges (absent: the whole run's). */
  operation?: string;
  target: Comparison;
  path: IssuePath;
  position?: SourcePosition;
}

/** Stands in for a comparison that failed to parse (the problem is already recorded). */
export const PLACEHOLDER_COMPARISON: Comparison = { operator: ">=", value: 0, text: "" };

const SLO_UNITS: Record<SloName, MetricUnit> = {
  availability: "fraction",
  rpo: "seconds",
  rto: "seconds",
  ttd: "seconds",
  latencyP99: "milliseconds",
  cost: "money",
};

export function expectationUnit(metric: ExpectationMetric): MetricUnit {
  if (metric === "availability") return "fraction";
  if (metric === "retryAmplification") return "ratio";
  if (metric.endsWith("S")) return "seconds";
  if (metric.endsWith("Ms")) return "milliseconds";
  return "count";
}

/** The targets an operation may have in `slo` (ARCHITECTURE.md, "Operations"). */
const OPERATION_SLO_NAMES = ["availability", "latencyP99"] as const satisfies readonly SloName[];

/**
 * The whole run's targets, then each operation's (a key of `slo` that is not a metric names an
 * operation: its mapping holds that operation's targets), in the file's order of operations.
 */
export function compileSlo(
  ctx: CompileContext,
  slo: ScenarioFile["slo"],
  operations: readonly string[] = [],
): SloTarget[] {
  const whole = (Object.keys(SLO_UNITS) as SloName[])
    .filter((name) => slo[name] !== undefined)
    .map((name) => ({
      name,
      target: ctx.unit(parseComparison(slo[name] as string, SLO_UNITS[name]), ["slo", name], PLACEHOLDER_COMPARISON),
      path: ["slo", name],
    }));
  const perOperation = operationKeys(ctx, "slo", slo, Object.keys(SLO_UNITS), operations).flatMap((operation) => {
    const targets = slo[operation] as Partial<Record<SloName, string>>;
    return OPERATION_SLO_NAMES.filter((name) => targets[name] !== undefined).map((name) => ({
      name,
      operation,
      target: ctx.unit(
        parseComparison(targets[name] as string, SLO_UNITS[name]),
        ["slo", operation, name],
        PLACEHOLDER_COMPARISON,
      ),
      path: ["slo", operation, name],
    }));
  });
  return [...whole, ...perOperation];
}

export function compileExpectations(
  ctx: CompileContext,
  expect: ScenarioFile["expect"],
  operations: readonly string[] = [],
): Expectation[] {
  const whole = EXPECTATION_METRICS.filter((metric) => expect[metric] !== undefined).map((metric) => ({
    metric,
    target: ctx.unit(
      parseComparison(expect[metric] as string, expectationUnit(metric)),
      ["expect", metric],
      PLACEHOLDER_COMPARISON,
    ),
    path: ["expect", metric],
  }));
  const perOperation = operationKeys(ctx, "expect", expect, EXPECTATION_METRICS, operations).flatMap((operation) => {
    const bounds = expect[operation] as Partial<Record<ExpectationMetric, string>>;
    return OPERATION_EXPECTATION_METRICS.filter((metric) => bounds[metric] !== undefined).map((metric) => ({
      metric,
      operation,
      target: ctx.unit(
        parseComparison(bounds[metric] as string, expectationUnit(metric)),
        ["expect", operation, metric],
        PLACEHOLDER_COMPARISON,
      ),
      path: ["expect", operation, metric],
    }));
  });
  return [...whole, ...perOperation];
}

/**
 * The keys of `slo` or `expect` that name operations, in the file's order: every key that is not
 * one of the whole run's metrics must be a declared operation (else a problem at the key).
 */
function operationKeys(
  ctx: CompileContext,
  where: "slo" | "expect",
  targets: Record<string, unknown>,
  metrics: readonly string[],
  operations: readonly string[],
): string[] {
  return Object.keys(targets).filter((key) => {
    if (metrics.includes(key) || targets[key] === undefined) return false;
    if (operations.includes(key)) return true;
    const hint =
      operations.length === 0
        ? "a mapping here holds one operation's targets, and the workload declares no operations"
        : "a mapping here holds one operation's targets";
    ctx.problem([where, key], unknown("operation", key, [...operations], hint), { atKey: true });
    return false;
  });
}

export function compileMetricsOptions(ctx: CompileContext, metrics: ScenarioFile["metrics"]): MetricsOptions {
  return {
    sliThreshold: ctx.fraction(metrics.sliThreshold, ["metrics", "sliThreshold"]),
    incidentWindowUs: ctx.us(metrics.incidentWindow, ["metrics", "incidentWindow"]),
    stabilisationUs: ctx.us(metrics.stabilisation, ["metrics", "stabilisation"]),
    availabilityWindowUs: ctx.us(metrics.availabilityWindow, ["metrics", "availabilityWindow"]),
  };
}
