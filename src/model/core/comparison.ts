// A bound on a measured value ("<= 5s", ">= 99.9%"), already converted to the metric's unit.

export type ComparisonOperator = "<" | "<=" | ">" | ">=" | "==";

export interface Comparison {
  operator: ComparisonOperator;
  /** The bound in the metric's base unit (fraction, seconds, milliseconds or a count). */
  value: number;
  /** The text as written, for reports. */
  text: string;
  /**
   * Over several seeds, which percentile of the measured values must satisfy the bound (5 for
   * "at p5"). Without it, every seed must.
   */
  percentile?: number;
  /**
   * "per 30d", "per year": the SLO period. A scripted run shorter than the period is judged on the
   * error budget it consumes (the rest of the period assumed met); a run of random failures, a
   * sample of the steady state, on its own value.
   */
  period?: { us: number; text: string };
  /**
   * "with 95% confidence": over several runs, judged on the one-sided bound of the mean (the lower
   * for ">=", the upper for "<="), not on the mean itself.
   */
  confidence?: number;
}

export function compare(actual: number, comparison: Comparison): boolean {
  switch (comparison.operator) {
    case "<":
      return actual < comparison.value;
    case "<=":
      return actual <= comparison.value;
    case ">":
      return actual > comparison.value;
    case ">=":
      return actual >= comparison.value;
    case "==":
      return actual === comparison.value;
  }
}
