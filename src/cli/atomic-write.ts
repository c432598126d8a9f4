// Reports are written to a temporary file beside their destination, flushed, and renamed into
// place (ARCHITECTURE.md, "Inputs and files"): a run killed outright leaves the previous report intact, never half a
// file, and one stopped by SIGINT, SIGTERM or SIGHUP removes its temporary file before it dies.
// Temporary names (`.report.json.faultline-<pid>-<hex>.tmp`) are never read as reports: they start
// with a dot and end in .tmp, and a later write to the same report removes those of dead runs.

import { randomBytes } from "node:crypto";
import { readdirSync, statSync, unlinkSync } from "node:fs";
import { type FileHandle, open, rename, unlink, writeFile } from "node:fs/promises";
import { basename, dirname, join } from "node:path";
import { UsageError } from "./io.js";
import type { OutputPlan } from "./output-paths.js";

/** Test hooks: stop for good at a point of the write, so a test can kill the process there. */
export type WritePause = "mid-write" | "before-rename";

export interface WriteHooks {
  pause?: WritePause;
  /** Called at the pause with the temporary file's path; never resolves. */
  paused?: (temporary: string) => Promise<never>;
}

const SIGNALS = ["SIGINT", "SIGTERM", "SIGHUP"] as const;
const EXIT_CODE_OF: Record<(typeof SIGNALS)[number], number> = { SIGHUP: 129, SIGINT: 130, SIGTERM: 143 };

/** Temporary files being written now; the signal handler is installed only while there are some. */
const inFlight = new Set<string>();

function onSignal(signal: (typeof SIGNALS)[number]): void {
  for (const temporary of inFlight) {
    try {
      unlinkSync(temporary);
    } catch {
      // Already renamed or removed.
    }
  }
  inFlight.clear();
  for (const name of SIGNALS) process.removeListener(name, onSignal);
  // Die of the signal, as without a handler, so the parent sees how the run ended.
  process.kill(process.pid, signal);
  process.exit(EXIT_CODE_OF[signal]);
}

function track(temporary: string): void {
  // Installed only around writes: a handler during a long synchronous simulation would make
  // Ctrl-C wait for the simulation's end, and there is nothing on disk to clean up then.
  if (inFlight.size === 0) for (const name of SIGNALS) process.on(name, onSignal);
  inFlight.add(temporary);
}

function untrack(temporary: string): void {
  inFlight.delete(temporary);
  if (inFlight.size === 0) for (const name of SIGNALS) process.removeListener(name, onSignal);
}

/** Writes `content` to `plan.destination` atomically; a UsageError says why it could not. */
export async function writeAtomically(plan: OutputPlan, content: string, hooks: WriteHooks = {}): Promise<void> {
  if (plan.inPlace) {
    await writeFile(plan.destination, content).catch((error) => failed(plan, error));
    return;
  }
  removeStaleTemporaries(plan.destination);
  const temporary = join(
    dirname(plan.destination),
    `.${basename(plan.destination)}.faultline-${process.pid}-${randomBytes(4).toString("hex")}.tmp`,
  );
  track(temporary);
  try {
    const handle = await open(temporary, "wx");
    try {
      await keepMode(handle, plan.destination);
      const bytes = Buffer.from(content, "utf8");
      const half = Math.floor(bytes.length / 2);
      await writeAll(handle, bytes.subarray(0, half));
      if (hooks.pause === "mid-write") await hooks.paused?.(temporary);
      await writeAll(handle, bytes.subarray(half));
      await handle.sync();
    } finally {
      await handle.close();
    }
    if (hooks.pause === "before-rename") await hooks.paused?.(temporary);
    await rename(temporary, plan.destination);
  } catch (error) {
    await unlink(temporary).catch(() => undefined);
    failed(plan, error);
  } finally {
    untrack(temporary);
  }
}

async function writeAll(handle: FileHandle, bytes: Uint8Array): Promise<void> {
  let written = 0;
  while (written < bytes.length) {
    const { bytesWritten } = await handle.write(bytes, written, bytes.length - written);
    written += bytesWritten;
  }
}

/** A report written again keeps the permissions of the one it replaces. */
async function keepMode(handle: FileHandle, destination: string): Promise<void> {
  try {
    await handle.chmod(statSync(destination).mode & 0o7777);
  } catch {
    // No previous report: the new file gets the usual permissions.
  }
}

/** Removes temporary files of this destination left by runs that were killed outright. */
function removeStaleTemporaries(destination: string): void {
  const prefix = `.${basename(destination)}.faultline-`;
  let names: string[];
  try {
    names = readdirSync(dirname(destination));
  } catch {
    return;
  }
  for (const name of names) {
    if (!name.startsWith(prefix)) continue;
    const match = /^(\d+)-[0-9a-f]+\.tmp$/.exec(name.slice(prefix.length));
    if (!match || isAlive(Number(match[1]))) continue;
    try {
      unlinkSync(join(dirname(destination), name));
    } catch {
      // Another run removed it first.
    }
  }
}

function isAlive(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code !== "ESRCH";
  }
}

function failed(plan: OutputPlan, error: unknown): never {
  if (error instanceof UsageError) throw error;
  const reason = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
  throw new UsageError(`cannot write ${plan.file}: ${reason}`);
}

/** The hooks asked for in FAULTLINE_TEST_PAUSE_WRITE (tests of killed runs), announced on stderr. */
export function writeHooksFrom(
  env: Record<string, string | undefined>,
  stderr: { write(text: string): unknown },
): WriteHooks {
  const pause = env.FAULTLINE_TEST_PAUSE_WRITE;
  if (pause !== "mid-write" && pause !== "before-rename") return {};
  return {
    pause,
    paused: (temporary) => {
      stderr.write(`faultline: paused ${pause} of ${temporary} (FAULTLINE_TEST_PAUSE_WRITE)\n`);
      // A timer keeps the process alive until the test kills it.
      return new Promise<never>(() => setInterval(() => undefined, 1 << 30));
    },
  };
}
