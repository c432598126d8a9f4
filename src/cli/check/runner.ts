// Runs a check's (scenario, seed) tasks on the worker pool (../pool.ts); results in task order.

import type { RunResult } from "../../scenario/index.js";
import { type PoolOptions, runOnPool } from "../pool.js";
import runTask, { type RunTask } from "./worker.js";

export { defaultWorkers } from "../pool.js";
export type RunnerOptions = PoolOptions;

export function runTasks(tasks: RunTask[], options: RunnerOptions): Promise<RunResult[]> {
  return runOnPool(tasks, { inThread: runTask, module: { base: "./worker", from: import.meta.url } }, options);
}
