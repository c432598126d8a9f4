// ARCHITECTURE.md, "Explore": the failure domains read from a design, whole, and the search's
// draws, which the seed decides and nothing else.

import { describe, expect, it } from "vitest";
import { prepareBase, type Schedule, scheduleKey, TrialRunner } from "../../src/explore/index.js";
import { searchSchedules } from "../../src/explore/search.js";
import { ONE_REGION_YAML } from "./fixtures.js";

const base = prepareBase(ONE_REGION_YAML, "one-region.yaml");

describe("failure domains", () => {
  it("are every region, zone, balancer and node of the design, widest first, each holding the next", () => {
    expect(base.domains.map((d) => [d.id, d.inner])).toEqual([
      ["region us-east", ["zone us-east/a", "zone us-east/b"]],
      ["zone us-east/a", ["node api/us-east/a/1", "node api/us-east/a/2"]],
      ["zone us-east/b", ["node api/us-east/b/1", "node api/us-east/b/2"]],
      ["balancer api/us-east", []],
      ["node api/us-east/a/1", []],
      ["node api/us-east/a/2", []],
      ["node api/us-east/b/1", []],
      ["node api/us-east/b/2", []],
    ]);
    expect(base.domains[0].fault).toEqual({ kind: "region-outage", region: "us-east" });
  });
});

describe("the wider search", () => {
  /** The schedules a search of `steps` draws with `seed`, in order (each run once, as the runner would). */
  function drawn(seed: number, steps: number): string[] {
    const keys: string[] = [];
    const runner = new (class extends TrialRunner {
      override trial(schedule: Schedule) {
        keys.push(scheduleKey(schedule));
        return super.trial(schedule);
      }
    })(base, { seed: 4, version: "test" });
    const done = searchSchedules(base, runner, { seed, steps, faultsMax: 3, onBreak: () => {} });
    expect(done).toBe(steps);
    return keys;
  }

  it("draws the same schedules for the same seed, and others for another", () => {
    const first = drawn(7, 20);
    expect(drawn(7, 20)).toEqual(first);
    const other = drawn(8, 20);
    expect(other).not.toEqual(first);
    // Every drawn fault starts after the warm-up and ends by the end of the run.
    for (const key of first) {
      for (const part of key.split(" | ")) {
        const [, atS, forS] = /@(\d+)\+(\d+)$/.exec(part)?.map(Number) ?? [];
        expect(atS).toBeGreaterThanOrEqual(base.warmUpS);
        expect(atS + forS).toBeLessThanOrEqual(base.durationS);
      }
    }
  });

  it("stops when told to, before its budget", () => {
    const runner = new TrialRunner(base, { seed: 4, version: "test" });
    let asked = 0;
    const done = searchSchedules(base, runner, {
      seed: 1,
      steps: 50,
      faultsMax: 2,
      shouldStop: () => ++asked > 3,
      onBreak: () => {},
    });
    expect(done).toBe(3);
  });
});
