// Availability, request-based and time-based (ARCHITECTURE.md, "Metrics").

import type { Recorder } from "../model/index.js";
import { goodUntilS, successRatio } from "./good-state.js";

const US_PER_S = 1_000_000;

/** Successful requests over all finished requests; 1 when nothing was requested. */
export function requestAvailability(recorder: Recorder): number {
  const total = recorder.succeeded + recorder.failed;
  return total === 0 ? 1 : recorder.succeeded / total;
}

/**
 * Time in a good state: the fraction of SLI windows whose success ratio is at least the
 * threshold, each judged by its requests when it has enough of them, else by the world's state
 * (good-state.ts). A window without requests is not good by default.
 */
export function timeBasedAvailability(
  recorder: Recorder,
  durationUs: number,
  windowUs: number,
  threshold: number,
): number {
  const windowS = Math.max(1, Math.round(windowUs / US_PER_S));
  const seconds = Math.ceil(durationUs / US_PER_S);
  let good = 0;
  let windows = 0;
  for (let from = 0; from < seconds; from += windowS) {
    // Windows wholly inside a stretch known to be good are counted without judging each one.
    const goodUntil = Math.min(goodUntilS(recorder, from, threshold), seconds);
    const skipped = Math.floor((goodUntil - from) / windowS);
    if (skipped > 1) {
      windows += skipped;
      good += skipped;
      from += (skipped - 1) * windowS;
      continue;
    }
    windows++;
    if (successRatio(recorder, from, Math.min(from + windowS, seconds), threshold) >= threshold) good++;
  }
  return windows === 0 ? 1 : good / windows;
}
