// One run of a sweep, reduced to what the sweep's statistics need: a few numbers, whether each
// target held, and the run's downtime and lost writes attributed to the faults that caused them
// (ARCHITECTURE.md, "Sweeps"). This, not the whole RunResult, is what crosses from a worker thread
// and what a shard's partial file holds, so a year's trace never leaves the worker.

import { describeFault, type FaultFamily, faultKind } from "../faults/index.js";
import type { CostUsage } from "../metrics/index.js";
import type { LoadedScenario, RunResult } from "../scenario/index.js";

/** What an incident with no fault active at its start is attributed to. */
export const NO_FAULT = "no fault (load, or a slow recovery)";

export interface Attribution {
  /** The fault's label (`zone-outage us-east/a`), or NO_FAULT. */
  label: string;
  kind: string;
  family: FaultFamily | "none";
  /** Seconds of incidents this fault tipped (the latest fault to start when each began). */
  downtimeS: number;
  incidents: number;
  /** Acknowledged writes lost while it was the latest active fault. */
  lostWrites: number;
  /** How many times it happened in the run (null for a random process such as random crashes). */
  occurrences: number | null;
}

export interface RunSummary {
  /** The run's number in the sweep (0-based); its seed is the sweep's seed + run. */
  run: number;
  seed: number;
  traceHash: string;
  requests: { total: number; failed: number };
  /** Successful user requests / all user requests. */
  availability: number;
  /** Share of SLI windows in a good state. */
  availabilityTimeBased: number;
  /** Seconds inside incidents (their RTOs summed). */
  downtimeS: number;
  incidents: number;
  lostWrites: number;
  rpoMaxS: number;
  rtoMaxS: number;
  /** The longest time to detect an incident (0 without one). */
  ttdMaxS: number;
  /** Latency of successful requests; null in a fluid run, which simulates no request. */
  latencyMs: { p50: number; p99: number } | null;
  /** Per operation, when the run reports them (`byOperation`); absent otherwise. */
  operations?: OperationFigures[];
  /**
   * What the design costs per month (infrastructure and any priced failures), when the scenario
   * has a `cost:` section: compare's cost row (sweep/compare-metrics.ts).
   */
  costPerMonth?: number;
  /** Of which infrastructure (failures' prices left out): what a nine is priced against. */
  infrastructurePerMonth?: number;
  /** Each of the scenario's SLO targets in this run, in file order: its measured value and whether it held. */
  targets: { actual: number; pass: boolean }[];
  /** Per fault (and NO_FAULT when something happened with none active), in file order. */
  attribution: Attribution[];
  /** What the run used that a bill counts; only when the scenario has a `cost:` section. */
  usage?: CostUsage;
}

/** One operation's figures in one run (latency null in a fluid run). */
export interface OperationFigures {
  name: string;
  availability: number;
  latencyMs: { p50: number; p99: number } | null;
}

export function summarizeRun(scenario: LoadedScenario, result: RunResult, run: number): RunSummary {
  const labels = scenario.faults.map(describeFault);
  const rows = new Map<string, Attribution>();
  const rowOf = (label: string): Attribution => {
    let row = rows.get(label);
    if (row === undefined) {
      const index = labels.indexOf(label);
      const kind = index < 0 ? "none" : scenario.faults[index].kind;
      row = {
        label,
        kind,
        family: index < 0 ? "none" : faultKind(kind).family,
        downtimeS: 0,
        incidents: 0,
        lostWrites: 0,
        occurrences: 0,
      };
      rows.set(label, row);
    }
    return row;
  };
  // Every fault has a row, even one that never happened in this run (so shards line up).
  for (const label of labels) rowOf(label);
  for (const fault of result.faults) {
    const row = rowOf(fault.label);
    if (fault.startS < result.simulated.durationS && row.occurrences !== null) row.occurrences++;
  }
  // A random-crashes fault is one process over the run, whose crashes are not told apart from
  // other crashes: how often "it" happened means nothing (null, shown as "—"; null, not NaN, so
  // that a shard's JSON file says the same).
  for (const [index, fault] of scenario.faults.entries()) {
    if (faultKind(fault.kind).random === true) rowOf(labels[index]).occurrences = null;
  }
  for (const incident of result.incidents) {
    const row = rowOf(labels.includes(incident.cause[0]) ? incident.cause[0] : NO_FAULT);
    row.downtimeS += incident.rtoS;
    row.incidents++;
  }
  for (const loss of result.rpo.losses)
    rowOf(latestActiveAt(result, loss.atS) ?? NO_FAULT).lostWrites += loss.lostWrites;
  const fluid = result.simulated.fidelity === "fluid";
  return {
    run,
    seed: result.seed,
    traceHash: result.traceHash,
    requests: { total: result.requests.total, failed: result.requests.failed },
    availability: result.availability,
    availabilityTimeBased: result.availabilityTimeBased.ratio,
    downtimeS: result.incidents.reduce((total, incident) => total + incident.rtoS, 0),
    incidents: result.incidents.length,
    lostWrites: result.rpo.lostWrites,
    rpoMaxS: result.rpo.maxS,
    rtoMaxS: result.rto.maxS,
    ttdMaxS: result.ttd.maxS,
    latencyMs: fluid ? null : { p50: result.latencyMs.p50, p99: result.latencyMs.p99 },
    ...operationsOf(result),
    targets: result.slo.map((target) => ({ actual: target.actual, pass: target.pass })),
    attribution: [...rows.values()],
    ...(scenario.cost === undefined || result.cost === undefined
      ? {}
      : {
          usage: result.usage,
          costPerMonth: result.cost.monthlyTotal,
          infrastructurePerMonth: result.cost.infrastructureMonthly,
        }),
  };
}

/** Per-operation figures, when the workload declares operations (latency null in a fluid run). */
function operationsOf(result: RunResult): { operations?: OperationFigures[] } {
  if (result.byOperation.length === 0) return {};
  return {
    operations: result.byOperation.map((op) => ({
      name: op.operation,
      availability: op.availability,
      latencyMs: op.latencyMs === null ? null : { p50: op.latencyMs.p50, p99: op.latencyMs.p99 },
    })),
  };
}

/** The label of the fault that started last among those active at `atS` (a loss's failure time). */
function latestActiveAt(result: RunResult, atS: number): string | undefined {
  let latest: { label: string; startS: number } | undefined;
  for (const fault of result.faults) {
    // Reported times are rounded to the millisecond; a fault that began within it counts.
    const active = fault.startS <= atS + 0.001 && (fault.endS === null || fault.endS >= atS);
    if (active && (latest === undefined || fault.startS > latest.startS)) latest = fault;
  }
  return latest?.label;
}
