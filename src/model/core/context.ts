// What every model component shares: the kernel, its named random streams, the trace, the
// recorder, the topology and the control-plane state.

import type { RandomStreams, Simulator, Trace } from "../../engine/index.js";
import type { ControlPlane } from "./control-plane.js";
import type { LazyChecks } from "./lazy-checks.js";
import type { NetworkConditions } from "./network.js";
import type { Recorder } from "./recorder.js";
import type { RequestPool } from "./requests.js";
import type { Topology } from "./topology.js";

export interface ModelContext {
  /** The run's own facts: when it ends, and the time of day at which it starts (µs since midnight). */
  run: { durationUs: number; startOfDayUs: number };
  sim: Simulator;
  streams: RandomStreams;
  trace: Trace;
  recorder: Recorder;
  topology: Topology;
  network: NetworkConditions;
  controlPlane: ControlPlane;
  requests: RequestPool;
  /** Periodic checks that sleep while nothing changes (enabled in the fluid fidelity only). */
  lazy: LazyChecks;
}

/**
 * Event priorities for same-time ties. Faults start before faults end, so a fault taking over
 * from another at the same instant leaves no moment without either (no blip up); then the world
 * settles what the faults of that instant changed together (clients redraw their next arrival
 * once, whatever order the faults came in); then control-plane checks; then traffic.
 */
export const Priority = { fault: 0, faultEnd: 1, settle: 2, control: 3, traffic: 4 } as const;
