// `faultline compare <a.yaml> <b.yaml> [...]` or `faultline compare <file> --variants`: every
// design run on the same seeds — so on the same failures (common random numbers) — through the
// sweep's workers, then set side by side with paired differences (sweep/compare.ts).
// Exit codes: 0 compared (a comparison has no verdict) · 2 bad input · 3 internal error.

import type { Command } from "commander";
import {
  ansiStyle,
  formatCompareHtml,
  formatCompareJson,
  formatCompareMarkdown,
  formatCompareText,
  plainStyle,
} from "../../report/index.js";
import {
  type BaseTexts,
  type FidelityChoice,
  formatIssue,
  type InputIssue,
  type LoadedScenario,
  loadScenario,
  ScenarioInputError,
} from "../../scenario/index.js";
import { type ComparisonResult, compareDesigns, type RunSummary, sweepHeader } from "../../sweep/index.js";
import { planOutputs, type ReportOption } from "../check/outputs.js";
import type { CliContext } from "../context.js";
import { readScenarioFile, scenarioInputs, UsageError } from "../io.js";
import {
  collectOverride,
  FIDELITY_HELP,
  fidelityChoice,
  refuseFluidObstacles,
  reportFilePlans,
  reportOptions,
  runCountOptions,
  SET_HELP,
} from "../options.js";
import { defaultWorkers, runOnPool } from "../pool.js";
import { createProgress } from "../progress.js";
import { sweepTasks } from "../sweep/tasks.js";
import runSweepTask, { type SweepTask } from "../sweep/worker.js";
import { writeReports } from "../write-reports.js";

export interface CompareOptions {
  /** Compare the one file given with each of its variants. */
  variants?: boolean;
  runs?: number;
  years?: number;
  seed?: number;
  workers?: number;
  /** Auto unless said: fluid when it can stand in for every design, else per request for all. */
  fidelity?: FidelityChoice;
  set?: string[];
  reports: ReportOption[];
  color?: boolean;
  progress?: boolean;
  strict?: boolean;
}

export const COMPARE_RENDERERS: Record<string, (result: ComparisonResult, color: boolean) => string> = {
  text: (result, color) => formatCompareText(result, color ? ansiStyle : plainStyle),
  json: (result) => formatCompareJson(result),
  md: (result) => formatCompareMarkdown(result),
  html: (result) => formatCompareHtml(result),
};

/** Runs per design when neither --runs nor --years says: paired differences need few. */
const DEFAULT_RUNS = 20;

/** One design to compare: a file, and the variant of it (none: the file as written). */
interface Design {
  file: string;
  text: string;
  bases: BaseTexts;
  variant?: string;
}

export async function compareCommand(files: string[], options: CompareOptions, cli: CliContext): Promise<number> {
  if (options.runs !== undefined && options.years !== undefined)
    throw new UsageError("give --runs (runs of the scenarios' own length) or --years (runs of a year each), not both");
  if (options.variants && files.length !== 1)
    throw new UsageError("--variants compares one file with its variants: give exactly one file");
  if (!options.variants && files.length < 2)
    throw new UsageError("give two scenario files or more to compare, or one file with --variants");
  const targets = planOutputs(options.reports, Object.keys(COMPARE_RENDERERS));
  const plans = reportFilePlans(targets, scenarioInputs(files));
  const designs = listDesigns(files, options.variants === true);
  const duration = options.years === undefined ? undefined : "365d";
  const loaded = loadDesigns(designs, options, duration, options.fidelity ?? "auto", cli);
  if (loaded === undefined) return 2;

  // One fidelity for all: a design run fluid beside one run per request would compare the models.
  const everyFluid = loaded.every((scenario) => scenario.world.fidelity === "fluid");
  const fidelity = everyFluid ? "fluid" : "request";
  const obstacles = [...new Set(loaded.flatMap((scenario) => scenario.fluidObstacles))];
  const final = everyFluid ? loaded : loadDesigns(designs, options, duration, "request", cli);
  if (final === undefined) return 2;
  if ((options.fidelity ?? "auto") === "auto" && !everyFluid && obstacles.length > 0)
    cli.stderr.write(
      `note: every design runs per request (slower): the fluid fidelity cannot stand in for one of them:\n${obstacles.map((o) => `  - ${o}`).join("\n")}\n`,
    );

  // Figures per run (downtime, lost writes) of runs of unlike lengths would compare the lengths.
  const lengths = [...new Set(final.map((scenario) => scenario.world.durationUs / 1e6))];
  if (lengths.length > 1)
    throw new UsageError(
      `the designs run for different lengths (${lengths.map((s) => `${s}s`).join(", ")}); give them one duration (--set duration=…) or compare years (--years N)`,
    );
  const runs = options.years ?? options.runs ?? DEFAULT_RUNS;
  const seed = options.seed ?? final[0].world.seed;
  const workers = options.workers ?? defaultWorkers();
  const chosen = { fidelity, obstacles: everyFluid ? [] : obstacles } as const;
  const headers = final.map((scenario) => sweepHeader(scenario, runs, seed, cli.version, chosen));
  // Every design's tasks go to one pool, design after design: the threads stay busy throughout.
  const taskLists = designs.map((design, index) =>
    sweepTasks(
      {
        file: design.file,
        text: design.text,
        ...(duration === undefined ? {} : { duration }),
        fidelity,
        overrides: final[index].overrides,
        bases: design.bases,
        ...(design.variant === undefined ? {} : { variant: design.variant }),
        header: headers[index],
      },
      { from: 0, to: runs },
      workers,
    ),
  );
  const summaries = await runAll(taskLists, workers, `compare: ${designs.length} designs × ${runs} runs`, options, cli);
  const labels = labelsOf(final);
  const result = compareDesigns(
    final.map((_, index) => ({ label: labels[index], header: headers[index], summaries: summaries[index] })),
  );
  await writeReports(result, COMPARE_RENDERERS, { targets, plans }, cli);
  return 0;
}

/** The designs: each file as written, or the one file and then each of its variants in file order. */
function listDesigns(files: string[], variants: boolean): Design[] {
  const designs = files.map((file) => ({ file, ...readScenarioFile(file) }));
  if (!variants) return designs;
  const [only] = designs;
  // Loaded as the comparison will be (auto): a long file is not refused here for per-request work.
  const names = loadScenario(only.text, only.file, { bases: only.bases, fidelity: "auto" }).variants;
  if (names.length === 0)
    throw new UsageError(
      `${only.file} lists no variants; add a variants: section (name: { path: value }) or compare two files`,
    );
  return [only, ...names.map((variant) => ({ ...only, variant }))];
}

/** Every design loaded with `fidelity`; undefined (the problems printed) when any has input errors. */
function loadDesigns(
  designs: Design[],
  options: CompareOptions,
  duration: string | undefined,
  fidelity: FidelityChoice,
  cli: CliContext,
): LoadedScenario[] | undefined {
  const issues: InputIssue[] = [];
  const loaded: LoadedScenario[] = [];
  for (const design of designs) {
    try {
      const scenario = loadScenario(design.text, design.file, {
        ...(duration === undefined ? {} : { duration }),
        ...(design.variant === undefined ? {} : { variant: design.variant }),
        fidelity,
        overrides: options.set ?? [],
        bases: design.bases,
      });
      if (options.strict && scenario.warnings.length > 0) throw new ScenarioInputError(scenario.warnings);
      refuseFluidObstacles(scenario, options.fidelity);
      loaded.push(scenario);
    } catch (error) {
      if (!(error instanceof ScenarioInputError)) throw error;
      issues.push(...error.issues);
    }
  }
  for (const issue of issues) cli.stderr.write(`${formatIssue(issue)}\n`);
  return issues.length > 0 ? undefined : loaded;
}

/** Runs every design's tasks on one pool, with one progress bar; each design's summaries in run order. */
async function runAll(
  taskLists: SweepTask[][],
  workers: number,
  label: string,
  options: CompareOptions,
  cli: CliContext,
): Promise<RunSummary[][]> {
  const progressMode = options.progress === false ? "off" : cli.stderr.isTTY ? "tty" : "plain";
  const progress = createProgress(label, cli.stderr, progressMode, cli.now);
  const heartbeat = progressMode === "off" ? undefined : setInterval(() => progress.tick(), 1_000);
  try {
    const blocks = await runOnPool(
      taskLists.flat(),
      { inThread: runSweepTask, module: { base: "../sweep/worker", from: import.meta.url } },
      { workers, onProgress: (fraction) => progress.update(fraction) },
    );
    let next = 0;
    return taskLists.map((tasks) => {
      const mine = blocks.slice(next, next + tasks.length);
      next += tasks.length;
      return mine.flat();
    });
  } finally {
    clearInterval(heartbeat);
    progress.done();
  }
}

/** Each design's name: its variant's, else its scenario's; the file where two would read alike. */
function labelsOf(scenarios: readonly LoadedScenario[]): string[] {
  const first = scenarios.map((s) => s.variant ?? s.name);
  const byFile = scenarios.map((s, i) =>
    first.filter((l) => l === first[i]).length > 1 ? `${s.file}${s.variant ? `#${s.variant}` : ""}` : first[i],
  );
  return byFile.map((label, i) => (byFile.indexOf(label) === i ? label : `${label} (${i + 1})`));
}

export function registerCompare(program: Command, cli: CliContext, setExitCode: (code: number) => void): void {
  const command = program
    .command("compare")
    .description(
      "run designs on the same seeds and failures and set them side by side: each figure with its interval, the paired difference against the first, the winner",
    )
    .argument("<scenarios...>", "two scenario files or more, or one with --variants")
    .option("--variants", "compare the file as written with each of its variants (its variants: section)");
  runCountOptions(
    command,
    {
      runs: `runs of the scenarios' own length per design (default ${DEFAULT_RUNS})`,
      years: "runs of one year each per design (the duration becomes 365d)",
      seed: "the first run's seed; run r of every design has seed + r (default: the first scenario's seed)",
    },
    2,
  )
    .option(
      "--fidelity <f>",
      `${FIDELITY_HELP}; default auto (fluid only if it stands in for every design)`,
      fidelityChoice,
    )
    .option("--set <path=value>", `${SET_HELP}; applies to every design`, collectOverride);
  const reports = reportOptions(command, Object.keys(COMPARE_RENDERERS));
  command
    .option("--no-color", "plain text even in a terminal")
    .option("--no-progress", "never print progress (default: a bar in a terminal, else a line every 5 s on stderr)")
    .option("--strict", "treat warnings as errors (exit 2, nothing run)")
    .addHelpText(
      "after",
      "\nA difference is paired: run r of a design minus run r of the first, on the same seed; significant when its 95% interval excludes 0.\nExit codes: 0 compared · 2 bad input · 3 internal error",
    )
    .action(async (files: string[], options: Omit<CompareOptions, "reports">) =>
      setExitCode(await compareCommand(files, { ...options, reports }, cli)),
    );
}
