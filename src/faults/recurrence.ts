// Faults that recur at random: any fault may take `recur:` and then happens again and again, as
// an alternating renewal process (ARCHITECTURE.md, "The life of one fault"). A lasting fault is up
// for a time drawn with mean `mtbf`, then holds for a time drawn with mean `mttr`, then up again;
// an instant fault happens, its aftermath runs its course (the rollback, the restore), then the
// next comes after a time with mean `mtbf`. Occurrences of one fault never overlap, so its
// effects, keyed by the occurrence, never meet themselves. `at` and `for` bound the window in
// which occurrences start (default: the whole run).

import { z } from "zod";
import { type CompileContext, duration, type IssuePath } from "../input/index.js";
import { compileLifetime, describeShape, type Lifetime, lifetimeShapeSchema } from "./lifetimes.js";

/** The shortest mean time between occurrences: a fault every second is a load test, not a failure. */
const MTBF_MIN = { us: 1_000_000, text: "1s", why: "a fault more often than every second is not a failure process" };

const failureTimes = lifetimeShapeSchema
  .optional()
  .describe(
    "How times between occurrences spread around mtbf, e.g. { distribution: weibull, shape: 0.8 } (default exponential)",
  );

const mtbf = duration("Mean time between occurrences (from the end of one to the start of the next)", {
  min: MTBF_MIN,
  example: "90d",
});

export const recurSchemas = {
  lasting: z
    .strictObject({
      mtbf,
      mttr: duration("Mean time each occurrence lasts before it is repaired", { positive: true, example: "4h" }),
      failureTimes,
      repairTimes: lifetimeShapeSchema
        .optional()
        .describe(
          "How repair times spread around mttr, e.g. { distribution: lognormal, sigma: 1 } (default exponential)",
        ),
    })
    .describe(
      "The fault happens again and again at random: up for a time with mean mtbf, then down for a time with mean mttr; at and for bound when occurrences may start, e.g. { mtbf: 2y, mttr: 4h }",
    ),
  instant: z
    .strictObject({ mtbf, failureTimes })
    .describe(
      "The fault happens again and again at random: the next one a time with mean mtbf after the previous one's aftermath is over; at and for bound when they may start, e.g. { mtbf: 15d }",
    ),
} as const;

export type RecurInput = z.output<(typeof recurSchemas)["lasting"]> | z.output<(typeof recurSchemas)["instant"]>;

export interface Recurrence {
  /** Time from the end of one occurrence to the start of the next. */
  failures: Lifetime;
  /** How long each occurrence of a lasting fault holds (undefined: an instant fault's aftermath decides). */
  repairs?: Lifetime;
}

export function compileRecurrence(recur: RecurInput, ctx: CompileContext, path: IssuePath): Recurrence {
  const failures = compileLifetime(ctx.us(recur.mtbf, [...path, "mtbf"]), recur.failureTimes, ctx, [
    ...path,
    "failureTimes",
  ]);
  if (!("mttr" in recur)) return { failures };
  const repairs = compileLifetime(ctx.us(recur.mttr, [...path, "mttr"]), recur.repairTimes, ctx, [
    ...path,
    "repairTimes",
  ]);
  return { failures, repairs };
}

/** `every ~90d (exponential), lasting ~4h (lognormal σ=1)`: for the fault list of reports. */
export function describeRecurrence(recurrence: Recurrence): string {
  const every = `every ~${formatMean(recurrence.failures.meanUs)} (${describeShape(recurrence.failures)})`;
  if (recurrence.repairs === undefined) return every;
  return `${every}, lasting ~${formatMean(recurrence.repairs.meanUs)} (${describeShape(recurrence.repairs)})`;
}

function formatMean(us: number): string {
  const units: [number, string][] = [
    [365 * 86_400e6, "y"],
    [86_400e6, "d"],
    [3_600e6, "h"],
    [60e6, "m"],
    [1e6, "s"],
  ];
  for (const [size, unit] of units) if (us >= size) return `${Number((us / size).toFixed(2))}${unit}`;
  return `${us}us`;
}
