// Regression checks against a baseline: each scenario's headline metrics (worst over its seeds)
// compared with a previous check's, metric by metric, with a relative tolerance.

import type { ScenarioVerdict } from "./suite.js";

export const BASELINE_METRICS = ["availability", "rpoS", "lostWrites", "rtoS", "ttdS", "latencyP99Ms"] as const;
export type BaselineMetric = (typeof BASELINE_METRICS)[number];
export type ScenarioSummary = Record<BaselineMetric, number>;

export interface MetricChange {
  scenario: string;
  metric: BaselineMetric;
  before: number;
  after: number;
  /** Worse by more than the tolerance. */
  regression: boolean;
  improvement: boolean;
}

export interface BaselineComparison {
  tolerance: number;
  changes: MetricChange[];
  /** Scenarios in the baseline that this check did not run, and new ones. */
  missing: string[];
  added: string[];
  regressions: number;
}

/** The worst value of each headline metric over a scenario's seeds. */
export function summarizeScenario(verdict: ScenarioVerdict): ScenarioSummary {
  const worst = (read: (run: ScenarioVerdict["runs"][number]) => number, higherIsBetter = false) => {
    const values = verdict.runs.map(read);
    return higherIsBetter ? Math.min(...values) : Math.max(...values);
  };
  return {
    availability: worst((run) => run.availability, true),
    rpoS: worst((run) => run.rpo.maxS),
    lostWrites: worst((run) => run.rpo.lostWrites),
    rtoS: worst((run) => run.rto.maxS),
    ttdS: worst((run) => run.ttd.maxS),
    latencyP99Ms: worst((run) => run.latencyMs.p99),
  };
}

const EPSILON = 1e-9;

/**
 * A metric regresses when it is worse than the baseline by more than `tolerance` of the
 * baseline's value (for availability, of its unavailability: 99.9% → 99.8% doubles it).
 */
export function compareWithBaseline(
  current: { name: string; summary: ScenarioSummary }[],
  baseline: { name: string; summary: ScenarioSummary }[],
  tolerance: number,
): BaselineComparison {
  const changes: MetricChange[] = [];
  const before = new Map(baseline.map((entry) => [entry.name, entry.summary]));
  for (const entry of current) {
    const old = before.get(entry.name);
    if (!old) continue;
    for (const metric of BASELINE_METRICS) {
      const was = old[metric];
      const now = entry.summary[metric];
      if (Math.abs(now - was) <= EPSILON) continue;
      const badness = (value: number) => (metric === "availability" ? 1 - value : value);
      const worse = badness(now) > badness(was) * (1 + tolerance) + EPSILON;
      const better = badness(now) < badness(was) - EPSILON;
      changes.push({ scenario: entry.name, metric, before: was, after: now, regression: worse, improvement: better });
    }
  }
  const names = new Set(current.map((entry) => entry.name));
  return {
    tolerance,
    changes,
    missing: baseline.map((entry) => entry.name).filter((name) => !names.has(name)),
    added: current.map((entry) => entry.name).filter((name) => !before.has(name)),
    regressions: changes.filter((change) => change.regression).length,
  };
}
