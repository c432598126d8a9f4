// What every model component shares: the kernel, its named random streams, the trace, the
// recorder, the topology and the control-plane state.

import type { RandomStreams, Simulator, Trace } from "../../engine/index.js";
import type { ControlPlane } from "./control-plane.js";
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
}

/** Event priorities for same-time ties: faults first, then control-plane checks, then traffic. */
export const Priority = { fault: 0, control: 1, traffic: 2 } as const;
