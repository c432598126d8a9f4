// `faultline compare`: several designs run on the same seeds, so on the same failures (common
// random numbers, ARCHITECTURE.md "Compare designs"), set side by side. Each figure gets its mean
// and 95% interval per design, and against the first design the paired difference over the runs
// (run r of each design against run r of the first): what the designs share — when failures
// came, how long they lasted — cancels out of it, so a real difference shows with few runs.
// Pure: a function of the designs' headers and summaries in run order.

import { type MeanEstimate, meanInterval } from "../metrics/index.js";
import { digest, type SweepHeader } from "./aggregate.js";
import { COMPARE_METRICS, type CompareMetric, type CompareUnit, operationMetrics } from "./compare-metrics.js";
import { type DesignPrice, priceOfNines } from "./nines.js";
import type { RunSummary } from "./run-summary.js";

export const COMPARE_SCHEMA_VERSION = 1;

/** One design's runs: its label, its sweep header (every design shares seed, runs and duration). */
export interface DesignRuns {
  label: string;
  header: SweepHeader;
  summaries: readonly RunSummary[];
}

/** A difference against the first design over paired runs: its mean and 95% interval. */
export interface PairedDifference extends MeanEstimate {
  /** The interval excludes 0: the difference is not noise (at 95%). */
  significant: boolean;
  /** Which way it goes for this design: better, worse, or the same as the first (exactly 0). */
  direction: "better" | "worse" | "same";
}

export interface ComparisonRow {
  key: string;
  label: string;
  unit: CompareUnit;
  better: "higher" | "lower";
  /** Per design, in order: the mean with its 95% interval; null when its runs lack the figure. */
  designs: (MeanEstimate | null)[];
  /** Per design against the first (null for the first, and where either lacks the figure). */
  differences: (PairedDifference | null)[];
  /**
   * The designs with the best mean (several when they tie), and whether it is significantly
   * better than every other design's (paired intervals all excluding 0); null when every
   * design has the same mean.
   */
  winner: { designs: number[]; significant: boolean } | null;
}

/**
 * What every design shares with the first's sweep header: version, seed (run r of every design
 * has seed + r), runs, their length, the fidelity, and why it is per request if fluid could not
 * stand in for some design.
 */
export interface ComparisonResult
  extends Pick<SweepHeader, "version" | "seed" | "runs" | "durationS" | "fidelity" | "fluidObstacles"> {
  schemaVersion: number;
  kind: "faultline.compare";
  designs: {
    label: string;
    name: string;
    file: string;
    hash: string;
    variant?: string;
    overrides?: string[];
    /** A digest of the design's trace hashes in run order. */
    tracesDigest: string;
  }[];
  rows: ComparisonRow[];
  /** Each design's nines against its infrastructure per month, when every design is priced (sweep/nines.ts). */
  nines?: DesignPrice[];
}

export function compareDesigns(designs: readonly DesignRuns[]): ComparisonResult {
  if (designs.length < 2) throw new Error("a comparison needs at least two designs");
  const runs = designs.map((design) => [...design.summaries].sort((a, b) => a.run - b.run));
  const seeds = runs[0].map((summary) => summary.seed);
  for (const [index, design] of runs.entries()) {
    // Pairing run r with run r is what makes the differences paired: a mismatch is a bug.
    if (design.length !== seeds.length || design.some((summary, r) => summary.seed !== seeds[r]))
      throw new Error(`design ${designs[index].label} did not run on the first design's seeds`);
  }
  const metrics = [...COMPARE_METRICS, ...operationMetrics(runs.flat())];
  const rows = metrics.flatMap((metric) => {
    const row = compareRow(metric, runs);
    return row === undefined ? [] : [row];
  });
  const first = designs[0].header;
  const obstacles = designs.flatMap((d) => d.header.fluidObstacles ?? []);
  return {
    schemaVersion: COMPARE_SCHEMA_VERSION,
    kind: "faultline.compare",
    version: first.version,
    seed: first.seed,
    runs: first.runs,
    durationS: first.durationS,
    fidelity: first.fidelity,
    ...(obstacles.length > 0 ? { fluidObstacles: [...new Set(obstacles)] } : {}),
    designs: designs.map((design, index) => ({
      label: design.label,
      name: design.header.scenario.name,
      file: design.header.scenario.file,
      hash: design.header.scenario.hash,
      ...(design.header.scenario.variant === undefined ? {} : { variant: design.header.scenario.variant }),
      ...(design.header.scenario.overrides === undefined ? {} : { overrides: design.header.scenario.overrides }),
      tracesDigest: digest(runs[index].map((summary) => summary.traceHash)),
    })),
    rows,
    ...ninesOf(
      designs.map((d) => d.label),
      rows,
    ),
  };
}

/** The designs' price of a nine, read from the availability and infrastructure rows when every design has both. */
function ninesOf(labels: readonly string[], rows: readonly ComparisonRow[]): { nines?: DesignPrice[] } {
  const availability = rows.find((row) => row.key === "availability");
  const infrastructure = rows.find((row) => row.key === "infrastructurePerMonth");
  if (availability === undefined || infrastructure === undefined) return {};
  const designs = labels.map((label, i) => {
    const a = availability.designs[i];
    const c = infrastructure.designs[i];
    return a === null || c === null ? null : { label, availability: a.mean, infrastructurePerMonth: c.mean };
  });
  if (designs.some((d) => d === null)) return {};
  return { nines: priceOfNines(designs as NonNullable<(typeof designs)[number]>[]) };
}

/** The row of one figure, or undefined when no design's runs carry it. */
function compareRow(metric: CompareMetric, runs: readonly RunSummary[][]): ComparisonRow | undefined {
  const values = runs.map((design) => {
    const read = design.map((summary) => metric.read(summary));
    return read.every((value) => value !== undefined) ? (read as number[]) : null;
  });
  if (values.every((v) => v === null)) return undefined;
  const max = metric.unit === "share" || metric.unit === "runs" ? 1 : Number.POSITIVE_INFINITY;
  const designs = values.map((v) => (v === null ? null : clamped(meanInterval(v), max)));
  const differences = values.map((v, index) =>
    index === 0 || v === null || values[0] === null ? null : pairedDifference(values[0], v, metric.better),
  );
  return {
    key: metric.key,
    label: metric.label,
    unit: metric.unit,
    better: metric.better,
    designs,
    differences,
    winner: winnerOf(values, metric.better),
  };
}

/**
 * The mean of `other[r] − base[r]` over the runs, with its 95% Student-t interval: significant
 * when the interval excludes 0. Identical runs give exactly 0, 0, 0.
 */
export function pairedDifference(
  base: readonly number[],
  other: readonly number[],
  better: "higher" | "lower",
): PairedDifference {
  const estimate = meanInterval(other.map((value, r) => value - base[r]));
  const significant = estimate.low > 0 || estimate.high < 0;
  const sign = better === "higher" ? estimate.mean : -estimate.mean;
  const direction = sign > 0 ? "better" : sign < 0 ? "worse" : "same";
  return { ...estimate, significant, direction };
}

/** The best mean, significant only when its paired difference with every other design is. */
function winnerOf(values: readonly (number[] | null)[], better: "higher" | "lower"): ComparisonRow["winner"] {
  const present = values.flatMap((v, index) => (v === null ? [] : [{ index, v, mean: mean(v) }]));
  if (present.length < 2) return null;
  const best = present.reduce((a, b) => ((better === "higher" ? b.mean > a.mean : b.mean < a.mean) ? b : a));
  if (present.every((p) => p.mean === best.mean)) return null;
  const tied = present.filter((p) => p.mean === best.mean);
  const significant = present.every((p) => p.mean === best.mean || pairedDifference(p.v, best.v, better).significant);
  return { designs: tied.map((p) => p.index), significant };
}

/** A figure is at least 0 (a share at most 1): the interval's ends are clamped to what it can be. */
function clamped(estimate: MeanEstimate, max: number): MeanEstimate {
  return { ...estimate, low: Math.max(0, estimate.low), high: Math.min(max, estimate.high) };
}

function mean(values: readonly number[]): number {
  return meanInterval(values).mean;
}
