// The control-plane state — component health, load-balancer membership, DNS answers, database
// roles, alerts — held as an immutable snapshot and changed with immer. Changes are rare, so
// immer stays out of the hot path; the recorded patches are the run's scrubbable timeline.

import { enablePatches, type Patch, produceWithPatches } from "immer";
import type { Trace } from "../../engine/index.js";
import type { ReplicaMode } from "./config.js";
import { emit, type TraceEvent } from "./trace-catalogue.js";

enablePatches();

/** "absent": an autoscaling slot with no instance in it (never provisioned, or removed). */
export type ComponentStatus = "up" | "down" | "absent";

export interface ControlPlaneState {
  /** Every node, zone and region by id. */
  components: Record<string, ComponentStatus>;
  /** Load-balancer membership: `lb/<service>/<region>` → target id → in rotation or not. */
  loadBalancers: Record<string, Record<string, boolean>>;
  /** DNS answers: `<service>` → client region → serving region. */
  dns: Record<string, Record<string, string>>;
  /** Database roles: database → primary zone, whether a failover is in progress, and each replica's mode and lag. */
  databases: Record<string, DatabaseView>;
  alerts: Record<string, "ok" | "firing">;
}

export interface DatabaseView {
  primary: string;
  failingOver: boolean;
  /** Replica zone → how it replicates (the primary is not listed). */
  replicas: Record<string, { mode: ReplicaMode; lagS: number }>;
}

export interface TimelineStep {
  timeUs: number;
  patches: Patch[];
  inversePatches: Patch[];
}

export class ControlPlane {
  state: ControlPlaneState;
  readonly initial: ControlPlaneState;
  readonly timeline: TimelineStep[] = [];

  constructor(
    initial: ControlPlaneState,
    private readonly trace: Trace,
  ) {
    this.state = initial;
    this.initial = initial;
  }

  /** Applies a change, records its patches and the matching trace record. */
  change(timeUs: number, event: TraceEvent, recipe: (draft: ControlPlaneState) => void): void {
    const [next, patches, inversePatches] = produceWithPatches(this.state, recipe);
    emit(this.trace, timeUs, event);
    if (patches.length === 0) return;
    this.state = next;
    this.timeline.push({ timeUs, patches, inversePatches });
  }
}
