// Where reports may be written, decided before any simulation (ARCHITECTURE.md, "Inputs and files"): never over an input
// (compared by real path and by file identity, so a symlink or a hard link to a scenario is the
// scenario), never a folder, only in a folder that exists and can be written, and never two
// reports to one file.

import { accessSync, constants, lstatSync, readlinkSync, realpathSync, type Stats, statSync } from "node:fs";
import { basename, dirname, join, resolve } from "node:path";
import { UsageError } from "./io.js";

export interface OutputRequest {
  /** How the user named it, for messages: "--output report.json", "--format junit=junit.xml". */
  label: string;
  file: string;
}

/** A file the command reads: a scenario, or the baseline it compares with. */
export interface InputFile {
  file: string;
  what: "scenario" | "base scenario" | "baseline" | "partial result";
}

export interface OutputPlan extends OutputRequest {
  /** The real path the report goes to: symlinks resolved, so the temporary file sits beside it. */
  destination: string;
  /** A device or a pipe (/dev/stdout, a FIFO): written in place, as renaming over it would replace it. */
  inPlace: boolean;
}

/** Checks every output against the inputs and each other; throws a UsageError naming the first problem. */
export function planOutputPaths(outputs: OutputRequest[], inputs: InputFile[]): OutputPlan[] {
  const inputIdentities = inputs.map((input) => ({ ...input, ...identify(input.file) }));
  const plans: OutputPlan[] = [];
  for (const output of outputs) {
    const plan = planOne(output);
    const stats = statOrUndefined(plan.destination);
    for (const input of inputIdentities) {
      const sameFile =
        input.real === plan.destination ||
        (stats !== undefined && input.stats !== undefined && sameIdentity(stats, input.stats));
      if (sameFile) {
        const how = resolve(output.file) === resolve(input.file) ? "" : ` (the same file as ${input.file})`;
        throw new UsageError(
          `${output.label} is one of the input files${how}; choose another name so your ${input.what} is not overwritten`,
        );
      }
    }
    const earlier = plans.find((other) => other.destination === plan.destination);
    if (earlier)
      throw new UsageError(`${output.label} and ${earlier.label} are the same file; give each report its own`);
    plans.push(plan);
  }
  return plans;
}

function planOne(output: OutputRequest): OutputPlan {
  const named = resolve(output.file);
  const stats = statOrUndefined(named); // through any symlinks
  if (stats !== undefined) {
    if (stats.isDirectory()) throw new UsageError(`${output.label} is a folder; name a file inside it`);
    // A device or a pipe (/dev/stdout, /dev/null, a FIFO) is written through its name.
    if (!stats.isFile()) return { ...output, destination: named, inPlace: true };
    const destination = realpathSync(named);
    requireWritable(output, dirname(destination));
    return { ...output, destination, inPlace: false };
  }
  // A new file; a symlink to a file that does not exist yet creates that file.
  const target = followLinks(output, named);
  const folder = dirname(target);
  const folderStats = statOrUndefined(folder);
  if (folderStats === undefined)
    throw new UsageError(`${output.label}: the folder ${folder} does not exist; create it first or name another file`);
  if (!folderStats.isDirectory())
    throw new UsageError(`${output.label}: ${folder} is not a folder; name a file inside a folder`);
  requireWritable(output, folder);
  return { ...output, destination: join(realpathSync(folder), basename(target)), inPlace: false };
}

function followLinks(output: OutputRequest, path: string): string {
  let current = path;
  for (let hops = 0; hops < 40; hops++) {
    if (!lstatOrUndefined(current)?.isSymbolicLink()) return current;
    current = resolve(dirname(current), readlinkSync(current));
  }
  throw new UsageError(`${output.label} is a loop of symbolic links; name another file`);
}

function requireWritable(output: OutputRequest, folder: string): void {
  try {
    accessSync(folder, constants.W_OK);
  } catch {
    throw new UsageError(
      `${output.label}: cannot write in the folder ${folder} (permission denied); name another file`,
    );
  }
}

function identify(file: string): { real: string; stats?: Stats } {
  const stats = statOrUndefined(file);
  let real = resolve(file);
  try {
    real = realpathSync(file);
  } catch {
    // An input that vanished since it was read: compare by name only.
  }
  return { real, ...(stats ? { stats } : {}) };
}

function sameIdentity(a: Stats, b: Stats): boolean {
  return a.dev === b.dev && a.ino === b.ino;
}

function statOrUndefined(file: string): Stats | undefined {
  try {
    return statSync(file);
  } catch {
    return undefined;
  }
}

function lstatOrUndefined(file: string): Stats | undefined {
  try {
    return lstatSync(file);
  } catch {
    return undefined;
  }
}
