// A sweep's result from hand-made run summaries: per-year scaling, intervals that never promise
// the impossible, the budget split and ranked, and the same result whatever order runs arrive in.

import { describe, expect, it } from "vitest";
import { aggregateSweep, type RunSummary, type SweepHeader, YEAR_S } from "../../src/sweep/index.js";

const MONTH_S = 30 * 86_400;

const header: SweepHeader = {
  scenario: { name: "hand-made", file: "hand-made.yaml", hash: "0123456789abcdef" },
  version: "test",
  seed: 1,
  runs: 4,
  durationS: MONTH_S,
  fidelity: "per-request",
  targets: [{ name: "availability", target: ">= 99.9%", operator: ">=", value: 0.999 }],
};

function summary(run: number, availability: number, zoneDownS: number, crashDownS: number): RunSummary {
  return {
    run,
    seed: 1 + run,
    traceHash: `hash${run}`,
    requests: { total: 1000, failed: Math.round((1 - availability) * 1000) },
    availability,
    availabilityTimeBased: availability,
    downtimeS: zoneDownS + crashDownS,
    incidents: (zoneDownS > 0 ? 1 : 0) + (crashDownS > 0 ? 1 : 0),
    lostWrites: 0,
    rpoMaxS: 0,
    rtoMaxS: Math.max(zoneDownS, crashDownS),
    ttdMaxS: 0,
    latencyMs: null,
    targets: [{ actual: availability, pass: availability >= 0.999 }],
    attribution: [
      {
        label: "zone-outage r/a",
        kind: "zone-outage",
        family: "infrastructure",
        downtimeS: zoneDownS,
        incidents: zoneDownS > 0 ? 1 : 0,
        lostWrites: 0,
        occurrences: zoneDownS > 0 ? 1 : 0,
      },
      {
        label: "random-crashes api",
        kind: "random-crashes",
        family: "infrastructure",
        downtimeS: crashDownS,
        incidents: crashDownS > 0 ? 1 : 0,
        lostWrites: 0,
        occurrences: null,
      },
    ],
  };
}

const runs = [summary(0, 1, 0, 60), summary(1, 0.9995, 600, 0), summary(2, 1, 0, 0), summary(3, 0.998, 3000, 120)];

describe("aggregateSweep", () => {
  const result = aggregateSweep(header, runs);

  it("scales each month's downtime to a year and averages it", () => {
    const perYear = YEAR_S / MONTH_S;
    const meanMinutes = ((60 + 600 + 0 + 3120) / 4 / 60) * perYear;
    expect(result.figures.downtimeMinPerYear.mean).toBeCloseTo(meanMinutes, 9);
    expect(result.years).toBeCloseTo((4 * MONTH_S) / YEAR_S, 12);
  });

  it("never gives an interval beyond what the figure can be", () => {
    const { availability, downtimeMinPerYear } = result.figures;
    expect(availability.high).toBeLessThanOrEqual(1);
    expect(availability.mean).toBeLessThan(1);
    expect(downtimeMinPerYear.low).toBeGreaterThanOrEqual(0);
    // The interval is not clamped where there is no need: the mean's own interval reaches below it.
    expect(availability.low).toBeLessThan(availability.mean);
  });

  it("says how often the target was met, and judges the mean", () => {
    const [target] = result.targets;
    expect(target.met.successes).toBe(3);
    expect(target.met.trials).toBe(4);
    expect(target.judged).toBe(target.mean.mean);
    expect(target.meanMeets).toBe(target.mean.mean >= 0.999);
  });

  it("ranks what ate the budget, and counts no occurrences of a random process", () => {
    expect(result.attribution.map((row) => row.label)).toEqual(["zone-outage r/a", "random-crashes api"]);
    const [zone, crashes] = result.attribution;
    const allowedMinPerYear = ((1 - 0.999) * YEAR_S) / 60;
    expect(result.budget?.allowedMinPerYear).toBeCloseTo(allowedMinPerYear, 9);
    expect(zone.budgetShare).toBeCloseTo(zone.downtimeMinPerYear / allowedMinPerYear, 9);
    expect(zone.occurrencesPerYear).toBeCloseTo((2 / 4) * (YEAR_S / MONTH_S), 12);
    expect(crashes.occurrencesPerYear).toBeNull();
  });

  it("names the worst run to replay, and bins every run once", () => {
    expect(result.worstRun).toMatchObject({ run: 3, seed: 4 });
    expect(result.histogram.reduce((n, bin) => n + bin.runs, 0)).toBe(4);
  });

  it("is the same whatever order the runs arrive in", () => {
    const shuffled = aggregateSweep(header, [runs[2], runs[0], runs[3], runs[1]]);
    expect(JSON.stringify(shuffled)).toBe(JSON.stringify(result));
  });

  it("leaves the 1 in 10 and 1 in 100 figures out until there are that many runs", () => {
    expect(Number.isNaN(result.figures.availability.oneIn10)).toBe(true);
    const many = aggregateSweep(
      { ...header, runs: 12 },
      Array.from({ length: 12 }, (_, run) => summary(run, 0.9995, 300, 0)),
    );
    expect(many.figures.availability.oneIn10).toBeCloseTo(0.9995, 12);
    expect(Number.isNaN(many.figures.availability.oneIn100)).toBe(true);
  });
});
