// Public face of sweeps: many runs of one scenario, their statistics, shards and merge.

export {
  type MeanEstimate,
  meanInterval,
  type ProportionEstimate,
  proportionInterval,
  quantile,
} from "../metrics/index.js";
export {
  aggregateSweep,
  type BudgetRow,
  type FigureSummary,
  SWEEP_SCHEMA_VERSION,
  type SweepHeader,
  type SweepResult,
  type TargetSummary,
  YEAR_S,
} from "./aggregate.js";
export {
  COMPARE_SCHEMA_VERSION,
  type ComparisonResult,
  type ComparisonRow,
  compareDesigns,
  type DesignRuns,
  type PairedDifference,
  pairedDifference,
} from "./compare.js";
export { COMPARE_METRICS, type CompareMetric, type CompareUnit } from "./compare-metrics.js";
export { type DesignPrice, priceOfNines } from "./nines.js";
export {
  type Attribution,
  NO_FAULT,
  type OperationFigures,
  type RunSummary,
  summarizeRun,
} from "./run-summary.js";
export {
  MergeError,
  mergePartials,
  PARTIAL_KIND,
  parseShard,
  type Shard,
  type SweepPartial,
  shardRuns,
} from "./shards.js";
export { runSweepRun, sweepHeader } from "./sweep.js";
