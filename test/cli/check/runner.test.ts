// The runs of a check, in this thread or on worker threads: progress counts the simulated share
// of runs still going (so a long run is not silent until it ends), only ever grows, ends at 1,
// and the results are the same and in the same order for any number of workers.

import { describe, expect, it } from "vitest";
import { runTasks } from "../../../src/cli/check/runner.js";
import { LONG_YAML } from "../harness.js";

/** A run of a few million events: the simulator reports its progress every 2^20 events. */
const tasks = [5, 6].map((seed) => ({ file: "long.yaml", text: LONG_YAML, seed, version: "test" }));

describe("check runner", () => {
  it.each([1, 2])("reports progress from inside the runs with %i worker(s)", async (workers) => {
    const seen: number[] = [];
    const results = await runTasks(tasks, { workers, onProgress: (fraction) => seen.push(fraction) });
    expect(results.map((result) => result.seed)).toEqual([5, 6]);
    // Finished runs alone would give only 0.5 and 1.
    expect(seen.filter((fraction) => fraction > 0 && fraction < 1 && fraction !== 0.5).length).toBeGreaterThan(0);
    expect(seen).toEqual([...seen].sort((a, b) => a - b));
    expect(seen[seen.length - 1]).toBe(1);
  });

  it("gives the same results with one worker and with two", async () => {
    const one = await runTasks(tasks, { workers: 1 });
    const two = await runTasks(tasks, { workers: 2 });
    expect(two.map((result) => result.traceHash)).toEqual(one.map((result) => result.traceHash));
  });
});
