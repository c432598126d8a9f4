// ARCHITECTURE.md, "Explore": a trial put together from compiled parts runs exactly as the file
// explore writes for it, trace for trace; and how a trial's margin is read from its targets.

import { describe, expect, it } from "vitest";
import { prepareBase, TrialRunner } from "../../src/explore/index.js";
import { shareUsed } from "../../src/explore/trial.js";
import { runScenario } from "../../src/scenario/index.js";
import { REGION_OUTAGE_FILE, REGION_OUTAGE_YAML } from "./fixtures.js";

describe("a trial", () => {
  const base = prepareBase(REGION_OUTAGE_YAML, REGION_OUTAGE_FILE);
  const runner = new TrialRunner(base, { seed: 1, version: "test" });
  const schedules = [
    [],
    [{ domain: "region us-east", atS: 3600, forS: 1800 }],
    [
      { domain: "zone us-west/a", atS: 5400, forS: 600 },
      { domain: "node orders/us-east/a", atS: 3600, forS: 7200 },
    ],
    [
      { domain: "link us-east↔us-west", atS: 2400, forS: 900 },
      { domain: "dns", atS: 2400, forS: 300 },
      { domain: "node api/us-west/c/2", atS: 2400, forS: 60 },
    ],
    [
      { domain: "replica orders/us-west/a", atS: 3300, forS: 600 },
      { domain: "region us-east", atS: 3600, forS: 60 },
    ],
    // The same domain twice: two faults, two keys.
    [
      { domain: "disk orders", atS: 3000, forS: 120 },
      { domain: "disk orders", atS: 3060, forS: 600 },
    ],
  ];

  it.each(schedules.map((schedule, i) => [i, schedule] as const))(
    "%i runs as its file does, trace for trace",
    (_, schedule) => {
      const fromFile = runScenario(runner.load(schedule), { seed: 1, version: "test" });
      const assembled = runner.run(schedule);
      expect(assembled.faults).toEqual(fromFile.faults);
      expect(assembled.simulated.fidelity).toBe(fromFile.simulated.fidelity);
      expect(assembled.traceHash).toBe(fromFile.traceHash);
    },
  );
});

describe("the share of a target's allowance used", () => {
  const target = (operator: ">=" | "<=" | "==", value: number) => ({ operator, value, text: `${operator} ${value}` });

  it("reads availability as the error budget used and a ceiling as actual over bound", () => {
    // 99.4% against 99.5%: 0.6% failed of 0.5% allowed.
    expect(shareUsed(0.994, target(">=", 0.995), true)).toBeCloseTo(1.2, 12);
    expect(shareUsed(120, target("<=", 300), false)).toBeCloseTo(0.4, 12);
    expect(shareUsed(0, target("<=", 0), false)).toBe(0);
    expect(shareUsed(3, target("<=", 0), false)).toBeGreaterThan(1);
    expect(shareUsed(2, target("==", 1), false)).toBeGreaterThan(1);
  });
});
