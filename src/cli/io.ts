// File input and output for the CLI: friendly errors for unreadable files and files that are not
// UTF-8, scenario discovery in folders, and report writes that never clobber an input file and
// never leave half a file.

import { existsSync, readdirSync, readFileSync, renameSync, statSync, writeFileSync } from "node:fs";
import { basename, dirname, join, resolve } from "node:path";
import { ScenarioInputError } from "../scenario/index.js";
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

/** Writes atomically (temp file + rename) and refuses to overwrite any input file. */
export function writeOutput(file: string, content: string, inputs: string[]): void {
  const target = resolve(file);
  if (inputs.some((input) => resolve(input) === target)) {
    throw new UsageError(
      `--output ${file} is one of the input files; choose another name so your scenario is not overwritten`,
    );
  }
  if (existsSync(target) && statSync(target).isDirectory())
    throw new UsageError(`--output ${file} is a folder; name a file`);
  const temporary = join(dirname(target), `.${basename(target)}.${process.pid}.tmp`);
  try {
    writeFileSync(temporary, content);
    renameSync(temporary, target);
  } catch (error) {
    throw new UsageError(`cannot write ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
}
