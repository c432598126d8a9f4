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
