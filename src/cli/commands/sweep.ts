// `faultline sweep <scenario>`: many runs of one scenario on every core — or one shard of them,
// for merge to combine — and what they say together: each figure's mean with its interval and
// its bad years, how often each target is met, and what eats the error budget.
// Exit codes: 0 every target met on average · 1 one was not · 2 bad input · 3 internal error.

import type { Command } from "commander";
import { formatSweepHtml, formatSweepJson, formatSweepMarkdown, formatSweepText } from "../../report/index.js";
import { type FidelityChoice, formatIssue, loadScenario, ScenarioInputError } from "../../scenario/index.js";
import {
  aggregateSweep,
  PARTIAL_KIND,
  parseShard,
  type Shard,
  type SweepPartial,
  type SweepResult,
  shardRuns,
  sweepHeader,
} from "../../sweep/index.js";
import { writeAtomically, writeHooksFrom } from "../atomic-write.js";
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
  VARIANT_HELP,
} from "../options.js";
import type { OutputPlan } from "../output-paths.js";
import { defaultWorkers, runOnPool } from "../pool.js";
import { createProgress } from "../progress.js";
import { sweepTasks } from "../sweep/tasks.js";
import runSweepTask from "../sweep/worker.js";
import { writeReports } from "../write-reports.js";

export interface SweepOptions {
  runs?: number;
  years?: number;
  seed?: number;
  workers?: number;
  shard?: string;
  /** Auto unless said: fluid where it can stand in (scenario/fidelity.ts). */
  fidelity?: FidelityChoice;
  reports: ReportOption[];
  color?: boolean;
  progress?: boolean;
  strict?: boolean;
  /** `--set path=value` overrides, in command-line order. */
  set?: string[];
  /** One of the file's named variants. */
  variant?: string;
}

export const SWEEP_RENDERERS: Record<string, (result: SweepResult, color: boolean) => string> = {
  text: (result, color) => formatSweepText(result, color),
  json: (result) => formatSweepJson(result),
  md: (result) => formatSweepMarkdown(result),
  html: (result) => formatSweepHtml(result),
};

/** Runs in a sweep when neither --runs nor --years says. */
const DEFAULT_RUNS = 100;

export async function sweepCommand(file: string, options: SweepOptions, cli: CliContext): Promise<number> {
  if (options.runs !== undefined && options.years !== undefined)
    throw new UsageError("give --runs (runs of the scenario's own length) or --years (runs of a year each), not both");
  const shard = options.shard === undefined ? undefined : parseShardOption(options.shard);
  const fromEnvironment = options.shard === undefined ? jobCompletionShard(cli.env) : undefined;
  const chosenShard = shard ?? fromEnvironment;
  if (chosenShard && options.reports.some((r) => r.option === "format"))
    throw new UsageError(
      "a shard writes its partial result as JSON for `faultline merge`; give the report formats to merge instead",
    );
  const targets = planOutputs(
    chosenShard
      ? [{ option: "format", value: "json" }, ...options.reports.filter((r) => r.option === "output")]
      : options.reports,
    chosenShard ? ["json"] : Object.keys(SWEEP_RENDERERS),
  );
  const plans = reportFilePlans(targets, scenarioInputs([file]));

  const { text, bases } = readScenarioFile(file);
  const variant = options.variant === undefined ? {} : { variant: options.variant };
  const fidelity = options.fidelity ?? "auto";
  const duration = options.years === undefined ? undefined : "365d";
  let scenario: ReturnType<typeof loadScenario>;
  try {
    const overrides = options.set ?? [];
    scenario = loadScenario(text, file, {
      ...(duration === undefined ? {} : { duration }),
      fidelity,
      overrides,
      bases,
      ...variant,
    });
    if (options.strict && scenario.warnings.length > 0) throw new ScenarioInputError(scenario.warnings);
  } catch (error) {
    if (!(error instanceof ScenarioInputError)) throw error;
    for (const issue of error.issues) cli.stderr.write(`${formatIssue(issue)}\n`);
    return 2;
  }
  for (const warning of scenario.warnings) cli.stderr.write(`${formatIssue(warning)}\n`);
  refuseFluidObstacles(scenario, fidelity);
  const chosen = { fidelity: scenario.world.fidelity ?? "request", obstacles: scenario.fluidObstacles };
  if (fidelity === "auto" && chosen.fidelity === "request") {
    const why = chosen.obstacles.map((o) => `  - ${o}`).join("\n");
    cli.stderr.write(`note: runs go per request (slower): the fluid fidelity cannot stand in here:\n${why}\n`);
  }

  const runs = options.years ?? options.runs ?? DEFAULT_RUNS;
  const header = sweepHeader(scenario, runs, options.seed ?? scenario.world.seed, cli.version, chosen);
  const { from, to } = chosenShard ? shardRuns(runs, chosenShard) : { from: 0, to: runs };
  const workers = options.workers ?? defaultWorkers();
  const tasks = sweepTasks(
    {
      file,
      text,
      ...(duration === undefined ? {} : { duration }),
      fidelity: chosen.fidelity,
      overrides: scenario.overrides,
      bases,
      ...variant,
      header,
    },
    { from, to },
    workers,
  );

  const label = chosenShard
    ? `sweep shard ${chosenShard.index}/${chosenShard.count}: ${to - from} runs`
    : `sweep: ${runs} runs`;
  const progressMode = options.progress === false ? "off" : cli.stderr.isTTY ? "tty" : "plain";
  const progress = createProgress(label, cli.stderr, progressMode, cli.now);
  const heartbeat = progressMode === "off" ? undefined : setInterval(() => progress.tick(), 1_000);
  let summaries: ReturnType<typeof runSweepTask>;
  try {
    const blocks = await runOnPool(
      tasks,
      { inThread: runSweepTask, module: { base: "../sweep/worker", from: import.meta.url } },
      { workers, onProgress: (fraction) => progress.update(fraction) },
    );
    summaries = blocks.flat();
  } finally {
    clearInterval(heartbeat);
    progress.done();
  }

  const hooks = writeHooksFrom(cli.env, cli.stderr);
  if (chosenShard) {
    const partial: SweepPartial = { kind: PARTIAL_KIND, header, shard: chosenShard, summaries };
    const json = `${JSON.stringify(partial, null, 2)}\n`;
    if (plans.length === 0) cli.stdout.write(json);
    else {
      await writeAtomically(plans[0], json, hooks);
      cli.stderr.write(
        `wrote shard ${chosenShard.index}/${chosenShard.count} (runs ${from}..${to - 1}) to ${plans[0].file}\n`,
      );
    }
    return 0;
  }
  const result = aggregateSweep(header, summaries);
  await writeSweepReports(result, targets, plans, cli);
  return result.targets.every((target) => target.meanMeets) ? 0 : 1;
}

/** Writes each report of a sweep: to its file (atomically), or the one without a file to stdout. */
export async function writeSweepReports(
  result: SweepResult,
  targets: ReturnType<typeof planOutputs>,
  plans: OutputPlan[],
  cli: CliContext,
): Promise<void> {
  await writeReports(result, SWEEP_RENDERERS, { targets, plans }, cli);
}

function parseShardOption(text: string): Shard {
  const shard = parseShard(text);
  if (typeof shard === "string") throw new UsageError(shard);
  return shard;
}

/**
 * A Kubernetes Indexed Job sets JOB_COMPLETION_INDEX (0-based) in each pod; with
 * FAULTLINE_SHARDS (the job's completions) it names the shard without a --shard flag.
 */
function jobCompletionShard(env: CliContext["env"]): Shard | undefined {
  const index = env.JOB_COMPLETION_INDEX;
  if (index === undefined) return undefined;
  const count = env.FAULTLINE_SHARDS;
  if (count === undefined)
    throw new UsageError(
      "JOB_COMPLETION_INDEX is set: set FAULTLINE_SHARDS to the job's completions too (or pass --shard i/n)",
    );
  const shard = parseShard(`${Number(index) + 1}/${count}`);
  if (typeof shard === "string" || !/^\d+$/.test(index))
    throw new UsageError(`JOB_COMPLETION_INDEX=${index} with FAULTLINE_SHARDS=${count} does not name a shard`);
  return shard;
}

export function registerSweep(program: Command, cli: CliContext, setExitCode: (code: number) => void): void {
  const command = program
    .command("sweep")
    .description(
      "many runs of one scenario: each figure with its interval and bad years, targets met, what eats the budget",
    )
    .argument("<scenario>", "scenario file");
  runCountOptions(
    command,
    {
      runs: `runs of the scenario's own length (default ${DEFAULT_RUNS})`,
      years: "runs of one year each (the scenario's duration becomes 365d)",
      seed: "the first run's seed; run r has seed + r (default: the scenario's seed)",
    },
    1,
  )
    .option("--fidelity <f>", `${FIDELITY_HELP}; default auto`, fidelityChoice)
    .option("--set <path=value>", SET_HELP, collectOverride)
    .option("--variant <name>", VARIANT_HELP)
    .option("--shard <i/n>", "run only shard i of n and write its partial result (JSON) for `faultline merge`");
  const reports = reportOptions(command, Object.keys(SWEEP_RENDERERS));
  command
    .option("--no-color", "plain text even in a terminal")
    .option("--no-progress", "never print progress (default: a bar in a terminal, else a line every 5 s on stderr)")
    .option("--strict", "treat warnings as errors (exit 2, nothing run)")
    .addHelpText(
      "after",
      "\nRun r has seed + r, whatever the workers or shards: the same sweep gives the same numbers anywhere.\nExit codes: 0 every target met on average · 1 one was not · 2 bad input · 3 internal error",
    )
    .action(async (file: string, options: Omit<SweepOptions, "reports">) =>
      setExitCode(await sweepCommand(file, { ...options, reports }, cli)),
    );
}
