// The control-plane state at any instant, from the run's immer snapshot and patches: a checkpoint
// every N steps plus a few applyPatches, so scrubbing backwards is as cheap and exact as forwards.

import { applyPatches, type Patch } from "immer";
import type { ControlPlaneState, TimelineStep } from "../model/index.js";

export const CHECKPOINT_EVERY = 32;

export class ControlPlaneIndex {
  private readonly checkpoints: ControlPlaneState[];
  private cached: { steps: number; state: ControlPlaneState };

  constructor(
    readonly initial: ControlPlaneState,
    readonly timeline: readonly TimelineStep[],
    readonly every = CHECKPOINT_EVERY,
  ) {
    if (!Number.isInteger(every) || every < 1) throw new Error(`checkpoint interval must be ≥ 1, got ${every}`);
    this.checkpoints = [initial];
    let state = initial;
    for (let start = 0; start + every <= timeline.length; start += every) {
      state = applyPatches(state, patchesOf(timeline, start, start + every));
      this.checkpoints.push(state);
    }
    this.cached = { steps: 0, state: initial };
  }

  /** How many recorded steps happened at or before `timeUs`. */
  stepsAt(timeUs: number): number {
    let lo = 0;
    let hi = this.timeline.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.timeline[mid].timeUs <= timeUs) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** The state after every change at or before `timeUs`. */
  stateAt(timeUs: number): ControlPlaneState {
    return this.stateAfter(this.stepsAt(timeUs));
  }

  /** The state after the first `steps` recorded changes. */
  stateAfter(steps: number): ControlPlaneState {
    const n = Math.max(0, Math.min(this.timeline.length, Math.floor(steps)));
    if (n === this.cached.steps) return this.cached.state;
    const k = Math.floor(n / this.every);
    const from = k * this.every;
    const state =
      from === n ? this.checkpoints[k] : applyPatches(this.checkpoints[k], patchesOf(this.timeline, from, n));
    this.cached = { steps: n, state };
    return state;
  }
}

function patchesOf(timeline: readonly TimelineStep[], from: number, to: number): Patch[] {
  const patches: Patch[] = [];
  for (let i = from; i < to; i++) patches.push(...timeline[i].patches);
  return patches;
}
