// Everything the UI derives from a finished run, computed once before the first frame: the
// story, the control-plane index, the trace's reactions (breakers, booting instances), the
// topology's shape, fault intervals and failover outcomes.

import { formatClock } from "../engine/index.js";
import type { RunResult } from "../scenario/index.js";
import { ControlPlaneIndex } from "./control-plane-index.js";
import { TraceReactions } from "./reactions.js";
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
  /** Breakers, booting and leaving instances: reactions the control-plane state does not hold. */
  reactions: TraceReactions;
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
    reactions: new TraceReactions(result.events),
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
  const promotingNode = (database: string) =>
    run.failoverOutcomes.find((o) => o.database === database && o.timeUs > timeUs)?.promoted;
  return topologyAt(run.shape, state, promotingNode, {
    breakers: run.reactions.breakersAt(timeUs),
    booting: (service, region) => run.reactions.bootingAt(service, region, timeUs),
    leaving: (instance) => run.reactions.leavingAt(instance, timeUs),
  });
}

/**
 * The run's faults as the result lists them. A fault declared to start after the run never
 * started; one declared to end after it is still active at the end.
 */
function faultIntervals(result: RunResult): FaultInterval[] {
  const durationS = result.simulated.durationS;
  return result.faults
    .filter((fault) => fault.startS <= durationS)
    .map((fault) => ({
      label: fault.label,
      startUs: Math.round(fault.startS * 1e6),
      endUs: fault.endS === null || fault.endS > durationS ? null : Math.round(fault.endS * 1e6),
    }));
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
