// Evaluates SLO targets and expectations against the measured metrics.

import { type Comparison, compare } from "../model/index.js";
import type { OperationBreakdown, RunMetrics } from "./summary.js";

export interface TargetResult {
  /** What it bounds, as a person reads it: the metric, after the operation's name when it has one. */
  name: string;
  /** The metric's key (availability, lostWrites, …), without the operation. */
  metric: string;
  /** The operation whose requests it judges (absent: the whole run's). */
  operation?: string;
  target: string;
  actual: number;
  /** The measured value as a person would write it ("99.97%", "4.2s"). */
  actualText: string;
  pass: boolean;
  /** The unit of `actual`. */
  unit: Unit;
  /** For a target with a period: the share of the period's error budget used (1 = all of it). */
  budgetUsed?: number;
}

export type Unit = "fraction" | "seconds" | "milliseconds" | "count" | "ratio" | "money";

const METRIC_VALUES: Record<string, { unit: Unit; read: (m: RunMetrics) => number }> = {
  availability: { unit: "fraction", read: (m) => m.availability },
  rpo: { unit: "seconds", read: (m) => m.rpo.maxS },
  rpoS: { unit: "seconds", read: (m) => m.rpo.maxS },
  rto: { unit: "seconds", read: (m) => m.rto.maxS },
  rtoS: { unit: "seconds", read: (m) => m.rto.maxS },
  ttd: { unit: "seconds", read: (m) => m.ttd.maxS },
  ttdS: { unit: "seconds", read: (m) => m.ttd.maxS },
  latencyP99: { unit: "milliseconds", read: (m) => m.latencyMs.p99 },
  lostWrites: { unit: "count", read: (m) => m.rpo.lostWrites },
  incidents: { unit: "count", read: (m) => m.incidents.length },
  failedRequests: { unit: "count", read: (m) => m.requests.failed },
  latencyMeanMs: { unit: "milliseconds", read: (m) => m.latencyMs.mean },
  latencyP50Ms: { unit: "milliseconds", read: (m) => m.latencyMs.p50 },
  latencyP95Ms: { unit: "milliseconds", read: (m) => m.latencyMs.p95 },
  latencyP99Ms: { unit: "milliseconds", read: (m) => m.latencyMs.p99 },
  latencyMaxMs: { unit: "milliseconds", read: (m) => m.latencyMs.max },
  degradedRequests: { unit: "count", read: (m) => m.requests.degraded },
};

/**
 * What a target on one operation reads (ARCHITECTURE.md, "Operations"): the same metrics, of its
 * requests only. A latency is 0 where none was measured (a fluid run), as the whole run's is.
 */
const OPERATION_VALUES: Record<string, { unit: Unit; read: (row: OperationBreakdown) => number }> = {
  availability: { unit: "fraction", read: (row) => row.availability },
  latencyP99: { unit: "milliseconds", read: (row) => row.latencyMs?.p99 ?? 0 },
  failedRequests: { unit: "count", read: (row) => row.failed },
  degradedRequests: { unit: "count", read: (row) => row.degraded },
  lostWrites: { unit: "count", read: (row) => row.lostWrites },
  latencyMeanMs: { unit: "milliseconds", read: (row) => row.latencyMs?.mean ?? 0 },
  latencyP50Ms: { unit: "milliseconds", read: (row) => row.latencyMs?.p50 ?? 0 },
  latencyP95Ms: { unit: "milliseconds", read: (row) => row.latencyMs?.p95 ?? 0 },
  latencyP99Ms: { unit: "milliseconds", read: (row) => row.latencyMs?.p99 ?? 0 },
  latencyMaxMs: { unit: "milliseconds", read: (row) => row.latencyMs?.max ?? 0 },
};

/** A target's name as reports show it: `create-payment availability`, or the metric alone. */
export function targetLabel(metric: string, operation?: string): string {
  return operation === undefined ? metric : `${operation} ${metric}`;
}

/** Metrics that are counted by the world rather than by the run's metrics object. */
export interface WorldCounts {
  promotions: number;
  dnsFailovers: number;
  breakerOpens: number;
  alertsFired: number;
  retryAmplification: number;
  backlogMax: number;
  backlogDrainS: number;
  /** The run's cost per month (README, "Cost"); NaN without a `cost:` section, which a cost target requires. */
  costPerMonth: number;
}

/** What a target with a period needs to know of the run. */
export interface RunSpan {
  durationS: number;
  /**
   * The run samples a steady state (its faults recur at random): its value stands for any period.
   * Otherwise it is a scripted episode, judged on the share of the period's budget it consumes.
   */
  steadyState: boolean;
}

export function evaluateTargets(
  metrics: RunMetrics,
  counts: WorldCounts,
  targets: { name: string; target: Comparison; operation?: string }[],
  span: RunSpan = { durationS: 0, steadyState: true },
): TargetResult[] {
  return targets.map(({ name, target, operation }) => {
    const row = operation === undefined ? undefined : metrics.byOperation.find((r) => r.operation === operation);
    const own = operation === undefined ? undefined : OPERATION_VALUES[name];
    if (operation !== undefined && (row === undefined || own === undefined))
      throw new Error(`no ${name} is measured for operation ${operation}`);
    const whole = METRIC_VALUES[name];
    const measured =
      own !== undefined && row !== undefined
        ? own.read(row)
        : whole
          ? whole.read(metrics)
          : counts[(name === "cost" ? "costPerMonth" : name) as keyof WorldCounts];
    const known = own ?? whole;
    const periodS = target.period === undefined ? undefined : target.period.us / 1e6;
    // A scripted 1-hour incident is a small share of a 30-day budget, not a failed 1-hour window:
    // the rest of the period is assumed met (ARCHITECTURE.md, "Metrics").
    const episode = periodS !== undefined && !span.steadyState && span.durationS < periodS;
    const actual = episode ? 1 - ((1 - measured) * span.durationS) / periodS : measured;
    const budgetUsed = periodS === undefined || target.value >= 1 ? undefined : (1 - actual) / (1 - target.value);
    const unit: Unit = known
      ? known.unit
      : name === "retryAmplification"
        ? "ratio"
        : name === "cost"
          ? "money"
          : name === "backlogDrainS"
            ? "seconds"
            : "count";
    return {
      name: targetLabel(name, operation),
      metric: name,
      ...(operation === undefined ? {} : { operation }),
      target: target.text,
      actual,
      actualText: formatValue(actual, unit, target.value),
      unit,
      pass: compare(actual, target),
      ...(budgetUsed === undefined ? {} : { budgetUsed }),
    };
  });
}

/** Decimals each unit is shown with (of a percent, for fractions). */
const DECIMALS: Record<Exclude<Unit, "count">, number> = {
  fraction: 4,
  seconds: 3,
  milliseconds: 3,
  ratio: 3,
  money: 2,
};
const DECIMALS_MAX = 15;

/**
 * The value as a person would write it. With `bound`, the value measured against it: as many
 * more decimals as it takes for the two to read differently whenever they differ — and since
 * rounding keeps order, never on the wrong side of the bound (99.999985% against ">= 99.99999%",
 * not 100%).
 */
export function formatValue(value: number, unit: Unit, bound?: number): string {
  if (unit === "count") return String(value);
  const usual = formatAt(value, unit, DECIMALS[unit]);
  if (bound === undefined || value === bound || !Number.isFinite(value) || !Number.isFinite(bound)) return usual;
  for (let decimals = DECIMALS[unit]; decimals <= DECIMALS_MAX; decimals++) {
    const text = formatAt(value, unit, decimals);
    if (text !== formatAt(bound, unit, decimals)) return text;
  }
  // Closer than fifteen decimals (a tiny bound): every significant digit the number has.
  const scaled = unit === "fraction" ? value * 100 : value;
  return formatAt(value, unit, DECIMALS[unit]).replace(/^[-\d.e+]+/, String(scaled));
}

function formatAt(value: number, unit: Exclude<Unit, "count">, decimals: number): string {
  switch (unit) {
    case "fraction":
      return `${trimNumber(value * 100, decimals)}%`;
    case "seconds":
      return `${trimNumber(value, decimals)}s`;
    case "milliseconds":
      return `${trimNumber(value, decimals)}ms`;
    case "ratio":
      return `${trimNumber(value, decimals)}×`;
    case "money":
      return `${trimNumber(value, decimals)}/month`;
  }
}

function trimNumber(value: number, decimals: number): string {
  if (decimals <= 4) return String(Number(value.toFixed(decimals)));
  // Past the usual decimals, trim the zeros by hand: String() would write 1e-7 for 0.0000001.
  const fixed = value.toFixed(decimals).replace(/\.?0+$/, "");
  return fixed === "-0" ? "0" : fixed;
}
