// A worker thread of `faultline sweep`: runs a block of consecutive runs of the sweep and returns
// their summaries (never a run's trace). The scenario is parsed once per thread and kept: a
// sweep's runs share it. Runs go in blocks because a fluid year takes tens of milliseconds, about
// what handing one task to a thread costs.

import type { Fidelity } from "../../model/index.js";
import { type BaseTexts, type LoadedScenario, loadScenario } from "../../scenario/index.js";
import { type RunSummary, runSweepRun, type SweepHeader } from "../../sweep/index.js";
import { progressOf, type WithProgressPort } from "../pool.js";

export interface SweepTask {
  file: string;
  text: string;
  /** The duration that replaces the file's (--years), if any. */
  duration?: string;
  /** The fidelity the sweep chose (its work estimate depends on it). */
  fidelity: Fidelity;
  /** The `--set` overrides, in order. */
  overrides: string[];
  /** The texts of the files it extends, as the main thread read them. */
  bases?: BaseTexts;
  /** The variant applied, if any. */
  variant?: string;
  header: SweepHeader;
  /** The block of runs: from `firstRun`, `runs` of them. */
  firstRun: number;
  runs: number;
}

/** Scenarios loaded in this thread, newest last: a comparison hands a thread several designs. */
const loaded = new Map<string, LoadedScenario>();
const LOADED_MAX = 8;

export default function runSweepTask(
  task: WithProgressPort<SweepTask>,
  onProgress: ((fraction: number) => void) | undefined = progressOf(task),
): RunSummary[] {
  try {
    const key = JSON.stringify([
      task.file,
      task.duration ?? "",
      task.fidelity,
      task.overrides,
      task.variant ?? null,
      task.text,
      task.bases ?? {},
    ]);
    let scenario = loaded.get(key);
    if (scenario === undefined) {
      const duration = task.duration === undefined ? {} : { duration: task.duration };
      scenario = loadScenario(task.text, task.file, {
        ...duration,
        fidelity: task.fidelity,
        overrides: task.overrides,
        bases: task.bases ?? {},
        ...(task.variant === undefined ? {} : { variant: task.variant }),
      });
      if (loaded.size >= LOADED_MAX) loaded.delete(loaded.keys().next().value as string);
      loaded.set(key, scenario);
    }
    const summaries: RunSummary[] = [];
    for (let i = 0; i < task.runs; i++) {
      const progress = onProgress && ((fraction: number) => onProgress((i + fraction) / task.runs));
      summaries.push(runSweepRun(scenario, task.header, task.firstRun + i, progress));
      onProgress?.((i + 1) / task.runs);
    }
    return summaries;
  } finally {
    task.progress?.close();
  }
}
