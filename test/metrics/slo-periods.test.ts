// SLO periods and confidence: ">= 99.9% per 30d" judges a scripted episode on the error budget it
// consumes (the rest of the period met), a run of random failures on its own value; "with 95%
// confidence" judges several runs on the mean's one-sided bound.

import { describe, expect, it } from "vitest";
import { parseComparison } from "../../src/input/index.js";
import { judgeScenario, loadScenario, runScenario } from "../../src/scenario/index.js";
import { aggregateSweep, runSweepRun, sweepHeader } from "../../src/sweep/index.js";

const DAY_US = 86_400e6;

describe("a target's period and confidence", () => {
  it("are read after the value, in either order of words a person writes", () => {
    const monthly = parseComparison(">= 99.9% per 30d", "fraction");
    expect(monthly).toEqual({
      ok: true,
      value: {
        operator: ">=",
        value: expect.closeTo(0.999, 12),
        text: ">= 99.9% per 30d",
        period: { us: 30 * DAY_US, text: "30d" },
      },
    });
    const yearly = parseComparison(">= 99.99% per year with 95% confidence", "fraction");
    expect(yearly.ok && yearly.value.period?.us).toBe(365 * DAY_US);
    expect(yearly.ok && yearly.value.confidence).toBe(0.95);
    const month = parseComparison(">= 99.9% per month", "fraction");
    expect(month.ok && month.value.period?.us).toBe(30 * DAY_US);
    const confident = parseComparison("<= 5s with 90% confidence", "seconds");
    expect(confident.ok && confident.value).toMatchObject({ value: 5, confidence: 0.9 });
  });

  it("are refused where they mean nothing, saying what to write", () => {
    expect(parseComparison("<= 5s per 30d", "seconds")).toEqual({
      ok: false,
      message: '"<= 5s per 30d": only availability targets take a period ("per 30d")',
    });
    expect(parseComparison(">= 99% per fortnight", "fraction")).toMatchObject({ ok: false });
    expect(parseComparison(">= 99% with 40% confidence", "fraction")).toMatchObject({
      ok: false,
      message: expect.stringMatching(/above 50% and below 100%/),
    });
  });
});

/** One instance, down from 10m to 13m of a 1-hour run: 5% of the hour's requests fail. */
const EPISODE = (target: string, faults = "  - { kind: zone-outage, zone: r/a, at: 10m, for: 3m }") => `
name: episode
duration: 1h
design:
  regions: [{ name: r, zones: [a] }]
  services:
    - { name: api, concurrency: 8, serviceTime: { mean: 5ms } }
workload:
  clients: [{ region: r, service: api, rate: 20/s }]
faults:
${faults}
slo:
  availability: "${target}"
`;

describe("a scripted episode judged for a period", () => {
  it("counts an hour's incident against the month's budget, not as a failed hour", () => {
    const hour = runScenario(loadScenario(EPISODE(">= 99.9%"), "e.yaml"), { version: "test" });
    const month = runScenario(loadScenario(EPISODE(">= 99.9% per 30d"), "e.yaml"), { version: "test" });
    const measured = hour.availability;
    expect(measured).toBeLessThan(0.96); // about 3 minutes of 60 down
    expect(hour.slo[0].pass).toBe(false);
    // The month: the hour's unavailability spread over 720 hours.
    expect(month.slo[0].actual).toBeCloseTo(1 - (1 - measured) / 720, 12);
    expect(month.slo[0].pass).toBe(true);
    // The share of the month's 0.1% budget the hour used.
    expect(month.slo[0].budgetUsed).toBeCloseTo((1 - measured) / 720 / 0.001, 9);
    expect(month.slo[0].budgetUsed).toBeGreaterThan(0.05);
  });

  it("judges a run of random failures on its own value: it samples every hour of the period", () => {
    const random = "  - { kind: zone-outage, zone: r/a, recur: { mtbf: 20m, mttr: 2m } }";
    const result = runScenario(loadScenario(EPISODE(">= 99.9% per 30d", random), "r.yaml"), { version: "test" });
    expect(result.slo[0].actual).toBe(result.availability);
    expect(result.slo[0].pass).toBe(false);
  });
});

describe("a target with confidence over several runs", () => {
  const random = "  - { kind: zone-outage, zone: r/a, recur: { mtbf: 30m, mttr: 1m } }";

  it("is judged in a check on the mean's one-sided bound over the seeds, not on the mean", () => {
    const seeds = [1, 2, 3, 4, 5];
    const runsOf = (target: string) => {
      const scenario = loadScenario(EPISODE(target, random), "c.yaml");
      return { scenario, runs: seeds.map((seed) => runScenario(scenario, { version: "test", seed })) };
    };
    const plain = runsOf(">= 90%");
    const values = plain.runs.map((run) => run.availability);
    const mean = values.reduce((a, b) => a + b, 0) / values.length;
    // A bound just under the mean: the mean meets it, its 95% lower bound does not.
    const bound = Math.floor((mean - 1e-4) * 1e6) / 1e4;
    const { scenario, runs } = runsOf(`>= ${bound}% with 95% confidence`);
    const verdict = judgeScenario(scenario, runs);
    expect(mean).toBeGreaterThan(bound / 100);
    expect(verdict.targets[0].confidence).toBe(0.95);
    expect(verdict.targets[0].actual).toBeLessThan(bound / 100);
    expect(verdict.targets[0].pass).toBe(false);
  });

  it("is judged in a sweep on the same bound, and the report says so", () => {
    const scenario = loadScenario(EPISODE(">= 90% with 95% confidence", random), "s.yaml");
    const header = sweepHeader(scenario, 6, 1, "test");
    const result = aggregateSweep(
      header,
      Array.from({ length: 6 }, (_, run) => runSweepRun(scenario, header, run)),
    );
    const [target] = result.targets;
    expect(target.confidence).toBe(0.95);
    expect(target.judged).toBeLessThan(target.mean.mean);
    expect(target.judged).toBeGreaterThan(target.mean.low); // one-sided 95% is inside the two-sided 95%
    expect(target.meanMeets).toBe(target.judged >= 0.9);
  });
});
