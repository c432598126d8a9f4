// Which report formats a check writes, and where. `--format junit=out.xml` names its file
// inline; `--output FILE` belongs to the nearest --format before it that has no file yet (or to
// the default text report when no --format came before). At most one report goes to stdout.

import type { CheckResult } from "../../scenario/index.js";
import { UsageError } from "../io.js";

export interface ReportTarget {
  format: string;
  /** Undefined: stdout. */
  file?: string;
  /** How the file was named, for messages: "--format junit=out.xml" or "--output out.xml". */
  label?: string;
}

/** A report format: renders the whole check result (in colour when it goes to a terminal). */
export type Renderer = (result: CheckResult, color: boolean) => string;

/** --format and --output as they appeared on the command line, in order. */
export type ReportOption = { option: "format"; value: string } | { option: "output"; value: string };

export function planOutputs(options: ReportOption[], available: readonly string[]): ReportTarget[] {
  const targets: ReportTarget[] = [];
  for (const entry of options) {
    if (entry.option === "format") {
      const [name, inlineFile] = splitOnce(entry.value, "=");
      if (!available.includes(name)) {
        throw new UsageError(`unknown --format "${name}"; use one of ${available.join(", ")} (optionally format=FILE)`);
      }
      targets.push({ format: name, ...(inlineFile ? { file: inlineFile, label: `--format ${entry.value}` } : {}) });
      continue;
    }
    const label = `--output ${entry.value}`;
    const owner = [...targets].reverse().find((target) => target.file === undefined);
    if (owner) Object.assign(owner, { file: entry.value, label });
    else if (targets.length === 0) targets.push({ format: "text", file: entry.value, label });
    else
      throw new UsageError(
        `--output ${entry.value} has no --format before it without a file; put it after the --format it is for`,
      );
  }
  if (targets.length === 0) targets.push({ format: "text" });
  const toStdout = targets.filter((t) => t.file === undefined);
  if (toStdout.length > 1) {
    const second = toStdout[1].format;
    throw new UsageError(`only one report can go to stdout; give ${second} a file (--format ${second}=FILE)`);
  }
  return targets;
}

function splitOnce(text: string, separator: string): [string, string | undefined] {
  const at = text.indexOf(separator);
  return at < 0 ? [text, undefined] : [text.slice(0, at), text.slice(at + 1)];
}
