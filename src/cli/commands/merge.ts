// `faultline merge <partials...>`: the partial results of a sweep's shards, combined into the
// sweep's result — the same, byte for byte, as one machine running every run. Refuses partials
// of different sweeps and a set that misses a run or repeats one.

import type { Command } from "commander";
import { MergeError, mergePartials, PARTIAL_KIND, type SweepPartial } from "../../sweep/index.js";
import { planOutputs, type ReportOption } from "../check/outputs.js";
import type { CliContext } from "../context.js";
import { readTextFile, UsageError } from "../io.js";
import { reportFilePlans, reportOptions } from "../options.js";
import { SWEEP_RENDERERS, writeSweepReports } from "./sweep.js";

export async function mergeCommand(files: string[], reports: ReportOption[], cli: CliContext): Promise<number> {
  const targets = planOutputs(reports, Object.keys(SWEEP_RENDERERS));
  const plans = reportFilePlans(
    targets,
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
  const command = program
    .command("merge")
    .description("combine the partial results of a sweep's shards into the sweep's result")
    .argument("<partials...>", "the JSON files `faultline sweep --shard i/n` wrote, one per shard");
  const reports = reportOptions(command, Object.keys(SWEEP_RENDERERS));
  command
    .addHelpText(
      "after",
      "\nExit codes: 0 every target met on average · 1 one was not · 2 bad input · 3 internal error",
    )
    .action(async (files: string[]) => setExitCode(await mergeCommand(files, reports, cli)));
}
