// Baseline changes as every report shows them: before and after differ on the page whenever
// they differ at all (1 vs 4 failures in 10.6 M requests is 99.99999% → 99.99996%, not
// 100% → 100%), and keep their usual short form when that already tells them apart.

import { fc, test } from "@fast-check/vitest";
import { describe, expect, it } from "vitest";
import {
  formatBaselineChange,
  formatBaselineValue,
  formatCheckText,
  formatHtml,
  formatJunit,
  formatMarkdown,
} from "../../src/report/index.js";
import {
  BASELINE_METRICS,
  type BaselineMetric,
  compareWithBaseline,
  summarizeScenario,
} from "../../src/scenario/index.js";
import { buildPassingCheck } from "./fixture.js";

/** Plausible values of each metric, near each other often (the hard case). */
const metricValues: Record<BaselineMetric, fc.Arbitrary<number>> = {
  availability: fc.double({ min: 0, max: 1, noNaN: true }),
  rpoS: fc.double({ min: 0, max: 86_400, noNaN: true }),
  lostWrites: fc.integer({ min: 0, max: 10_000_000 }),
  rtoS: fc.double({ min: 0, max: 86_400, noNaN: true }),
  ttdS: fc.double({ min: 0, max: 86_400, noNaN: true }),
  latencyP99Ms: fc.double({ min: 0, max: 60_000, noNaN: true }),
};

const pairs = fc
  .constantFrom(...BASELINE_METRICS)
  .chain((metric) =>
    fc.tuple(
      fc.constant(metric),
      metricValues[metric],
      fc.oneof(metricValues[metric], fc.double({ min: -1e-6, max: 1e-6, noNaN: true })),
    ),
  );

describe("baseline values", () => {
  test.prop([pairs], { numRuns: 2000 })(
    "show different values differently and equal values alike",
    ([metric, before, nudge]) => {
      const after = Math.abs(nudge) <= 1e-6 ? before + nudge : nudge;
      const shown = formatBaselineChange({ metric, before, after });
      expect(shown.before === shown.after).toBe(before === after);
      // The usual form is kept whenever it already tells them apart.
      const usual = [formatBaselineValue(metric, before), formatBaselineValue(metric, after)];
      if (usual[0] !== usual[1]) expect([shown.before, shown.after]).toEqual(usual);
    },
  );

  it.each([
    ["availability", 1 - 1 / 10.6e6, 1 - 4 / 10.6e6, "99.99999%", "99.99996%"],
    ["availability", 0.999, 0.99899999, "99.9%", "99.899999%"],
    ["rpoS", 0.0004, 0.0003, "0.4ms", "0.3ms"],
    ["rtoS", 90.0001, 90.0002, "90.0001s", "90.0002s"],
    ["latencyP99Ms", 12.00041, 12.00042, "12.00041ms", "12.00042ms"],
    ["lostWrites", 3, 4, "3", "4"],
  ] as const)("writes %s %d → %d as %s → %s", (metric, before, after, shownBefore, shownAfter) => {
    expect(formatBaselineChange({ metric, before, after })).toEqual({ before: shownBefore, after: shownAfter });
  });

  it("shows a regression from 1 to 4 failures in 10.6 M requests with its digits in every report", () => {
    const check = buildPassingCheck();
    const [verdict] = check.scenarios;
    const summary = summarizeScenario(verdict);
    const baseline = compareWithBaseline(
      [{ name: verdict.name, summary: { ...summary, availability: 1 - 4 / 10.6e6 } }],
      [{ name: verdict.name, summary: { ...summary, availability: 1 - 1 / 10.6e6 } }],
      0.05,
    );
    expect(baseline.regressions).toBe(1);
    const result = { ...check, baseline, pass: false };
    expect(formatCheckText(result)).toContain("zone-outage: availability 99.99999% → 99.99996%  ✗ regressed");
    expect(formatMarkdown(result)).toContain("| zone-outage | availability | 99.99999% → 99.99996% | ❌ regression |");
    expect(formatJunit(result)).toContain("availability regressed: 99.99999% → 99.99996%");
    expect(formatHtml(result)).toContain('<td class="num">99.99999%</td><td class="num after">99.99996%</td>');
    for (const report of [formatCheckText(result), formatMarkdown(result), formatHtml(result), formatJunit(result)])
      expect(report).not.toMatch(/100% → 100%|>100%<\/td><td class="num after">100%/);
  });
});
