// Evaluates SLO targets and expectations against the measured metrics.

import { type Comparison, compare } from "../model/index.js";
import type { RunMetrics } from "./summary.js";

export interface TargetResult {
  name: string;
  target: string;
  actual: number;
  /** The measured value as a person would write it ("99.97%", "4.2s"). */
  actualText: string;
  pass: boolean;
}

type Unit = "fraction" | "seconds" | "milliseconds" | "count" | "ratio";

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

/** Metrics that are counted by the world rather than by the run's metrics object. */
export interface WorldCounts {
  promotions: number;
  dnsFailovers: number;
  breakerOpens: number;
  alertsFired: number;
  retryAmplification: number;
  backlogMax: number;
  backlogDrainS: number;
}

export function evaluateTargets(
  metrics: RunMetrics,
  counts: WorldCounts,
  targets: { name: string; target: Comparison }[],
): TargetResult[] {
  return targets.map(({ name, target }) => {
    const known = METRIC_VALUES[name];
    const actual = known ? known.read(metrics) : counts[name as keyof WorldCounts];
    const unit: Unit = known
      ? known.unit
      : name === "retryAmplification"
        ? "ratio"
        : name === "backlogDrainS"
          ? "seconds"
          : "count";
    return { name, target: target.text, actual, actualText: formatValue(actual, unit), pass: compare(actual, target) };
  });
}

export function formatValue(value: number, unit: Unit): string {
  switch (unit) {
    case "fraction":
      return `${trimNumber(value * 100, 4)}%`;
    case "seconds":
      return `${trimNumber(value, 3)}s`;
    case "milliseconds":
      return `${trimNumber(value, 3)}ms`;
    case "count":
      return String(value);
    case "ratio":
      return `${trimNumber(value, 3)}×`;
  }
}

function trimNumber(value: number, decimals: number): string {
  return String(Number(value.toFixed(decimals)));
}
