// What every model component shares: the kernel, its named random streams, the trace, the
// recorder, the topology and the control-plane state.

import type { RandomStreams, Simulator, Trace } from "../engine/index.js";
import type { WorldConfig } from "./config.js";
import type { ControlPlane } from "./control-plane.js";
import type { NetworkConditions } from "./network.js";
import type { Recorder } from "./recorder.js";
import type { RequestPool } from "./requests.js";
import type { Topology } from "./topology.js";

export interface ModelContext {
  config: WorldConfig;
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
