// A worker thread of `faultline sweep`: runs one run of the sweep and returns its summary (never
// the run's trace). The scenario is parsed once per thread and kept: a sweep's runs share it.

import type { Fidelity } from "../../model/index.js";
import { type LoadedScenario, loadScenario } from "../../scenario/index.js";
import { type RunSummary, runSweepRun, type SweepHeader } from "../../sweep/index.js";
import { progressOf, type WithProgressPort } from "../pool.js";

export interface SweepTask {
  file: string;
  text: string;
  /** The duration that replaces the file's (--years), if any. */
  duration?: string;
  /** The fidelity the sweep chose (its work estimate depends on it). */
  fidelity: Fidelity;
  header: SweepHeader;
  run: number;
}

const loaded = new Map<string, LoadedScenario>();

export default function runSweepTask(
  task: WithProgressPort<SweepTask>,
  onProgress: ((fraction: number) => void) | undefined = progressOf(task),
): RunSummary {
  try {
    const key = `${task.file}\n${task.duration ?? ""}\n${task.fidelity}\n${task.text}`;
    let scenario = loaded.get(key);
    if (scenario === undefined) {
      const duration = task.duration === undefined ? {} : { duration: task.duration };
      scenario = loadScenario(task.text, task.file, { ...duration, fidelity: task.fidelity });
      loaded.clear(); // one sweep per thread at a time
      loaded.set(key, scenario);
    }
    return runSweepRun(scenario, task.header, task.run, onProgress);
  } finally {
    task.progress?.close();
  }
}
