// Runs that would take far too long (issue 13 class 5): the work is estimated before the run —
// arrival rates × duration × events per request, plus periodic checks and what they re-read —
// and a run that cannot fit its event limit is refused up front, with the estimate, the limit and
// a duration that fits.

import { fc, test } from "@fast-check/vitest";
import { describe, expect, it } from "vitest";
import { type InputIssue, loadScenario, runScenario, ScenarioInputError } from "../../src/scenario/index.js";

function scenario(options: { rate: string; duration: string; eventsMax?: number; extra?: string }): string {
  return `name: work
duration: ${options.duration}
design:
  regions: [{ name: r, zones: [a, b] }]
  services:
    - name: api
      concurrency: 64
      serviceTime: { mean: 2ms }
      calls: [{ to: x, fraction: 50% }]
  externals: [{ name: x, latency: { mean: 1ms } }]
${options.extra ?? ""}workload:
  clients: [{ region: r, service: api, rate: ${options.rate} }]
slo: { availability: ">= 0%" }
${options.eventsMax === undefined ? "" : `limits: { eventsMax: ${options.eventsMax} }\n`}`;
}

function issuesOf(yaml: string): InputIssue[] {
  try {
    loadScenario(yaml, "work.yaml");
  } catch (error) {
    if (error instanceof ScenarioInputError) return error.issues;
    throw error;
  }
  return [];
}

describe("the work estimate", () => {
  test.prop([fc.integer({ min: 1, max: 400 }), fc.integer({ min: 10, max: 600 }), fc.integer({ min: 0, max: 3 })], {
    numRuns: 12,
  })(
    "never counts more events than the run cannot avoid, and is within a factor of two of the run",
    (perS, s, seed) => {
      const loaded = loadScenario(scenario({ rate: `${perS}/s`, duration: `${s}s` }), "work.yaml");
      const events = runScenario(loaded, { version: "test", seed }).simulated.events;
      expect(loaded.work.eventsAtLeast).toBeLessThanOrEqual(events * 1.1 + 20);
      expect(loaded.work.eventsLikely).toBeGreaterThan(events / 2);
      expect(loaded.work.eventsLikely).toBeLessThan(events * 2 + 50);
    },
  );

  test.prop(
    [
      fc.integer({ min: 1_000, max: 50_000_000 }),
      fc.integer({ min: 1, max: 360 }),
      fc.integer({ min: 10, max: 9 * 10 ** 8 }),
    ],
    {
      numRuns: 80,
    },
  )(
    "refuses a run whose requests alone pass the limit, at its duration, with a duration that fits",
    (perS, days, limit) => {
      const yaml = scenario({ rate: `${perS}/s`, duration: `${days}d`, eventsMax: limit });
      const issues = issuesOf(yaml);
      const requests = perS * days * 86_400;
      if (requests <= limit) return; // fits (perhaps with a warning)
      expect(issues).toHaveLength(1);
      const [issue] = issues;
      expect({ line: issue.line, column: issue.column }).toEqual({ line: 2, column: 11 });
      expect(issue.message).toMatch(/^duration: this run needs at least [\d.,]+( M| billion)? events \(/);
      expect(issue.message).toContain(`more than limits.eventsMax (${limit.toLocaleString("en-US")})`);
      expect(issue.message).toContain("lower the rates, or raise limits.eventsMax");
      // The duration it offers (unless not even a microsecond fits) is one the estimate accepts.
      const fits = /shorten duration to (\w+) or less/.exec(issue.message)?.[1];
      if (fits === undefined) {
        expect(perS * 1e-6).toBeGreaterThan(limit / 2);
        return;
      }
      const shorter = issuesOf(scenario({ rate: `${perS}/s`, duration: fits, eventsMax: limit }));
      expect(shorter.filter((i) => i.message.includes("needs at least"))).toEqual([]);
    },
  );

  it("warns, without refusing, a run that will likely reach its limit or is merely long", () => {
    const near = loadScenario(scenario({ rate: "100/s", duration: "100s", eventsMax: 15_000 }), "work.yaml");
    expect(near.warnings.map((w) => w.message)).toEqual([
      expect.stringMatching(
        /^this run will likely need about 35,010 events \(10,000 requests over 100s at about 3\.5 events each, and 10 periodic checks\), more than limits\.eventsMax \(15,000\), and stop at the limit; shorten duration to 42s or raise limits\.eventsMax$/,
      ),
    ]);
    const long = loadScenario(scenario({ rate: "1000/s", duration: "1d" }), "work.yaml");
    expect(long.warnings.map((w) => w.message)).toEqual([expect.stringMatching(/^a long run: about [\d.]+ M events/)]);
  });

  it("refuses an alert that re-reads a long window too often, naming the alert and the knob", () => {
    const alert = "  alerts: [{ name: slow-burn, errorRate: '> 1%', window: 30d, every: 1s }]\n";
    const issues = issuesOf(scenario({ rate: "1/s", duration: "60d", extra: alert }));
    expect(issues.map((i) => `${i.line}: ${i.message}`)).toEqual([
      expect.stringMatching(
        /^11: design\.alerts\[0\]\.window: this run's periodic checks would re-read about [\d.]+ billion counts .*alert slow-burn, which re-reads its 30d window every 1s: shorten its window or evaluate it less often \(every\)$/,
      ),
    ]);
  });
});
