// How good a stretch of time was: by its requests when it holds enough of them to say, else by
// the world's state (the share of requests that would have succeeded, sampled every second by
// model/observers/serviceability.ts). "Enough" is the fewest requests in which one failure
// cannot by itself pull the ratio below the threshold: 1 / (1 − threshold), 100 at 99%. A quiet
// window is never counted good by default, and at low traffic one outage is one incident rather
// than one per failed request (ARCHITECTURE.md, "Time in a good state").

import type { Recorder } from "../model/index.js";

const US_PER_S = 1_000_000;

/** The fewest requests a stretch needs to be judged by its requests at this threshold. */
export function requestsToJudge(threshold: number): number {
  return threshold >= 1 ? Number.POSITIVE_INFINITY : Math.ceil(1 / (1 - threshold) - 1e-9);
}

/** A stretch's success ratio over whole seconds [fromS, toS): by its requests, or by the state. */
export function successRatio(recorder: Recorder, fromS: number, toS: number, threshold: number): number {
  const { succeeded, failed } = recorder.countsBetween(fromS, toS);
  // Fluid counts are expectations, not samples: any stretch with traffic is judged by them.
  if (recorder.fluid !== undefined) return succeeded + failed > 0 ? succeeded / (succeeded + failed) : 1;
  if (succeeded + failed >= requestsToJudge(threshold)) return succeeded / (succeeded + failed);
  const from = Math.max(0, fromS);
  const to = Math.min(toS, recorder.seconds);
  if (to <= from) return 1;
  let state = 0;
  for (let s = from; s < to; s++) state += recorder.statePerSecond[s];
  return state / (to - from);
}

/**
 * The end (whole seconds, exclusive) of the stretch from `fromS` in which every window is good
 * whatever its bounds: in a fluid run, where every client's share is at least the threshold
 * (core/fluid-series.ts); in a per-request run nothing is known without judging, so `fromS`.
 */
export function goodUntilS(recorder: Recorder, fromS: number, threshold: number): number {
  if (recorder.fluid === undefined) return fromS;
  const untilUs = recorder.fluid.goodUntilUs(fromS * US_PER_S, threshold);
  return untilUs === Number.POSITIVE_INFINITY ? Number.POSITIVE_INFINITY : Math.floor(untilUs / US_PER_S);
}
