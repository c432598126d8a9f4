// The hostile-input property (issue 13): generated hostile scenario files — mutations of every
// shipped scenario and of the README's example, written back as YAML, some with YAML tricks —
// go through the real loader and, when they validate, a bounded run. Every outcome is a result or
// an input error located in the file: never an internal error, a hang or unbounded memory.
// A few hundred cases run in `npm test`; FAULTLINE_FUZZ_RUNS=10000 runs more on demand.

import { fc, test } from "@fast-check/vitest";
import { describe, expect } from "vitest";
import { LimitExceededError } from "../../src/engine/index.js";
import { type LoadedScenario, loadScenario, runScenario, ScenarioInputError } from "../../src/scenario/index.js";
import { estimateMemory } from "../../src/scenario/memory.js";
import { extremeFile, hostileFile } from "../support/hostile.js";

const RUNS = Number(process.env.FAULTLINE_FUZZ_RUNS ?? 300);
/** The bounded run: ten simulated minutes, 100,000 events at most. */
const RUN_US_MAX = 600e6;
const RUN_EVENTS_MAX = 100_000;
/** A run whose fixed state the estimate puts above this is validated but not run here (it would be slow, not wrong). */
const RUN_MEMORY_MAX = 200e6;

type Outcome =
  | "input error"
  | "result"
  | "stopped at the test's event cap"
  | "stopped at its own pending-events limit"
  | "too big to run here";

function outcomeOf(text: string): Outcome {
  let scenario: LoadedScenario;
  try {
    scenario = loadScenario(text, "hostile.yaml");
  } catch (error) {
    if (!(error instanceof ScenarioInputError)) throw error;
    expect(error.issues.length).toBeGreaterThan(0);
    for (const issue of error.issues) {
      expect(issue.file).toBe("hostile.yaml");
      expect(Number.isInteger(issue.line) && issue.line >= 1).toBe(true);
      expect(Number.isInteger(issue.column) && issue.column >= 1).toBe(true);
      expect(issue.message.trim().length).toBeGreaterThan(0);
    }
    return "input error";
  }
  const world = {
    ...scenario.world,
    durationUs: Math.min(scenario.world.durationUs, RUN_US_MAX),
    limits: { ...scenario.world.limits, eventsMax: Math.min(scenario.world.limits.eventsMax, RUN_EVENTS_MAX) },
  };
  const userClients = scenario.world.clients.filter((c) => c.probeEveryUs === undefined).length;
  if (estimateMemory(world, userClients).bytes > RUN_MEMORY_MAX) return "too big to run here";
  try {
    const result = runScenario({ ...scenario, world }, { version: "hostile" });
    expect(result.availability).toBeGreaterThanOrEqual(0);
    expect(result.availability).toBeLessThanOrEqual(1);
    // Where the fluid fidelity may stand in, it must hold up too (its own code paths: rates,
    // sleeping checks, flows into the databases' logs).
    if (scenario.fluidObstacles.length === 0) {
      const fluid = runScenario({ ...scenario, world: { ...world, fidelity: "fluid" } }, { version: "hostile" });
      expect(fluid.availability).toBeGreaterThanOrEqual(0);
      expect(fluid.availability).toBeLessThanOrEqual(1);
      expect(fluid.rpo.lostWrites).toBeGreaterThanOrEqual(0);
    }
    return "result";
  } catch (error) {
    // The cap this test put on the run may stop it, and so may the file's own limit on pending
    // events under a load it cannot know (a clear error, exit 2); nothing else.
    if (error instanceof LimitExceededError && error.limit === "events") return "stopped at the test's event cap";
    if (error instanceof LimitExceededError) return "stopped at its own pending-events limit";
    throw error;
  }
}

describe("hostile scenario files", () => {
  const seen: Record<Outcome, number> = {
    "input error": 0,
    result: 0,
    "stopped at the test's event cap": 0,
    "stopped at its own pending-events limit": 0,
    "too big to run here": 0,
  };

  test.prop([fc.oneof({ weight: 3, arbitrary: hostileFile }, { weight: 1, arbitrary: extremeFile })], {
    numRuns: RUNS,
  })("are each a result or an input error at file:line:col, never an internal error", (file) => {
    let outcome: Outcome;
    try {
      outcome = outcomeOf(file.text);
    } catch (error) {
      const what = `${file.base} with ${file.mutations.join(", ")} and ${file.trick}`;
      throw new Error(`${what}: ${(error as Error).stack ?? error}\n--- file ---\n${file.text.slice(0, 4000)}`);
    }
    seen[outcome]++;
  });

  test("reach both outcomes, so the property exercises runs as well as refusals", () => {
    // Printed for the record (FAULTLINE_FUZZ_RUNS=10000 reports its counts here).
    process.stdout.write(`hostile outcomes over ${RUNS} files: ${JSON.stringify(seen)}\n`);
    expect(seen["input error"]).toBeGreaterThan(0);
    expect(seen.result + seen["stopped at the test's event cap"]).toBeGreaterThan(0);
  });
});
