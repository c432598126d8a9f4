// Everything the UI derives from a finished run, computed once before the first frame: the
// story, the control-plane index, the topology's shape, fault intervals and failover outcomes.

import { formatClock } from "../engine/index.js";
import type { RunResult } from "../scenario/index.js";
import { ControlPlaneIndex } from "./control-plane-index.js";
import { buildStory, type StoryEvent, storyTimes } from "./story.js";
import { type TopologyShape, type TopologyView, topologyAt, topologyShape } from "./topology-model.js";

export interface FaultInterval {
  label: string;
  startUs: number;
  /** Null: active to the end of the run. */
  endUs: number | null;
}

export interface PreparedRun {
  result: RunResult;
  durationUs: number;
  startOfDayUs: number;
  story: StoryEvent[];
  /** Distinct story times, ascending: where ←/→ stop. */
  storyTimesUs: number[];
  controlPlane: ControlPlaneIndex;
  shape: TopologyShape;
  faults: FaultInterval[];
  /** How each failover ended, in time order: the node promoted, or none. */
  failoverOutcomes: { timeUs: number; database: string; promoted?: string }[];
  /** Where playback starts: a little before the first notable event, skipping quiet hours. */
  openingUs: number;
}

export interface PrepareOptions {
  /** How much calm to show before the first notable event (default 2 minutes). */
  leadInUs?: number;
}

export const LEAD_IN_US = 120_000_000;

export function prepareRun(result: RunResult, options: PrepareOptions = {}): PreparedRun {
  const durationUs = Math.round(result.simulated.durationS * 1e6);
  const story = buildStory(result);
  const first = story[0]?.timeUs;
  const leadInUs = options.leadInUs ?? LEAD_IN_US;
  return {
    result,
    durationUs,
    startOfDayUs: Math.round(result.simulated.startOfDayS * 1e6),
    story,
    storyTimesUs: storyTimes(story),
    controlPlane: new ControlPlaneIndex(result.controlPlane.initial, result.controlPlane.timeline),
    shape: topologyShape(result.controlPlane.initial),
    faults: faultIntervals(result),
    failoverOutcomes: failoverOutcomes(result),
    openingUs: first === undefined ? 0 : Math.max(0, Math.min(durationUs, first - leadInUs)),
  };
}

/** `02:03:17`: simulated time as a time of day. */
export function clockAt(run: PreparedRun, timeUs: number): string {
  return formatClock(timeUs, run.startOfDayUs);
}

export function topologyAtTime(run: PreparedRun, timeUs: number): TopologyView {
  const state = run.controlPlane.stateAt(timeUs);
  return topologyAt(run.shape, state, (database) => {
    const next = run.failoverOutcomes.find((o) => o.database === database && o.timeUs > timeUs);
    return next?.promoted;
  });
}

function faultIntervals(result: RunResult): FaultInterval[] {
  const faults: FaultInterval[] = [];
  const open = new Map<string, FaultInterval>();
  for (const event of result.events) {
    if (event.kind === "fault.started") {
      const fault = { label: event.subject, startUs: event.timeUs, endUs: null };
      faults.push(fault);
      open.set(event.detail ?? event.subject, fault);
    } else if (event.kind === "fault.ended") {
      const fault = open.get(event.detail ?? event.subject);
      if (fault) fault.endUs = event.timeUs;
    }
  }
  return faults;
}

function failoverOutcomes(result: RunResult): PreparedRun["failoverOutcomes"] {
  const outcomes: PreparedRun["failoverOutcomes"] = [];
  for (const event of result.events) {
    if (event.kind === "db.promoted") {
      outcomes.push({ timeUs: event.timeUs, database: event.subject.split("/")[0], promoted: event.subject });
    } else if (event.kind === "db.failoverCancelled") {
      outcomes.push({ timeUs: event.timeUs, database: event.subject.split("/")[0] });
    } else if (event.kind === "db.promotionFailed") {
      outcomes.push({ timeUs: event.timeUs, database: event.subject });
    }
  }
  return outcomes;
}
