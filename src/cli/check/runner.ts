// Runs a check's (scenario, seed) tasks: in this thread for one worker, else on a piscina pool
// with one thread per worker. Results come back in task order, so the verdict is the same for
// any number of workers.

import { availableParallelism } from "node:os";
import { Piscina } from "piscina";
import type { RunResult } from "../../scenario/index.js";
import runTask, { type RunTask } from "./worker.js";

export interface RunnerOptions {
  workers: number;
  /** Called after each finished task with the number done so far. */
  onTaskDone?: (done: number) => void;
}

export function defaultWorkers(): number {
  return availableParallelism();
}

export async function runTasks(tasks: RunTask[], options: RunnerOptions): Promise<RunResult[]> {
  const workers = Math.max(1, Math.min(options.workers, tasks.length));
  let done = 0;
  const finished = () => options.onTaskDone?.(++done);
  if (workers === 1) {
    const results: RunResult[] = [];
    for (const task of tasks) {
      results.push(runTask(task));
      finished();
      await yieldToEventLoop(); // let progress output flush between runs
    }
    return results;
  }
  const pool = new Piscina({ ...workerEntry(), minThreads: workers, maxThreads: workers, idleTimeout: 1000 });
  try {
    return await Promise.all(
      tasks.map(async (task) => {
        const result = (await pool.run(task)) as RunResult;
        finished();
        return result;
      }),
    );
  } finally {
    await pool.destroy();
  }
}

/** The worker module: compiled JavaScript normally; the TypeScript source (through tsx) under tests. */
function workerEntry(): { filename: string; execArgv?: string[] } {
  const fromSource = import.meta.url.endsWith(".ts");
  const filename = new URL(fromSource ? "./worker.ts" : "./worker.js", import.meta.url).href;
  return fromSource ? { filename, execArgv: ["--import", "tsx"] } : { filename };
}

function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
