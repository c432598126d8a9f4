// Runs a check's (scenario, seed) tasks: in this thread for one worker, else on a piscina pool
// with one thread per worker. Results come back in task order, so the verdict is the same for
// any number of workers. Progress counts the simulated share of the runs still going, not only
// the finished ones: one long run must not leave a CI log silent until it ends.

import { availableParallelism } from "node:os";
import { MessageChannel } from "node:worker_threads";
import { Piscina } from "piscina";
import type { RunResult } from "../../scenario/index.js";
import runTask, { type RunTask } from "./worker.js";

export interface RunnerOptions {
  workers: number;
  /** Called as the runs advance with the share of all the work done, 0..1 (never decreasing). */
  onProgress?: (fraction: number) => void;
}

export function defaultWorkers(): number {
  return availableParallelism();
}

export async function runTasks(tasks: RunTask[], options: RunnerOptions): Promise<RunResult[]> {
  const workers = Math.max(1, Math.min(options.workers, tasks.length));
  const shares = new Array<number>(tasks.length).fill(0);
  let total = 0;
  const advanced = (index: number, fraction: number) => {
    const share = Math.min(1, Math.max(shares[index], fraction));
    total += share - shares[index];
    shares[index] = share;
    options.onProgress?.(Math.min(1, total / tasks.length));
  };
  if (workers === 1) {
    const results: RunResult[] = [];
    for (const [index, task] of tasks.entries()) {
      results.push(runTask(task, (fraction) => advanced(index, fraction)));
      advanced(index, 1);
      await yieldToEventLoop(); // let progress output flush between runs
    }
    return results;
  }
  const pool = new Piscina({ ...workerEntry(), minThreads: workers, maxThreads: workers, idleTimeout: 1000 });
  try {
    return await Promise.all(
      tasks.map(async (task, index) => {
        const { port1, port2 } = new MessageChannel();
        port1.on("message", (fraction: number) => advanced(index, fraction));
        try {
          const result = (await pool.run({ ...task, progress: port2 }, { transferList: [port2] })) as RunResult;
          advanced(index, 1);
          return result;
        } finally {
          port1.close();
        }
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
