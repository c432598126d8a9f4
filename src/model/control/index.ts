// The control plane's reactions besides health checks and failover: alert rules, synthetic
// probes, the autoscaler and the rollout of changes (deploys and configuration pushes).
export { Alerting } from "./alerting.js";
export { Autoscaler } from "./autoscaler.js";
export { Probes } from "./probes.js";
export { type Change, type ChangeKind, Rollouts } from "./rollout.js";
