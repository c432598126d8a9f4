// Public face of the simulated world.
export { type Comparison, type ComparisonOperator, compare } from "./comparison.js";
export type * from "./config.js";
export { type ModelContext, Priority } from "./context.js";
export {
  type ComponentStatus,
  ControlPlane,
  type ControlPlaneState,
  type DatabaseView,
  type TimelineStep,
} from "./control-plane.js";
export type { DataLoss } from "./data-loss.js";
export { type Effect, effectTarget, type Lever } from "./effects.js";
export type { ExternalStats } from "./externals.js";
export { bucketMidpointUs, bucketOf, HISTOGRAM_BUCKETS, quantileUs } from "./histogram.js";
export { type LeverReadout, readLevers } from "./lever-readout.js";
export { type NetworkRule, RETRANSMIT_US, retransmissionDelayUs } from "./network.js";
export { FAILURE_REASONS, type FailureReason, Recorder } from "./recorder.js";
export { BURST_TRACE_KINDS } from "./trace-kinds.js";
export { rateOf } from "./workload.js";
export { World } from "./world.js";
