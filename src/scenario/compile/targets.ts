// Compiles what a run is judged by: SLO targets, expectations and the metric definitions.

import type { CompileContext } from "../../input/index.js";
import { type MetricUnit, parseComparison } from "../../input/index.js";
import type { Comparison } from "../../model/core/comparison.js";
import type { IssuePath } from "../errors.js";
import { EXPECTATION_METRICS, type ScenarioFile } from "../schema.js";

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
  target: Comparison;
  path: IssuePath;
  position?: SourcePosition;
}

export interface Expectation {
  metric: ExpectationMetric;
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

export function compileSlo(ctx: CompileContext, slo: ScenarioFile["slo"]): SloTarget[] {
  return (Object.keys(SLO_UNITS) as SloName[])
    .filter((name) => slo[name] !== undefined)
    .map((name) => ({
      name,
      target: ctx.unit(parseComparison(slo[name] as string, SLO_UNITS[name]), ["slo", name], PLACEHOLDER_COMPARISON),
      path: ["slo", name],
    }));
}

export function compileExpectations(ctx: CompileContext, expect: ScenarioFile["expect"]): Expectation[] {
  return EXPECTATION_METRICS.filter((metric) => expect[metric] !== undefined).map((metric) => ({
    metric,
    target: ctx.unit(
      parseComparison(expect[metric] as string, expectationUnit(metric)),
      ["expect", metric],
      PLACEHOLDER_COMPARISON,
    ),
    path: ["expect", metric],
  }));
}

export function compileMetricsOptions(ctx: CompileContext, metrics: ScenarioFile["metrics"]): MetricsOptions {
  return {
    sliThreshold: ctx.fraction(metrics.sliThreshold, ["metrics", "sliThreshold"]),
    incidentWindowUs: ctx.us(metrics.incidentWindow, ["metrics", "incidentWindow"]),
    stabilisationUs: ctx.us(metrics.stabilisation, ["metrics", "stabilisation"]),
    availabilityWindowUs: ctx.us(metrics.availabilityWindow, ["metrics", "availabilityWindow"]),
  };
}
