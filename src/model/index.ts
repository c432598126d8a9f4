// Public face of the simulated world.
export { countAtOrBelow } from "./core/bisect.js";
export { type Comparison, type ComparisonOperator, compare } from "./core/comparison.js";
export type * from "./core/config.js";
export { type ModelContext, Priority } from "./core/context.js";
export {
  type ComponentStatus,
  ControlPlane,
  type ControlPlaneState,
  type DatabaseView,
  type TimelineStep,
} from "./core/control-plane.js";
export { bucketMidpointUs, bucketOf, HISTOGRAM_BUCKETS, quantileUs } from "./core/histogram.js";
export { type NetworkRule, RETRANSMIT_US, retransmissionDelayUs } from "./core/network.js";
export { FAILURE_REASONS, type FailureReason, Recorder } from "./core/recorder.js";
export {
  detailOf,
  emit,
  kindsWhere,
  REACTIONS,
  type Reaction,
  recordOf,
  TRACE_CATALOGUE,
  type TraceEvent,
  type TraceKind,
  type TracePayloads,
  type TypedTraceRecord,
} from "./core/trace-catalogue.js";
export type { DataLoss } from "./data/data-loss.js";
export type { ExternalStats } from "./dependencies/externals.js";
export { type Effect, effectTarget, type Lever } from "./levers/effects.js";
export { type LeverReadout, readLevers } from "./levers/lever-readout.js";
export { type CacheReadout, type ChannelReadout, readWorld, type WorldReadout } from "./readout.js";
export { rateOf } from "./traffic/workload.js";
export { World } from "./world.js";
