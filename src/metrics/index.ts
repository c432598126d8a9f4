// Public face of the metrics: pure readers of a finished run.
export { requestAvailability, timeBasedAvailability } from "./availability.js";
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
