// A worker thread of `faultline check`: runs one (scenario, seed) and returns its result.
// Scenarios are re-parsed here from their text, so nothing but plain data crosses threads.

import { loadScenario, type RunResult, runScenario } from "../../scenario/index.js";

export interface RunTask {
  file: string;
  text: string;
  seed: number;
  version: string;
}

export default function runTask(task: RunTask): RunResult {
  return runScenario(loadScenario(task.text, task.file), { seed: task.seed, version: task.version });
}
