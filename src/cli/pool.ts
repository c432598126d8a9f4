// Runs tasks on worker threads: in this thread for one worker, else on a piscina pool with one
// thread per worker. Results come back in task order, so what is made of them is the same for any
// number of workers. Progress counts the simulated share of the tasks still going, not only the
// finished ones: one long run must not leave a CI log silent until it ends.

import { availableParallelism } from "node:os";
import { MessageChannel, type MessagePort } from "node:worker_threads";
import { Piscina } from "piscina";

export interface PoolOptions {
  workers: number;
  /** Called as the tasks advance with the share of all the work done, 0..1 (never decreasing). */
  onProgress?: (fraction: number) => void;
}

/** A worker module: its default export runs one task (given a progress port) in any thread. */
export interface WorkerJob<Task, Result> {
  /** The same function, called in this thread when there is one worker. */
  inThread(task: Task, onProgress: (fraction: number) => void): Result;
  /** The worker file next to the caller, `import.meta.url`-relative without extension ("./worker"). */
  module: { base: string; from: string };
}

export function defaultWorkers(): number {
  return availableParallelism();
}

export async function runOnPool<Task extends object, Result>(
  tasks: Task[],
  job: WorkerJob<Task, Result>,
  options: PoolOptions,
): Promise<Result[]> {
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
    const results: Result[] = [];
    for (const [index, task] of tasks.entries()) {
      results.push(job.inThread(task, (fraction) => advanced(index, fraction)));
      advanced(index, 1);
      await yieldToEventLoop(); // let progress output flush between runs
    }
    return results;
  }
  const pool = new Piscina({ ...workerEntry(job.module), minThreads: workers, maxThreads: workers, idleTimeout: 1000 });
  try {
    return await Promise.all(
      tasks.map(async (task, index) => {
        const { port1, port2 } = new MessageChannel();
        port1.on("message", (fraction: number) => advanced(index, fraction));
        try {
          const result = (await pool.run({ ...task, progress: port2 }, { transferList: [port2] })) as Result;
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

/** What a worker's default export receives: its task and, from a pool, the port progress goes back on. */
export type WithProgressPort<Task> = Task & { progress?: MessagePort };

/** The progress callback a worker hands its run: posts on the task's port, if any. */
export function progressOf(task: { progress?: MessagePort }): ((fraction: number) => void) | undefined {
  return task.progress ? (fraction) => task.progress?.postMessage(fraction) : undefined;
}

/** The worker module: compiled JavaScript normally; the TypeScript source (through tsx) under tests. */
function workerEntry(module: { base: string; from: string }): { filename: string; execArgv?: string[] } {
  const fromSource = module.from.endsWith(".ts");
  const filename = new URL(`${module.base}${fromSource ? ".ts" : ".js"}`, module.from).href;
  return fromSource ? { filename, execArgv: ["--import", "tsx"] } : { filename };
}

function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
