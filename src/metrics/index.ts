// Public face of the metrics: pure readers of a finished run.
export { requestAvailability, timeBasedAvailability } from "./availability.js";
export {
  BYTES_PER_GB,
  type CostAssumptions,
  type CostItem,
  type CostReport,
  type CostUsage,
  MONTH_HOURS,
  meanUsage,
  type PriceName,
  type Prices,
  priceUsage,
} from "./cost.js";
export { findIncidents } from "./incidents.js";
export {
  type MeanEstimate,
  meanInterval,
  oneSidedBound,
  type ProportionEstimate,
  proportionInterval,
  quantile,
} from "./statistics.js";
export {
  type ClientRegionBreakdown,
  computeMetrics,
  type LatencySummary,
  type OperationBreakdown,
  type OperationInfo,
  type RunMetrics,
  type TimelinePoint,
} from "./summary.js";
export {
  evaluateTargets,
  formatValue,
  type RunSpan,
  type TargetResult,
  targetLabel,
  type Unit,
  type WorldCounts,
} from "./targets.js";
export type { FaultInterval, Incident, MetricsOptions, RtoPhases, RunRecord } from "./types.js";
