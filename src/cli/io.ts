// File input for the CLI: friendly errors for unreadable files and files that are not UTF-8, and
// scenario discovery in folders. Reports are written by output-paths.ts and atomic-write.ts.

import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { type BaseTexts, collectBases, ScenarioInputError } from "../scenario/index.js";
import type { InputFile } from "./output-paths.js";
import { decodeUtf8 } from "./utf8.js";

/** A problem with what the user asked for: printed without a stack, exit code 2. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "UsageError";
  }
}

/** A file's text; one that is not UTF-8 is an input error at the byte where it stops being UTF-8. */
export function readTextFile(file: string): string {
  const decoded = decodeUtf8(readBytes(file));
  if ("text" in decoded) return decoded.text;
  const { line, column, message } = decoded.problem;
  throw new ScenarioInputError([{ file, line, column, message }]);
}

/**
 * A scenario file's text and the texts of the files it `extends:` (scenario/extends.ts), read
 * once here so that worker threads load exactly what this thread did. A missing base is left
 * out: the loader reports it at the `extends:` line.
 */
export function readScenarioFile(file: string): { text: string; bases: BaseTexts } {
  const text = readTextFile(file);
  const bases = collectBases(text, file, (path) =>
    existsSync(path) && statSync(path).isFile() ? readTextFile(path) : undefined,
  );
  return { text, bases };
}

/**
 * Each scenario file with the files it extends, as inputs no report may overwrite. A file that
 * cannot be read adds nothing here: reading it for the run reports the problem.
 */
export function scenarioInputs(files: readonly string[]): InputFile[] {
  return files.flatMap((file): InputFile[] => {
    let bases: string[] = [];
    try {
      bases = Object.keys(readScenarioFile(file).bases);
    } catch {
      bases = [];
    }
    return [{ file, what: "scenario" }, ...bases.map((base) => ({ file: base, what: "base scenario" as const }))];
  });
}

function readBytes(file: string): Buffer {
  try {
    return readFileSync(file);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "ENOENT")
      throw new UsageError(`${file}: no such file; check the path (scenarios live in scenarios/*.yaml)`);
    if (code === "EISDIR") throw new UsageError(`${file}: is a folder; name a scenario file inside it`);
    throw new UsageError(`${file}: cannot be read (${code ?? (error as Error).message})`);
  }
}

/** Expands folders into the .yaml/.yml files below them, sorted for a stable order. */
export function expandScenarioPaths(paths: string[]): string[] {
  const files: string[] = [];
  for (const path of paths) {
    if (!existsSync(path)) throw new UsageError(`${path}: no such file or folder`);
    if (statSync(path).isDirectory()) files.push(...walk(path));
    else files.push(path);
  }
  return files;
}

function walk(folder: string): string[] {
  const found: string[] = [];
  const entries = readdirSync(folder, { withFileTypes: true }).sort((a, b) =>
    a.name < b.name ? -1 : a.name > b.name ? 1 : 0,
  );
  for (const entry of entries) {
    const path = join(folder, entry.name);
    if (entry.isDirectory() && entry.name !== "node_modules" && !entry.name.startsWith(".")) found.push(...walk(path));
    else if (entry.isFile() && /\.ya?ml$/.test(entry.name)) found.push(path);
  }
  return found;
}
