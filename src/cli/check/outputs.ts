// Which report formats a check writes, and where: `--format junit=out.xml`, or `--format junit
// --output out.xml` paired in order. At most one report goes to stdout.

import type { CheckResult } from "../../scenario/index.js";
import { UsageError } from "../io.js";

export interface ReportTarget {
  format: string;
  /** Undefined: stdout. */
  file?: string;
}

/** A report format: renders the whole check result (in colour when it goes to a terminal). */
export type Renderer = (result: CheckResult, color: boolean) => string;

export function planOutputs(formats: string[], outputs: string[], available: readonly string[]): ReportTarget[] {
  const requested = formats.length > 0 ? formats : ["text"];
  if (outputs.length > requested.length) {
    throw new UsageError(
      `${outputs.length} --output files for ${requested.length} --format; give one --format per --output`,
    );
  }
  const targets = requested.map((spec, i): ReportTarget => {
    const [name, inlineFile] = splitOnce(spec, "=");
    if (!available.includes(name)) {
      throw new UsageError(`unknown --format "${name}"; use one of ${available.join(", ")} (optionally format=file)`);
    }
    if (inlineFile !== undefined && outputs[i] !== undefined) {
      throw new UsageError(`--format ${spec} already names a file; drop the matching --output ${outputs[i]}`);
    }
    const file = inlineFile ?? outputs[i];
    return { format: name, ...(file ? { file } : {}) };
  });
  const toStdout = targets.filter((t) => t.file === undefined);
  if (toStdout.length > 1) {
    throw new UsageError(
      `only one report can go to stdout; give ${toStdout
        .slice(1)
        .map((t) => t.format)
        .join(", ")} a file (--format ${toStdout[1].format}=FILE)`,
    );
  }
  return targets;
}

function splitOnce(text: string, separator: string): [string, string | undefined] {
  const at = text.indexOf(separator);
  return at < 0 ? [text, undefined] : [text.slice(0, at), text.slice(at + 1)];
}
