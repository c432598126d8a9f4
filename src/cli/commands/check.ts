// `faultline check <files|folders...>`: the CI gate. Runs every scenario found over its seeds
// (on all cores), judges its targets, compares with a baseline, writes the reports, and exits
// 0 all pass · 1 a target failed or a metric regressed · 2 input error · 3 internal error.

import { existsSync, statSync } from "node:fs";
import type { Command } from "commander";
import {
  ansiStyle,
  CHECK_REPORT_KIND,
  formatCheckJson,
  formatCheckText,
  formatHtml,
  formatJunit,
  formatMarkdown,
  parseBaseline,
  plainStyle,
} from "../../report/index.js";
import {
  type BaseTexts,
  type CheckResult,
  checkPassed,
  compareWithBaseline,
  type FidelityChoice,
  formatIssue,
  type InputIssue,
  judgeScenario,
  type LoadedScenario,
  loadScenario,
  ScenarioInputError,
  seedsFor,
  summarizeScenario,
} from "../../scenario/index.js";
import { writeAtomically, writeHooksFrom } from "../atomic-write.js";
import { appendStepSummary, githubAnnotations } from "../check/github.js";
import { planOutputs, type Renderer, type ReportOption, type ReportTarget } from "../check/outputs.js";
import { defaultWorkers, runTasks } from "../check/runner.js";
import type { RunTask } from "../check/worker.js";
import type { CliContext } from "../context.js";
import { expandScenarioPaths, readScenarioFile, readTextFile, scenarioInputs, UsageError } from "../io.js";
import {
  collectOverride,
  FIDELITY_HELP,
  fidelityChoice,
  reportOptions,
  SET_HELP,
  VARIANT_HELP,
  wholeNumber,
} from "../options.js";
import { type InputFile, type OutputPlan, type OutputRequest, planOutputPaths } from "../output-paths.js";
import { createProgress } from "../progress.js";

export interface CheckOptions {
  seeds?: number;
  workers?: number;
  baseline?: string;
  tolerance: number;
  updateBaseline?: boolean;
  /** --format and --output in command-line order (see planOutputs). */
  reports: ReportOption[];
  color?: boolean;
  progress?: boolean;
  /** Guardrail warnings are errors: that scenario is not run. */
  strict?: boolean;
  /** Overrides every file's fidelity (scenario/fidelity.ts). */
  fidelity?: FidelityChoice;
  /** `--set path=value` overrides applied to every file, in command-line order. */
  set?: string[];
  /** The variant applied to every file (each must list it). */
  variant?: string;
}

const RENDERERS: Record<string, Renderer> = {
  text: (result, color) => formatCheckText(result, color ? ansiStyle : plainStyle),
  json: (result) => formatCheckJson(result),
  junit: (result) => formatJunit(result),
  md: (result) => formatMarkdown(result),
  html: (result) => formatHtml(result),
};

export async function checkCommand(paths: string[], options: CheckOptions, cli: CliContext): Promise<number> {
  const files = expandScenarioPaths(paths);
  if (files.length === 0) throw new UsageError(`no .yaml scenario files found in ${paths.join(", ")}`);
  const targets = planOutputs(options.reports, Object.keys(RENDERERS));
  if (options.updateBaseline && !options.baseline)
    throw new UsageError("--update-baseline needs --baseline FILE to write to");
  // Every file question is settled before the first simulation: the baseline is read, and every
  // report's path is checked against the inputs, the others, folders and permissions.
  const previous = options.baseline && !options.updateBaseline ? readBaseline(options.baseline) : undefined;
  const outputs = planCheckOutputs(targets, files, options);

  const errors: InputIssue[] = [];
  const scenarios: { scenario: LoadedScenario; text: string; bases: BaseTexts }[] = [];
  const variant = options.variant === undefined ? {} : { variant: options.variant };
  for (const file of files) {
    try {
      const { text, bases } = readScenarioFile(file);
      const fidelity = options.fidelity === undefined ? {} : { fidelity: options.fidelity };
      const scenario = loadScenario(text, file, { ...fidelity, overrides: options.set ?? [], bases, ...variant });
      if (options.strict && scenario.warnings.length > 0) throw new ScenarioInputError(scenario.warnings);
      if (options.fidelity === "fluid" && scenario.fluidObstacles.length > 0) {
        const why = scenario.fluidObstacles.join("; ");
        throw new ScenarioInputError([
          {
            file,
            line: 1,
            column: 1,
            message: `--fidelity fluid cannot stand in for per-request runs here: ${why}; use --fidelity auto or request`,
          },
        ]);
      }
      for (const warning of scenario.warnings) cli.stderr.write(`${formatIssue(warning)}\n`);
      scenarios.push({ scenario, text, bases });
    } catch (error) {
      if (!(error instanceof ScenarioInputError)) throw error;
      errors.push(...error.issues);
    }
  }

  const tasks: RunTask[] = scenarios.flatMap(({ scenario, text, bases }) =>
    seedsFor(scenario, options.seeds).map((seed) => ({
      file: scenario.file,
      text,
      bases,
      ...variant,
      seed,
      version: cli.version,
      overrides: scenario.overrides,
      ...(options.fidelity === undefined ? {} : { fidelity: options.fidelity }),
    })),
  );
  // Checks are long: a bar in a terminal, else a plain line every few seconds (CI logs).
  const progressMode = options.progress === false ? "off" : cli.stderr.isTTY ? "tty" : "plain";
  const progress = createProgress(`check: ${tasks.length} runs`, cli.stderr, progressMode, cli.now);
  // Worker threads leave this thread free: a timer keeps the line coming while no run moves.
  const heartbeat = progressMode === "off" ? undefined : setInterval(() => progress.tick(), 1_000);
  let results: Awaited<ReturnType<typeof runTasks>>;
  try {
    results = await runTasks(tasks, {
      workers: options.workers ?? defaultWorkers(),
      onProgress: (fraction) => progress.update(fraction),
    });
  } finally {
    clearInterval(heartbeat);
    progress.done();
  }

  let next = 0;
  const verdicts = scenarios.map(({ scenario }) => {
    const runs = results.slice(next, next + seedsFor(scenario, options.seeds).length);
    next += runs.length;
    return judgeScenario(scenario, runs);
  });

  const baseline = previous
    ? compareWithBaseline(
        verdicts.map((v) => ({ name: v.name, summary: summarizeScenario(v) })),
        previous,
        options.tolerance,
      )
    : undefined;
  const result: CheckResult = {
    version: cli.version,
    scenarios: verdicts,
    errors,
    ...(baseline ? { baseline } : {}),
    pass: checkPassed(verdicts, errors, baseline),
  };

  await writeReports(result, outputs.reports, cli);
  if (outputs.baseline) {
    await writeAtomically(outputs.baseline, formatCheckJson(result), writeHooksFrom(cli.env, cli.stderr));
    cli.stderr.write(`wrote the baseline ${outputs.baseline.file}\n`);
  }
  if (cli.env.GITHUB_ACTIONS === "true") for (const line of githubAnnotations(result)) cli.stdout.write(`${line}\n`);
  if (errors.length > 0) return 2;
  return result.pass ? 0 : 1;
}

function readBaseline(file: string) {
  if (!existsSync(file))
    throw new UsageError(`baseline ${file} does not exist; create it with --baseline ${file} --update-baseline`);
  try {
    return parseBaseline(readTextFile(file), file);
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}

interface CheckOutputs {
  reports: { format: string; plan?: OutputPlan }[];
  /** Where --update-baseline writes. */
  baseline?: OutputPlan;
}

function planCheckOutputs(targets: ReportTarget[], files: string[], options: CheckOptions): CheckOutputs {
  const inputs: InputFile[] = scenarioInputs(files);
  const requests: OutputRequest[] = targets.flatMap((target) =>
    target.file === undefined ? [] : [{ label: target.label ?? target.file, file: target.file }],
  );
  const { baseline, updateBaseline } = options;
  if (baseline && updateBaseline) requests.push({ label: `--baseline ${baseline}`, file: baseline });
  else if (baseline) inputs.push({ file: baseline, what: "baseline" });
  const plans = planOutputPaths(requests, inputs);
  if (baseline && updateBaseline) requireReplaceableBaseline(baseline);
  let next = 0;
  const reports = targets.map((target) =>
    target.file === undefined ? { format: target.format } : { format: target.format, plan: plans[next++] },
  );
  return { reports, ...(next < plans.length ? { baseline: plans[next] } : {}) };
}

/** --update-baseline replaces only a previous check report, never a scenario or anything else. */
function requireReplaceableBaseline(file: string): void {
  if (!existsSync(file) || !statSync(file).isFile()) return; // absent, or a folder: planOutputPaths says
  let kind: unknown;
  try {
    kind = (JSON.parse(readTextFile(file)) as { kind?: unknown } | null)?.kind;
  } catch {
    kind = undefined;
  }
  if (kind !== CHECK_REPORT_KIND)
    throw new UsageError(
      `--baseline ${file} exists and is not a faultline check report; --update-baseline only replaces a previous report, so name another file`,
    );
}

async function writeReports(result: CheckResult, reports: CheckOutputs["reports"], cli: CliContext) {
  const hooks = writeHooksFrom(cli.env, cli.stderr);
  for (const { format, plan } of reports) {
    const toTerminal = plan === undefined && cli.stdout.isTTY === true && !cli.env.NO_COLOR;
    const text = RENDERERS[format](result, toTerminal);
    if (plan === undefined) cli.stdout.write(text);
    else {
      await writeAtomically(plan, text, hooks);
      cli.stderr.write(`wrote ${format} report ${plan.file}\n`);
    }
  }
  const summaryFile = cli.env.GITHUB_STEP_SUMMARY;
  if (summaryFile) appendStepSummary(summaryFile, formatMarkdown(result));
}

function parseTolerance(text: string): number {
  const percent = /^(\d+(?:\.\d+)?)%$/.exec(text);
  const value = percent ? Number(percent[1]) / 100 : Number(text);
  if (!Number.isFinite(value) || value < 0)
    throw new UsageError(`--tolerance takes a fraction or a percentage ≥ 0 (0.05 or 5%), got "${text}"`);
  return value;
}

export function registerCheck(program: Command, cli: CliContext, setExitCode: (code: number) => void): void {
  const command = program
    .command("check")
    .description("run every scenario over its seeds, judge its targets, compare with a baseline: the CI gate")
    .argument("<paths...>", "scenario files or folders (searched for *.yaml)")
    .option("--seeds <n>", "seeds per scenario (default: the file's `seeds`, else 1)", wholeNumber("--seeds", 1))
    .option("--fidelity <f>", `${FIDELITY_HELP}; default: each file's fidelity, else request`, fidelityChoice)
    .option("--set <path=value>", SET_HELP, collectOverride)
    .option("--variant <name>", VARIANT_HELP)
    .option(
      "--workers <n>",
      `worker threads (default: one per core, ${defaultWorkers()} here)`,
      wholeNumber("--workers", 1),
    )
    .option("--baseline <file>", "compare with a previous check's JSON report")
    .option("--tolerance <x>", "how much worse a metric may get before it counts as a regression", parseTolerance, 0.05)
    .option("--update-baseline", "write this check's JSON report to the --baseline file");
  const reports = reportOptions(command, Object.keys(RENDERERS));
  command
    .option("--no-color", "plain text even in a terminal")
    .option("--no-progress", "never print progress (default: a bar in a terminal, else a line every 5 s on stderr)")
    .option("--strict", "treat warnings (guardrails, a long run) as errors: that scenario is not run (exit 2)")
    .addHelpText(
      "after",
      "\nExit codes: 0 every target met · 1 a target failed or a metric regressed · 2 bad input · 3 internal error",
    )
    .action(async (paths: string[], options: Omit<CheckOptions, "reports">) =>
      setExitCode(await checkCommand(paths, { ...options, reports }, cli)),
    );
}
