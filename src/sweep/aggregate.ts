// A sweep's result from its runs' summaries (ARCHITECTURE.md, "Sweeps"): for each figure, the
// mean with its 95% interval and the quantiles of the per-run values (downtime is heavy-tailed:
// the mean hides the bad years); for each target, how often a run met it, with its interval;
// and the error budget, ranked by what ate it. A pure function of the header and the summaries in
// run order, so a sweep split into shards and merged gives the same result, byte for byte.

import { createHash } from "node:crypto";
import {
  type CostAssumptions,
  type CostReport,
  type MeanEstimate,
  meanInterval,
  meanUsage,
  oneSidedBound,
  type ProportionEstimate,
  priceUsage,
  proportionInterval,
  quantile,
} from "../metrics/index.js";
import { compare } from "../model/index.js";
import type { Attribution, RunSummary } from "./run-summary.js";

export const YEAR_S = 365 * 86_400;
export const SWEEP_SCHEMA_VERSION = 1;

/** What a sweep is of: every shard of one sweep has the same header, and merge checks it. */
export interface SweepHeader {
  /**
   * `overrides`: the `--set` overrides of every run, only when there were some; `variant`: the
   * variant, only when one was picked (the hash covers both).
   */
  scenario: { name: string; file: string; hash: string; overrides?: string[]; variant?: string };
  version: string;
  /** The first run's seed; run r has seed + r. */
  seed: number;
  /** Runs in the whole sweep (all shards). */
  runs: number;
  /** Simulated length of each run. */
  durationS: number;
  /**
   * How the runs were simulated: "per-request", or "fluid" (traffic as rates between the
   * control plane's events; scenario/fidelity.ts).
   */
  fidelity: "per-request" | "fluid";
  /** When the fluid fidelity was wanted but could not stand in: why the runs went per request. */
  fluidObstacles?: string[];
  /** The scenario's SLO targets, in file order. */
  /**
   * `name` as reports show it; `metric` the metric's key, and `operation` the operation it judges
   * (absent: the whole run's; ARCHITECTURE.md, "Operations").
   */
  targets: {
    name: string;
    metric?: string;
    operation?: string;
    target: string;
    operator: string;
    value: number;
    confidence?: number;
  }[];
  /** The scenario's prices and sizes, when it has a `cost:` section (ARCHITECTURE.md, "Cost"). */
  cost?: CostAssumptions;
}

/** A figure over the runs: the mean and its interval, and the quantiles of its per-run values. */
export interface FigureSummary extends MeanEstimate {
  p50: number;
  /**
   * The value 1 run in 10 is worse than (p90 for a figure where less is better, p10 otherwise);
   * NaN with fewer than 10 runs (and oneIn100 with fewer than 100).
   */
  oneIn10: number;
  oneIn100: number;
  worst: number;
}

export interface TargetSummary {
  name: string;
  /** A target on an operation: the operation, and the metric's key apart from `name`. */
  operation?: string;
  metric?: string;
  target: string;
  /** How many runs met it, with its intervals. */
  met: ProportionEstimate;
  /** Its measured value over the runs (availability with a period: each run's value for the period). */
  mean: FigureSummary;
  /**
   * What was judged: the mean, or with "with N% confidence" the mean's one-sided bound (the lower
   * for ">=", the upper for "<=").
   */
  judged: number;
  confidence?: number;
  /** Whether `judged` meets the target: the sweep's verdict on it. */
  meanMeets: boolean;
}

export interface BudgetRow extends Omit<Attribution, "downtimeS" | "incidents" | "lostWrites" | "occurrences"> {
  /** Per year: the run's figures × (a year / the run's length), averaged over the runs. */
  downtimeMinPerYear: number;
  incidentsPerYear: number;
  lostWritesPerYear: number;
  /** Null for a random process (random crashes), whose occurrences are not counted. */
  occurrencesPerYear: number | null;
  /** Share of the year's error budget (undefined without an availability target). */
  budgetShare?: number;
}

export interface SweepResult {
  schemaVersion: number;
  kind: "faultline.sweep";
  header: SweepHeader;
  /** Simulated years in all (runs × duration / a year). */
  years: number;
  /** Figures per run (availability) or per year (downtime, incidents, lost writes) — see each name. */
  figures: {
    availability: FigureSummary;
    availabilityTimeBased: FigureSummary;
    downtimeMinPerYear: FigureSummary;
    incidentsPerYear: FigureSummary;
    lostWritesPerYear: FigureSummary;
    rpoMaxS: FigureSummary;
    rtoMaxS: FigureSummary;
  };
  targets: TargetSummary[];
  /** The error budget of the first availability target, per year; undefined without one. */
  budget?: { target: string; allowedMinPerYear: number; usedMinPerYear: number; share: number };
  /** Downtime, incidents and lost writes per fault, most downtime first. */
  attribution: BudgetRow[];
  /** Downtime per year of each run, in bins, for the histogram. */
  histogram: { fromMin: number; toMin: number; runs: number }[];
  /** The run with the most downtime (ties: the first), to replay. */
  worstRun: { run: number; seed: number; downtimeS: number; availability: number; traceHash: string };
  /** A digest of every run's trace hash, in run order: equal sweeps have equal digests. */
  tracesDigest: string;
  /**
   * Per month, when the scenario has a `cost:` section: each run's total over the runs, and the
   * breakdown of the mean run (prices are linear in usage, so its total is the mean's).
   */
  cost?: {
    monthlyTotal: FigureSummary;
    breakdown: CostReport;
    /**
     * Nines of the mean availability, −log10(1 − A) (null at 100%), and the infrastructure's
     * monthly cost per nine: what each nine costs in this design (compare weighs designs by it).
     */
    nines: number | null;
    infrastructurePerNine: number | null;
  };
}

export function aggregateSweep(header: SweepHeader, summaries: readonly RunSummary[]): SweepResult {
  const runs = [...summaries].sort((a, b) => a.run - b.run);
  const perYear = YEAR_S / header.durationS;
  const higherIsBetter = (values: number[]) => figure(values, true, 1); // shares
  const lowerIsBetter = (values: number[]) => figure(values, false);
  const figures = {
    availability: higherIsBetter(runs.map((r) => r.availability)),
    availabilityTimeBased: higherIsBetter(runs.map((r) => r.availabilityTimeBased)),
    downtimeMinPerYear: lowerIsBetter(runs.map((r) => (r.downtimeS / 60) * perYear)),
    incidentsPerYear: lowerIsBetter(runs.map((r) => r.incidents * perYear)),
    lostWritesPerYear: lowerIsBetter(runs.map((r) => r.lostWrites * perYear)),
    rpoMaxS: lowerIsBetter(runs.map((r) => r.rpoMaxS)),
    rtoMaxS: lowerIsBetter(runs.map((r) => r.rtoMaxS)),
  };
  const targets = header.targets.map((target, i): TargetSummary => {
    const values = runs.map((r) => r.targets[i].actual);
    const higherIsBetter = target.operator.startsWith(">");
    const metric = target.metric ?? target.name;
    const mean = figure(values, higherIsBetter, metric === "availability" ? 1 : Number.POSITIVE_INFINITY);
    const judged =
      target.confidence === undefined
        ? mean.mean
        : oneSidedBound(values, target.confidence, higherIsBetter ? "lower" : "upper");
    return {
      name: target.name,
      ...(target.operation === undefined ? {} : { operation: target.operation, metric }),
      target: target.target,
      met: proportionInterval(runs.filter((r) => r.targets[i].pass).length, runs.length),
      mean,
      judged,
      ...(target.confidence === undefined ? {} : { confidence: target.confidence }),
      meanMeets: compare(judged, { operator: target.operator as never, value: target.value, text: target.target }),
    };
  });
  const availabilityTarget = header.targets.find((t) => t.name === "availability" && t.operator.startsWith(">"));
  const budget =
    availabilityTarget === undefined
      ? undefined
      : {
          target: availabilityTarget.target,
          allowedMinPerYear: ((1 - availabilityTarget.value) * YEAR_S) / 60,
          usedMinPerYear: figures.downtimeMinPerYear.mean,
          share: figures.downtimeMinPerYear.mean / (((1 - availabilityTarget.value) * YEAR_S) / 60),
        };
  const worst = runs.reduce((a, b) => (b.downtimeS > a.downtimeS ? b : a), runs[0]);
  return {
    schemaVersion: SWEEP_SCHEMA_VERSION,
    kind: "faultline.sweep",
    header,
    years: (runs.length * header.durationS) / YEAR_S,
    figures,
    targets,
    ...(budget === undefined ? {} : { budget }),
    attribution: attribute(runs, perYear, budget?.allowedMinPerYear),
    histogram: histogram(runs.map((r) => (r.downtimeS / 60) * perYear)),
    worstRun: {
      run: worst.run,
      seed: worst.seed,
      downtimeS: worst.downtimeS,
      availability: worst.availability,
      traceHash: worst.traceHash,
    },
    tracesDigest: digest(runs.map((r) => r.traceHash)),
    ...sweepCost(header.cost, runs, figures.availability.mean),
  };
}

/** The cost per month over the runs: only for a priced scenario, whose every run has its usage. */
function sweepCost(
  assumptions: CostAssumptions | undefined,
  runs: readonly RunSummary[],
  availability: number,
): Pick<SweepResult, "cost"> {
  const usages = runs.flatMap((run) => (run.usage === undefined ? [] : [run.usage]));
  if (assumptions === undefined || usages.length !== runs.length) return {};
  const totals = usages.map((usage) => priceUsage(usage, assumptions).monthlyTotal);
  const breakdown = priceUsage(meanUsage(usages), assumptions);
  // Null rather than Infinity, so that a shard's JSON says the same (no failure at all: no nines to count).
  const nines = availability < 1 ? -Math.log10(1 - availability) : null;
  const infrastructurePerNine = nines === null || nines <= 0 ? null : breakdown.infrastructureMonthly / nines;
  return { cost: { monthlyTotal: figure(totals, false), breakdown, nines, infrastructurePerNine } };
}

/**
 * Every figure here is at least 0, and a share at most 1: a t-interval knows neither, so its ends
 * are clamped to what the figure can be (99.90% – 100.01% would promise the impossible).
 */
function figure(values: number[], higherIsBetter: boolean, max = Number.POSITIVE_INFINITY): FigureSummary {
  const raw = meanInterval(values);
  const estimate = { ...raw, low: Math.max(0, raw.low), high: Math.min(max, raw.high) };
  // A "1 in N" value needs at least N runs to be read off them rather than guessed: NaN (shown
  // as "—", null in JSON) until then.
  const tail = (p: number) => (values.length * p < 1 ? Number.NaN : quantile(values, higherIsBetter ? p : 1 - p));
  return {
    ...estimate,
    p50: quantile(values, 0.5),
    oneIn10: tail(0.1),
    oneIn100: tail(0.01),
    worst: higherIsBetter ? Math.min(...values) : Math.max(...values),
  };
}

/** Each fault's share, averaged over the runs (a run where it never happened counts as zero). */
function attribute(runs: readonly RunSummary[], perYear: number, allowedMinPerYear: number | undefined): BudgetRow[] {
  const totals = new Map<string, Attribution>();
  for (const run of runs) {
    for (const row of run.attribution) {
      const total = totals.get(row.label) ?? { ...row, downtimeS: 0, incidents: 0, lostWrites: 0, occurrences: 0 };
      total.downtimeS += row.downtimeS;
      total.incidents += row.incidents;
      total.lostWrites += row.lostWrites;
      total.occurrences =
        total.occurrences === null || row.occurrences === null ? null : total.occurrences + row.occurrences;
      totals.set(row.label, total);
    }
  }
  const n = runs.length;
  const rows = [...totals.values()].map((total): BudgetRow => {
    const downtimeMinPerYear = (total.downtimeS / 60 / n) * perYear;
    return {
      label: total.label,
      kind: total.kind,
      family: total.family,
      downtimeMinPerYear,
      incidentsPerYear: (total.incidents / n) * perYear,
      lostWritesPerYear: (total.lostWrites / n) * perYear,
      occurrencesPerYear: total.occurrences === null ? null : (total.occurrences / n) * perYear,
      ...(allowedMinPerYear === undefined ? {} : { budgetShare: downtimeMinPerYear / allowedMinPerYear }),
    };
  });
  // Most downtime first; then most lost writes; then the label, so ties never depend on arrival order.
  return rows.sort(
    (a, b) =>
      b.downtimeMinPerYear - a.downtimeMinPerYear ||
      b.lostWritesPerYear - a.lostWritesPerYear ||
      (a.label < b.label ? -1 : a.label > b.label ? 1 : 0),
  );
}

/** Up to 12 equal bins from 0 to the largest value (one bin when every run had none). */
function histogram(values: readonly number[]): SweepResult["histogram"] {
  const largest = Math.max(0, ...values);
  if (largest === 0) return [{ fromMin: 0, toMin: 0, runs: values.length }];
  const bins = Math.min(12, Math.max(1, values.length));
  const width = largest / bins;
  const counts = new Array<number>(bins).fill(0);
  for (const value of values) counts[Math.min(bins - 1, Math.floor(value / width))]++;
  return counts.map((runs, i) => ({ fromMin: i * width, toMin: (i + 1) * width, runs }));
}

/** sha256 over the trace hashes in run order, as 16 hex characters (also a compared design's). */
export function digest(hashes: readonly string[]): string {
  return createHash("sha256").update(hashes.join("\n")).digest("hex").slice(0, 16);
}
