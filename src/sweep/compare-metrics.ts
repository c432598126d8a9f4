// What `faultline compare` sets side by side, one entry per row: how to read the figure from a
// run's summary and which way is better. A row whose figure no design's runs carry is left out
// (latencies in a fluid comparison, per-operation rows without operations, cost until runs are
// priced), so adding a figure to the summaries and a line here is all a new row takes.

import type { RunSummary } from "./run-summary.js";

/** `share`: a ratio such as availability (to a hundredth of a basis point); `runs`: a share of runs (to 0.1%). */
export type CompareUnit = "share" | "runs" | "minutes" | "seconds" | "count" | "ms" | "money";

export interface CompareMetric {
  key: string;
  label: string;
  unit: CompareUnit;
  better: "higher" | "lower";
  /** The run's figure; undefined when the run does not have it (the row is then left out). */
  read(summary: RunSummary): number | undefined;
}

/** The fixed rows, in the order the table shows them. */
export const COMPARE_METRICS: readonly CompareMetric[] = [
  { key: "availability", label: "availability", unit: "share", better: "higher", read: (s) => s.availability },
  {
    key: "targetsMet",
    label: "runs meeting every target",
    unit: "runs",
    better: "higher",
    read: (s) => (s.targets.length === 0 ? undefined : s.targets.every((t) => t.pass) ? 1 : 0),
  },
  { key: "downtimeMin", label: "downtime", unit: "minutes", better: "lower", read: (s) => s.downtimeS / 60 },
  { key: "incidents", label: "incidents", unit: "count", better: "lower", read: (s) => s.incidents },
  { key: "lostWrites", label: "lost writes", unit: "count", better: "lower", read: (s) => s.lostWrites },
  { key: "rpoMaxS", label: "worst RPO", unit: "seconds", better: "lower", read: (s) => s.rpoMaxS },
  { key: "rtoMaxS", label: "worst RTO", unit: "seconds", better: "lower", read: (s) => s.rtoMaxS },
  { key: "ttdMaxS", label: "worst time to detect", unit: "seconds", better: "lower", read: (s) => s.ttdMaxS },
  { key: "latencyP50Ms", label: "latency p50", unit: "ms", better: "lower", read: (s) => s.latencyMs?.p50 },
  { key: "latencyP99Ms", label: "latency p99", unit: "ms", better: "lower", read: (s) => s.latencyMs?.p99 },
  // Only priced runs (a `cost:` section) carry these: the rows then appear by themselves.
  { key: "costPerMonth", label: "cost per month", unit: "money", better: "lower", read: (s) => s.costPerMonth },
  {
    key: "infrastructurePerMonth",
    label: "infrastructure per month",
    unit: "money",
    better: "lower",
    read: (s) => s.infrastructurePerMonth,
  },
];

/** Per-operation rows (availability, p50, p99 of each), for the operations the runs report. */
export function operationMetrics(summaries: readonly RunSummary[]): CompareMetric[] {
  const names: string[] = [];
  for (const summary of summaries)
    for (const op of summary.operations ?? []) if (!names.includes(op.name)) names.push(op.name);
  const of = (s: RunSummary, name: string) => s.operations?.find((op) => op.name === name);
  return names.flatMap((name): CompareMetric[] => [
    {
      key: `operation:${name}:availability`,
      label: `${name}: availability`,
      unit: "share",
      better: "higher",
      read: (s) => of(s, name)?.availability,
    },
    {
      key: `operation:${name}:latencyP50Ms`,
      label: `${name}: latency p50`,
      unit: "ms",
      better: "lower",
      read: (s) => of(s, name)?.latencyMs?.p50,
    },
    {
      key: `operation:${name}:latencyP99Ms`,
      label: `${name}: latency p99`,
      unit: "ms",
      better: "lower",
      read: (s) => of(s, name)?.latencyMs?.p99,
    },
  ]);
}
