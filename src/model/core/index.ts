// The model's shared plumbing: the context every component gets, the design's configuration
// types, the topology and network conditions, the recorder, the request pool, the control-plane
// state, folded levers, and small data structures (histogram, growable log).
export * from "./bisect.js";
export * from "./comparison.js";
export type * from "./config.js";
export * from "./context.js";
export * from "./control-plane.js";
export * from "./fluid-series.js";
export * from "./folded-lever.js";
export * from "./growable-log.js";
export * from "./histogram.js";
export * from "./lazy-checks.js";
export * from "./network.js";
export * from "./recorder.js";
export * from "./requests.js";
export * from "./topology.js";
export * from "./trace-catalogue.js";
export * from "./writer-classes.js";
