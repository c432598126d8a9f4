// `faultline explore <scenario>`: what breaks a design (ARCHITECTURE.md, "Explore"). Single points
// of failure and minimal cut sets, then a wider search within a budget; every finding shrunk and
// written as a runnable scenario file in --out (never over an existing file), and a report.
// Exit codes: 0 nothing tried broke a target · 1 something did · 2 bad input · 3 internal error.

import { existsSync, mkdirSync, statSync } from "node:fs";
import { join } from "node:path";
import type { Command } from "commander";
import {
  type ExploreResult,
  exploreScenario,
  findingFileText,
  prepareBase,
  spofSchedules,
  type Trial,
} from "../../explore/index.js";
import { parseDuration } from "../../input/index.js";
import {
  formatExploreHtml,
  formatExploreJson,
  formatExploreMarkdown,
  formatExploreText,
  shellWord,
} from "../../report/index.js";
import { type FidelityChoice, formatIssue, ScenarioInputError } from "../../scenario/index.js";
import { writeAtomically, writeHooksFrom } from "../atomic-write.js";
import { planOutputs } from "../check/outputs.js";
import type { CliContext } from "../context.js";
import runExploreTask, { type ExploreTask } from "../explore/worker.js";
import { readTextFile, UsageError } from "../io.js";
import {
  collectOverride,
  FIDELITY_HELP,
  fidelityChoice,
  reportFilePlans,
  reportOptions,
  SET_HELP,
  wholeNumber,
} from "../options.js";
import { planOutputPaths } from "../output-paths.js";
import { defaultWorkers, runOnPool } from "../pool.js";
import { createProgress } from "../progress.js";
import { writeReports } from "../write-reports.js";

export interface ExploreCommandOptions {
  runs?: number;
  time?: string;
  workers?: number;
  seed?: number;
  faultAt?: string;
  faultFor?: string;
  fidelity?: FidelityChoice;
  set?: string[];
  out?: string;
  reports: { option: "format" | "output"; value: string }[];
  color?: boolean;
  progress?: boolean;
}

export const EXPLORE_RENDERERS: Record<string, (result: ExploreResult, color: boolean) => string> = {
  text: (result, color) => formatExploreText(result, color),
  json: (result) => formatExploreJson(result),
  md: (result) => formatExploreMarkdown(result),
  html: (result) => formatExploreHtml(result),
};

const DEFAULT_RUNS = 200;
const DEFAULT_OUT = "explore-findings";

export async function exploreCommand(file: string, options: ExploreCommandOptions, cli: CliContext): Promise<number> {
  const targets = planOutputs(options.reports, Object.keys(EXPLORE_RENDERERS));
  const plans = reportFilePlans(targets, [{ file, what: "scenario" }]);
  const timeMs = options.time === undefined ? undefined : secondsOption("--time", options.time) * 1000;
  const atS = options.faultAt === undefined ? undefined : secondsOption("--fault-at", options.faultAt);
  const forS = options.faultFor === undefined ? undefined : secondsOption("--fault-for", options.faultFor);
  if (forS === 0) throw new UsageError("--fault-for must be longer than 0s");
  const outDir = options.out ?? DEFAULT_OUT;
  if (existsSync(outDir) && !statSync(outDir).isDirectory())
    throw new UsageError(`--out ${outDir} is a file; give a folder for the findings`);

  const text = readTextFile(file);
  let base: ReturnType<typeof prepareBase>;
  try {
    base = prepareBase(text, file, { fidelity: options.fidelity ?? "auto", overrides: options.set ?? [] });
  } catch (error) {
    if (!(error instanceof ScenarioInputError)) throw error;
    for (const issue of error.issues) cli.stderr.write(`${formatIssue(issue)}\n`);
    return 2;
  }
  if (base.original.slo.length === 0)
    throw new UsageError(
      `${file} has no slo: targets, so nothing can break; add one, e.g. slo: { availability: ">= 99.9%" }`,
    );
  if (atS !== undefined && atS + (forS ?? 1) > base.durationS)
    throw new UsageError(`--fault-at ${options.faultAt} leaves no room in a run of ${base.durationS}s`);

  const perRequest = base.designFidelity.fidelity === "request";
  if (perRequest && base.fidelity === "auto") {
    const why = base.designFidelity.obstacles.map((o) => `  - ${o}`).join("\n");
    cli.stderr.write(
      `note: runs go per request (slower; --workers helps here): the fluid fidelity cannot stand in:\n${why}\n`,
    );
  }
  const now = cli.now ?? Date.now;
  const startedMs = now();
  const progressMode = options.progress === false ? "off" : cli.stderr.isTTY ? "tty" : "plain";
  const progress = createProgress(`explore ${base.original.name}`, cli.stderr, progressMode, now);
  const seed = options.seed ?? base.original.world.seed;
  const runs = options.runs ?? DEFAULT_RUNS;
  const timing = { ...(atS === undefined ? {} : { atS }), ...(forS === undefined ? {} : { forS }) };
  let result: ExploreResult;
  try {
    // The single and pair phase is independent runs, so it may go to the pool first (its share of
    // the bar); one thread for fluid runs, every core per request (ARCHITECTURE.md, "Explore").
    const workers = options.workers ?? (perRequest ? defaultWorkers() : 1);
    const schedules = spofSchedules(base, timing);
    const phaseShare = workers > 1 ? schedules.length / (schedules.length + runs) : 0;
    const known = await runSpofOnPool(
      { file, text, fidelity: base.fidelity, overrides: options.set ?? [], seed, version: cli.version, schedules },
      workers,
      (fraction) => progress.update(fraction * phaseShare),
    );
    result = exploreScenario(base, {
      seed,
      version: cli.version,
      runs,
      ...timing,
      known,
      ...(timeMs === undefined ? {} : { shouldStop: () => now() - startedMs >= timeMs }),
      onProgress: (fraction) => progress.update(phaseShare + fraction * (1 - phaseShare)),
    });
  } finally {
    progress.done();
  }
  await writeFindings(result, base, outDir, cli);
  await writeReports(result, EXPLORE_RENDERERS, { targets, plans }, cli);
  return result.findings.length > 0 || result.spof.baseline.broken ? 1 : 0;
}

/** Each finding to its own file in `outDir`, suffixed rather than written over anything there. */
async function writeFindings(
  result: ExploreResult,
  base: ReturnType<typeof prepareBase>,
  outDir: string,
  cli: CliContext,
): Promise<void> {
  if (result.findings.length === 0) return;
  mkdirSync(outDir, { recursive: true });
  const hooks = writeHooksFrom(cli.env, cli.stderr);
  const stem = result.scenario.name.replace(/[^\w.-]+/g, "-");
  for (const finding of result.findings) {
    let path = join(outDir, `${stem}-finding-${finding.number}.yaml`);
    for (let n = 2; existsSync(path); n++) path = join(outDir, `${stem}-finding-${finding.number}-${n}.yaml`);
    const [plan] = planOutputPaths(
      [{ label: `finding ${finding.number}`, file: path }],
      [{ file: base.file, what: "scenario" }],
    );
    finding.file = path;
    finding.replay = `faultline run ${shellWord(path)} --seed ${result.seed} --fidelity ${base.fidelity}`;
    await writeAtomically(plan, findingFileText(base, finding, { seed: result.seed, replay: finding.replay }), hooks);
  }
  cli.stderr.write(`wrote ${result.findings.length} finding${result.findings.length === 1 ? "" : "s"} to ${outDir}/\n`);
}

/** Blocks of schedules handed to each worker (a fluid run is a few milliseconds: hand-overs must be few). */
const BLOCKS_PER_WORKER = 4;

/** The phase's trials, on `workers` threads (none with one worker: the search then runs them in turn). */
async function runSpofOnPool(
  task: ExploreTask,
  workers: number,
  onProgress: (fraction: number) => void,
): Promise<Trial[]> {
  if (workers <= 1) return [];
  const block = Math.max(1, Math.ceil(task.schedules.length / (workers * BLOCKS_PER_WORKER)));
  const tasks: ExploreTask[] = [];
  for (let first = 0; first < task.schedules.length; first += block)
    tasks.push({ ...task, schedules: task.schedules.slice(first, first + block) });
  const blocks = await runOnPool(
    tasks,
    { inThread: runExploreTask, module: { base: "../explore/worker", from: import.meta.url } },
    { workers, onProgress },
  );
  return blocks.flat();
}

/** A duration option in whole seconds (90m, 1h30m), or a usage error naming the option. */
function secondsOption(name: string, text: string): number {
  const parsed = parseDuration(text);
  if (!parsed.ok) throw new UsageError(`${name} takes a duration such as 90s, 30m or 1h, got "${text}"`);
  return Math.floor(parsed.value / 1e6);
}

export function registerExplore(program: Command, cli: CliContext, setExitCode: (code: number) => void): void {
  const command = program
    .command("explore")
    .description(
      "search for the smallest fault schedules that break a scenario's targets: single points of failure, pairs, then wider",
    )
    .argument("<scenario>", "scenario file (its faults are replaced by the ones explore tries)")
    .option(
      "--runs <n>",
      `schedules the wider search draws after the single and pair phase (default ${DEFAULT_RUNS}; 0: none)`,
      wholeNumber("--runs", 0, 1_000_000),
    )
    .option(
      "--time <duration>",
      "stop the wider search after this much wall time (e.g. 60s); --runs alone is reproducible",
    )
    .option(
      "-s, --seed <n>",
      "the seed of every run and of the search (default: the scenario's)",
      wholeNumber("--seed", 0, 2 ** 31),
    )
    .option(
      "--workers <n>",
      `worker threads for the single and pair phase (default: 1 when runs are fluid, else one per core: ${defaultWorkers()} here)`,
      wholeNumber("--workers", 1, 1024),
    )
    .option(
      "--fault-at <offset>",
      "when the single and pair faults start, from the run's start, e.g. 90m (default: a quarter into the run, rounded)",
    )
    .option("--fault-for <duration>", "how long they last (default: a quarter of the run, at most 1h, rounded)")
    .option("--fidelity <f>", `${FIDELITY_HELP}; default auto`, fidelityChoice)
    .option("--set <path=value>", SET_HELP, collectOverride)
    .option("--out <dir>", `folder for the findings' scenario files (default ${DEFAULT_OUT}; existing files are kept)`);
  const reports = reportOptions(command, Object.keys(EXPLORE_RENDERERS));
  command
    .option("--no-color", "plain text even in a terminal")
    .option("--no-progress", "never print progress (default: a bar in a terminal, else a line every 5 s on stderr)")
    .addHelpText(
      "after",
      "\nThe same scenario, seed and --runs give the same findings.\nExit codes: 0 nothing tried broke a target · 1 something did · 2 bad input · 3 internal error",
    )
    .action(async (file: string, options: Omit<ExploreCommandOptions, "reports">) =>
      setExitCode(await exploreCommand(file, { ...options, reports }, cli)),
    );
}
