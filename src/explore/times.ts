// Round times for explore's schedules (ARCHITECTURE.md, "Explore"): a finding reads better as
// "30m at 1h" than "27m13s at 58m02s", so shrinking prefers the roundest time that still breaks.

/** Round lengths, shortest first: what shrinking tries a fault's length as. */
export const ROUND_LENGTHS_S = [
  1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 10_800, 14_400, 21_600, 43_200, 86_400, 172_800,
  604_800,
];

/** Grids a start may be rounded to, coarsest first. */
export const START_GRIDS_S = [86_400, 21_600, 3600, 1800, 900, 300, 60, 10, 1];

/** The largest round length at most `seconds` (at least 1). */
export function roundLengthDown(seconds: number): number {
  let best = 1;
  for (const length of ROUND_LENGTHS_S) if (length <= seconds) best = length;
  return best;
}

/**
 * Where the fixed single and pair faults start and how long they last, for a run of `durationS`:
 * a quarter in (past the warm-up, a tenth), for a quarter of the run but at most an hour, each
 * rounded down to a round value.
 */
export function fixedTiming(durationS: number): { atS: number; forS: number } {
  const quarter = Math.max(1, Math.floor(durationS / 4));
  return { atS: roundLengthDown(quarter), forS: roundLengthDown(Math.min(3600, quarter)) };
}
