// `faultline merge <partials...>`: the partial results of a sweep's shards, combined into the
// sweep's result — the same, byte for byte, as one machine running every run. Refuses partials
// of different sweeps and a set that misses a run or repeats one.

import type { Command } from "commander";
import { MergeError, mergePartials, PARTIAL_KIND, type SweepPartial } from "../../sweep/index.js";
import { planOutputs, type ReportOption } from "../check/outputs.js";
import type { CliContext } from "../context.js";
import { readTextFile, UsageError } from "../io.js";
import { planOutputPaths } from "../output-paths.js";
import { SWEEP_RENDERERS, writeSweepReports } from "./sweep.js";

export async function mergeCommand(files: string[], reports: ReportOption[], cli: CliContext): Promise<number> {
  const targets = planOutputs(reports, Object.keys(SWEEP_RENDERERS));
  const plans = planOutputPaths(
    targets.flatMap((t) => (t.file === undefined ? [] : [{ label: t.label ?? t.file, file: t.file }])),
    files.map((file) => ({ file, what: "partial result" })),
  );
  const partials = files.map((file) => ({ file, partial: readPartial(file) }));
  let result: ReturnType<typeof mergePartials>;
  try {
    result = mergePartials(partials);
  } catch (error) {
    if (error instanceof MergeError) throw new UsageError(error.message);
    throw error;
  }
  await writeSweepReports(result, targets, plans, cli);
  return result.targets.every((target) => target.meanMeets) ? 0 : 1;
}

function readPartial(file: string): SweepPartial {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readTextFile(file));
  } catch (error) {
    if (error instanceof UsageError) throw error;
    throw new UsageError(`${file} is not JSON: give the files that \`faultline sweep --shard i/n\` wrote`);
  }
  const partial = parsed as Partial<SweepPartial> | null;
  if (partial?.kind !== PARTIAL_KIND || !Array.isArray(partial.summaries) || partial.header === undefined)
    throw new UsageError(
      `${file} is not a sweep's partial result: give the files that \`faultline sweep --shard i/n\` wrote`,
    );
  return partial as SweepPartial;
}

export function registerMerge(program: Command, cli: CliContext, setExitCode: (code: number) => void): void {
  const reports: ReportOption[] = [];
  program
    .command("merge")
    .description("combine the partial results of a sweep's shards into the sweep's result")
    .argument("<partials...>", "the JSON files `faultline sweep --shard i/n` wrote, one per shard")
    .option(
      "-f, --format <format>",
      "report format: text, json, md, html (repeatable; format=FILE writes a file)",
      (value: string) => {
        reports.push({ option: "format", value });
        return value;
      },
    )
    .option("-o, --output <file>", "file for the --format before it (repeatable)", (value: string) => {
      reports.push({ option: "output", value });
      return value;
    })
    .addHelpText(
      "after",
      "\nExit codes: 0 every target met on average · 1 one was not · 2 bad input · 3 internal error",
    )
    .action(async (files: string[]) => setExitCode(await mergeCommand(files, reports, cli)));
}
