// A worker thread of `faultline explore`: runs a block of the single and pair phase's schedules
// and returns their trials (plain data). The base is prepared once per thread and kept: every
// block of one exploration shares it. The phase's runs are independent of one another, so they
// may run anywhere; the search after them is guided by what it finds, and stays in one thread.

import { type ExploreBase, prepareBase, type Schedule, type Trial, TrialRunner } from "../../explore/index.js";
import type { FidelityChoice } from "../../scenario/index.js";
import { progressOf, type WithProgressPort } from "../pool.js";

export interface ExploreTask {
  file: string;
  text: string;
  fidelity: FidelityChoice;
  overrides: string[];
  seed: number;
  version: string;
  schedules: Schedule[];
}

let prepared: { key: string; base: ExploreBase; runner: TrialRunner } | undefined;

export default function runExploreTask(
  task: WithProgressPort<ExploreTask>,
  onProgress: ((fraction: number) => void) | undefined = progressOf(task),
): Trial[] {
  try {
    const key = JSON.stringify([task.file, task.text, task.fidelity, task.overrides, task.seed, task.version]);
    if (prepared?.key !== key) {
      const base = prepareBase(task.text, task.file, { fidelity: task.fidelity, overrides: task.overrides });
      prepared = { key, base, runner: new TrialRunner(base, { seed: task.seed, version: task.version }) };
    }
    const { runner } = prepared;
    return task.schedules.map((schedule, i) => {
      const trial = runner.trial(schedule);
      onProgress?.((i + 1) / task.schedules.length);
      return trial;
    });
  } finally {
    task.progress?.close();
  }
}
