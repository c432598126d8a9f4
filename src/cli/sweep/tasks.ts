// A sweep's runs cut into tasks for the worker pool (sweep and compare share it): blocks of
// consecutive runs, about eight per worker, so that a thread's share of a thousand fluid years is
// not a thousand hand-overs. The results come back in run order whatever the blocks.

import type { SweepTask } from "./worker.js";

/** Blocks of runs handed to each worker over a sweep. */
const BLOCKS_PER_WORKER = 8;

/** The tasks that run `from` to `to` (exclusive) of one scenario, `workers` threads sharing them. */
export function sweepTasks(
  scenario: Omit<SweepTask, "firstRun" | "runs">,
  range: { from: number; to: number },
  workers: number,
): SweepTask[] {
  const { from, to } = range;
  const block = Math.max(1, Math.ceil((to - from) / (workers * BLOCKS_PER_WORKER)));
  const tasks: SweepTask[] = [];
  for (let first = from; first < to; first += block)
    tasks.push({ ...scenario, firstRun: first, runs: Math.min(block, to - first) });
  return tasks;
}
