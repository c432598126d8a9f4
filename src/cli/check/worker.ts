// A worker thread of `faultline check`: runs one (scenario, seed) and returns its result.
// Scenarios are re-parsed here from their text, so nothing but plain data crosses threads; the
// run's progress goes back on the MessagePort that came with the task, if any.

import type { MessagePort } from "node:worker_threads";
import {
  type BaseTexts,
  type FidelityChoice,
  loadScenario,
  type RunResult,
  runScenario,
} from "../../scenario/index.js";

export interface RunTask {
  file: string;
  text: string;
  seed: number;
  version: string;
  /** --fidelity, when given (else the file's own). */
  fidelity?: FidelityChoice;
  /** `--set` overrides, in order. */
  overrides?: string[];
  /** The texts of the files it extends, as the main thread read them. */
  bases?: BaseTexts;
  /** The variant applied, if any. */
  variant?: string;
}

/** Progress messages carry the simulated fraction of the run, 0..1. */
export default function runTask(
  task: RunTask & { progress?: MessagePort },
  onProgress: ((fraction: number) => void) | undefined = task.progress
    ? (fraction) => task.progress?.postMessage(fraction)
    : undefined,
): RunResult {
  try {
    const fidelity = task.fidelity === undefined ? {} : { fidelity: task.fidelity };
    const scenario = loadScenario(task.text, task.file, {
      ...fidelity,
      overrides: task.overrides ?? [],
      bases: task.bases ?? {},
      ...(task.variant === undefined ? {} : { variant: task.variant }),
    });
    return runScenario(scenario, { seed: task.seed, version: task.version, onProgress });
  } finally {
    task.progress?.close();
  }
}
