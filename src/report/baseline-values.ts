// Baseline metrics as a person reads them, the same in every report: a value in the metric's
// own form, and a before → after pair with as many digits as it takes to tell the two apart (a
// regression from 1 to 4 failures in 10 million requests reads 99.99999057% → 99.99996226%,
// never "100% → 100%").

import { formatValue } from "../metrics/index.js";
import type { BaselineMetric, MetricChange } from "../scenario/index.js";
import { formatCount, formatDuration, formatPercent } from "./format.js";

/** A baseline metric's value as a person would write it. */
export function formatBaselineValue(metric: BaselineMetric, value: number): string {
  switch (metric) {
    case "availability":
      return formatPercent(value);
    case "rpoS":
    case "rtoS":
    case "ttdS":
      return formatDuration(value);
    case "lostWrites":
      return formatCount(value);
    case "latencyP99Ms":
      return formatValue(value, "milliseconds");
  }
}

const MAX_DECIMALS = 15;

/** Before and after, each as formatBaselineValue writes it unless that hides their difference. */
export function formatBaselineChange(change: Pick<MetricChange, "metric" | "before" | "after">): {
  before: string;
  after: string;
} {
  const { metric, before, after } = change;
  const usual = { before: formatBaselineValue(metric, before), after: formatBaselineValue(metric, after) };
  if (usual.before !== usual.after || before === after) return usual;
  for (let decimals = 1; decimals <= MAX_DECIMALS; decimals++) {
    const precise = {
      before: formatPrecisely(metric, before, decimals),
      after: formatPrecisely(metric, after, decimals),
    };
    if (precise.before !== precise.after) return precise;
  }
  return { before: String(before), after: String(after) };
}

/** The metric in the unit its usual form uses, with a fixed number of decimals more. */
function formatPrecisely(metric: BaselineMetric, value: number, decimals: number): string {
  const fixed = (x: number, d: number) => String(Number(x.toFixed(d)));
  switch (metric) {
    case "availability":
      return `${fixed(value * 100, 4 + decimals)}%`;
    case "rpoS":
    case "rtoS":
    case "ttdS":
      return value < 1 ? `${fixed(value * 1000, decimals)}ms` : `${fixed(value, 3 + decimals)}s`;
    case "lostWrites":
      return fixed(value, decimals);
    case "latencyP99Ms":
      return `${fixed(value, 3 + decimals)}ms`;
  }
}
