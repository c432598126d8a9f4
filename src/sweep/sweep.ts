// One sweep's header and one of its runs: pure (no I/O, no clock, no threads), so the CLI may run
// them in any thread, on any machine, in any order, and get the same summaries.

import { targetLabel } from "../metrics/index.js";
import type { Fidelity } from "../model/index.js";
import { type LoadedScenario, runScenario, withFidelity } from "../scenario/index.js";
import type { SweepHeader } from "./aggregate.js";
import { type RunSummary, summarizeRun } from "./run-summary.js";

export function sweepHeader(
  scenario: LoadedScenario,
  runs: number,
  seed: number,
  version: string,
  fidelity: { fidelity: Fidelity; obstacles: string[] } = { fidelity: "request", obstacles: [] },
): SweepHeader {
  return {
    scenario: {
      name: scenario.name,
      file: scenario.file,
      hash: scenario.hash,
      ...(scenario.overrides.length > 0 ? { overrides: scenario.overrides } : {}),
      ...(scenario.variant === undefined ? {} : { variant: scenario.variant }),
    },
    version,
    seed,
    runs,
    durationS: scenario.world.durationUs / 1e6,
    fidelity: fidelity.fidelity === "fluid" ? "fluid" : "per-request",
    ...(fidelity.fidelity === "request" && fidelity.obstacles.length > 0 ? { fluidObstacles: fidelity.obstacles } : {}),
    targets: scenario.slo.map((slo) => ({
      name: targetLabel(slo.name, slo.operation),
      ...(slo.operation === undefined ? {} : { metric: slo.name, operation: slo.operation }),
      target: slo.target.text,
      operator: slo.target.operator,
      value: slo.target.value,
      ...(slo.target.confidence === undefined ? {} : { confidence: slo.target.confidence }),
    })),
    ...(scenario.cost === undefined ? {} : { cost: scenario.cost }),
  };
}

/** Run `run` of the sweep (seed: the sweep's seed + run), reduced to its summary. */
export function runSweepRun(
  scenario: LoadedScenario,
  header: SweepHeader,
  run: number,
  onProgress?: (fraction: number) => void,
): RunSummary {
  const fidelity = header.fidelity === "fluid" ? "fluid" : "request";
  const result = runScenario(withFidelity(scenario, fidelity), {
    seed: header.seed + run,
    version: header.version,
    onProgress,
  });
  return summarizeRun(scenario, result, run);
}
