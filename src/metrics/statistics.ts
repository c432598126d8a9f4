// Statistics over runs (sweeps and checks over seeds; ARCHITECTURE.md, "Sweeps"): a mean with its
// Student-t confidence interval, quantiles, and a proportion with its Wilson and Clopper-Pearson
// intervals, or the rule of three when nothing (or everything) happened. The distributions'
// quantile functions come from jstat.

import jstat from "jstat";

const { jStat } = jstat;

export interface MeanEstimate {
  mean: number;
  /** Two-sided confidence interval of the mean; [mean, mean] from fewer than two runs. */
  low: number;
  high: number;
  /** Sample standard deviation (0 from fewer than two runs). */
  sd: number;
}

/** The mean and its two-sided `confidence` interval by Student's t with n − 1 degrees of freedom. */
export function meanInterval(values: readonly number[], confidence = 0.95): MeanEstimate {
  const n = values.length;
  if (n === 0) return { mean: Number.NaN, low: Number.NaN, high: Number.NaN, sd: Number.NaN };
  const mean = sum(values) / n;
  if (n < 2) return { mean, low: mean, high: mean, sd: 0 };
  const variance = values.reduce((total, value) => total + (value - mean) ** 2, 0) / (n - 1);
  const sd = Math.sqrt(variance);
  const half = jStat.studentt.inv(1 - (1 - confidence) / 2, n - 1) * (sd / Math.sqrt(n));
  return { mean, low: mean - half, high: mean + half, sd };
}

/**
 * The one-sided `confidence` bound of the mean: the lower bound for a figure that must be at
 * least something, the upper for one that must be at most (Student's t, n − 1 degrees of freedom).
 * From fewer than two values, the value itself (nothing to widen it by).
 */
export function oneSidedBound(values: readonly number[], confidence: number, side: "lower" | "upper"): number {
  const estimate = meanInterval(values);
  if (values.length < 2) return estimate.mean;
  const half = jStat.studentt.inv(confidence, values.length - 1) * (estimate.sd / Math.sqrt(values.length));
  return side === "lower" ? estimate.mean - half : estimate.mean + half;
}

/**
 * The p-quantile (0..1) of `values` by linear interpolation between order statistics (Hyndman
 * and Fan's type 7, the default of R and NumPy): the median of [1, 2, 3, 4] is 2.5.
 */
export function quantile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const position = (sorted.length - 1) * p;
  const below = Math.floor(position);
  const above = Math.min(sorted.length - 1, below + 1);
  return sorted[below] + (sorted[above] - sorted[below]) * (position - below);
}

export interface ProportionEstimate {
  successes: number;
  trials: number;
  /** successes / trials. */
  estimate: number;
  /** Wilson score interval: good coverage even near 0 and 1, where the normal interval is not. */
  wilson: [number, number];
  /** Clopper-Pearson: exact (never covers less than `confidence`), wider. */
  exact: [number, number];
  /**
   * When every trial succeeded (or none did), the rule of three: with 95% confidence the rate of
   * the outcome never seen is below 3 / n. Undefined otherwise.
   */
  ruleOfThree?: number;
}

export function proportionInterval(successes: number, trials: number, confidence = 0.95): ProportionEstimate {
  if (trials === 0) {
    return { successes, trials, estimate: Number.NaN, wilson: [0, 1], exact: [0, 1] };
  }
  const estimate = successes / trials;
  const z = jStat.normal.inv(1 - (1 - confidence) / 2, 0, 1);
  const z2 = z * z;
  const centre = (estimate + z2 / (2 * trials)) / (1 + z2 / trials);
  const half = (z / (1 + z2 / trials)) * Math.sqrt((estimate * (1 - estimate)) / trials + z2 / (4 * trials * trials));
  const alpha = 1 - confidence;
  const exactLow = successes === 0 ? 0 : jStat.beta.inv(alpha / 2, successes, trials - successes + 1);
  const exactHigh = successes === trials ? 1 : jStat.beta.inv(1 - alpha / 2, successes + 1, trials - successes);
  const result: ProportionEstimate = {
    successes,
    trials,
    estimate,
    wilson: [Math.max(0, centre - half), Math.min(1, centre + half)],
    exact: [exactLow, exactHigh],
  };
  if (successes === 0 || successes === trials) result.ruleOfThree = Math.min(1, 3 / trials);
  return result;
}

/** Callers pass values in run order, never arrival order, so the floating-point sum is the same for any number of workers or shards. */
function sum(values: readonly number[]): number {
  return values.reduce((total, value) => total + value, 0);
}
