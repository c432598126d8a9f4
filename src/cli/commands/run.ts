// `faultline run <scenario>`: load, simulate, report. Exit 1 when an SLO target or an
// expectation fails. `--verify` runs twice and reports the first divergence. In a terminal the
// run is shown in the Ink UI (src/tui), loaded with import() only then: Ink is slow to import.

import { type Command, Option } from "commander";
import { ansiStyle, formatJson, formatText, plainStyle } from "../../report/index.js";
import {
  type FidelityChoice,
  formatIssue,
  loadScenario,
  type RunResult,
  runScenario,
  ScenarioInputError,
} from "../../scenario/index.js";
import { writeAtomically, writeHooksFrom } from "../atomic-write.js";
import type { CliContext } from "../context.js";
import { readScenarioFile, scenarioInputs } from "../io.js";
import {
  collectOverride,
  FIDELITY_HELP,
  fidelityChoice,
  refuseFluidObstacles,
  SET_HELP,
  VARIANT_HELP,
  wholeNumber,
} from "../options.js";
import { planOutputPaths } from "../output-paths.js";
import { createProgress } from "../progress.js";

export interface RunCommandOptions {
  seed?: number;
  /** Replaces the file's duration (to replay one year of a `sweep --years`). */
  duration?: string;
  /** Per request unless said (scenario/fidelity.ts). */
  fidelity?: FidelityChoice;
  format: "text" | "json";
  output?: string;
  verify?: boolean;
  color?: boolean;
  progress?: boolean;
  /** true: --ui, false: --no-ui, undefined: the UI when both ends are a terminal (see `wantsUi`). */
  ui?: boolean;
  /** Whether --format was given on the command line rather than defaulted. */
  formatGiven?: boolean;
  /** Guardrail warnings are errors: nothing runs (exit 2). */
  strict?: boolean;
  /** `--set path=value` overrides, in command-line order. */
  set?: string[];
  /** One of the file's named variants. */
  variant?: string;
}

/**
 * The UI when asked for, or when nobody asked for something else: stdout and stdin are terminals,
 * CI is not set, and neither --format nor --output was given. The UI is never required.
 */
export function wantsUi(options: RunCommandOptions, cli: CliContext, stdin: () => { isTTY?: boolean }): boolean {
  if (options.ui !== undefined) return options.ui;
  const ci = cli.env.CI !== undefined && cli.env.CI !== "0" && cli.env.CI !== "false";
  return (
    cli.stdout.isTTY === true &&
    !ci &&
    options.formatGiven !== true &&
    options.output === undefined &&
    stdin().isTTY === true
  );
}

export async function runCommand(file: string, options: RunCommandOptions, cli: CliContext): Promise<number> {
  const { text, bases } = readScenarioFile(file);
  const scenario = loadScenario(text, file, {
    ...(options.duration === undefined ? {} : { duration: options.duration }),
    ...(options.fidelity === undefined ? {} : { fidelity: options.fidelity }),
    ...(options.variant === undefined ? {} : { variant: options.variant }),
    overrides: options.set ?? [],
    bases,
  });
  refuseFluidObstacles(scenario, options.fidelity);
  if (options.strict && scenario.warnings.length > 0) throw new ScenarioInputError(scenario.warnings);
  // Where the report goes is settled before simulating, so a bad --output costs no run.
  const [output] =
    options.output === undefined
      ? []
      : planOutputPaths([{ label: `--output ${options.output}`, file: options.output }], scenarioInputs([file]));
  // Warnings come once every refusal has had its say, just before the run they are about.
  for (const warning of scenario.warnings) cli.stderr.write(`${formatIssue(warning)}\n`);
  const progressMode =
    options.progress === false ? "off" : cli.stderr.isTTY ? "tty" : options.progress ? "plain" : "off";
  const simulate = (label: string): RunResult => {
    const progress = createProgress(label, cli.stderr, progressMode, cli.now);
    try {
      return runScenario(scenario, { seed: options.seed, version: cli.version, onProgress: (f) => progress.update(f) });
    } finally {
      progress.done();
    }
  };
  const result = simulate(scenario.name);
  if (options.verify) {
    const again = simulate(`${scenario.name} (verify)`);
    const divergence = firstDivergence(result, again);
    if (divergence) {
      cli.stderr.write(`faultline: the run is not deterministic: ${divergence}\n`);
      return 3;
    }
    cli.stderr.write(`verified: two runs gave trace ${result.traceHash}\n`);
  }
  const ui = wantsUi(options, cli, () => process.stdin);
  const useColor =
    options.format === "text" &&
    options.output === undefined &&
    options.color !== false &&
    cli.stdout.isTTY === true &&
    !cli.env.NO_COLOR;
  const report = options.format === "json" ? formatJson(result) : formatText(result, useColor ? ansiStyle : plainStyle);
  if (output !== undefined) {
    await writeAtomically(output, report, writeHooksFrom(cli.env, cli.stderr));
    cli.stderr.write(`wrote ${options.output} (${result.pass ? "pass" : "FAIL"})\n`);
  } else if (!ui) {
    cli.stdout.write(report);
  }
  if (ui) {
    // React's development build makes every frame about 1.5× slower; use the production one.
    process.env.NODE_ENV ??= "production";
    const { runUi } = await import("../../tui/index.js");
    const color = options.color !== false && !cli.env.NO_COLOR;
    return runUi(result, { stdout: cli.stdout, stderr: cli.stderr, stdin: process.stdin, color });
  }
  return result.pass ? 0 : 1;
}

/** Describes where two runs of the same scenario and seed first differ, or undefined. */
export function firstDivergence(a: RunResult, b: RunResult): string | undefined {
  if (a.traceHash === b.traceHash && a.eventDigest === b.eventDigest) return undefined;
  const n = Math.min(a.events.length, b.events.length);
  for (let i = 0; i < n; i++) {
    const x = a.events[i];
    const y = b.events[i];
    if (x.timeUs !== y.timeUs || x.kind !== y.kind || x.subject !== y.subject || x.detail !== y.detail) {
      return `trace record ${i} differs: ${x.timeUs}µs ${x.kind} ${x.subject} vs ${y.timeUs}µs ${y.kind} ${y.subject}`;
    }
  }
  if (a.events.length !== b.events.length) return `the traces have ${a.events.length} and ${b.events.length} records`;
  return `the notable events match but the event streams differ (digest ${a.eventDigest} vs ${b.eventDigest})`;
}

export function registerRun(program: Command, cli: CliContext, setExitCode: (code: number) => void): void {
  program
    .command("run")
    .description("simulate one scenario and report what users felt and what data was lost")
    .argument("<scenario>", "a scenario file (YAML)")
    .option("-s, --seed <n>", "root seed (default: the scenario's seed)", wholeNumber("--seed", 0))
    .option("--duration <d>", "run for this long instead of the file's duration (e.g. 365d, to replay a sweep's year)")
    .option("--fidelity <f>", `${FIDELITY_HELP}; default request`, fidelityChoice)
    .option("--set <path=value>", SET_HELP, collectOverride)
    .option("--variant <name>", VARIANT_HELP)
    .addOption(new Option("-f, --format <format>", "report format").choices(["text", "json"]).default("text"))
    .option("-o, --output <file>", "write the report to a file instead of stdout")
    .option("--verify", "run twice and fail (exit 3) if the two runs differ")
    .option("--no-color", "plain text even in a terminal")
    .option("--progress", "print progress lines on stderr even when it is not a terminal")
    .option("--no-progress", "never print progress")
    .option("--ui", "show the run in the terminal UI (default when stdout and stdin are terminals)")
    .option("--no-ui", "print the report instead of showing the terminal UI")
    .option("--strict", "treat warnings (guardrails, a long run) as errors: exit 2 without running")
    .addHelpText(
      "after",
      "\nExit codes: 0 all targets met · 1 an SLO target or expectation failed · 2 bad input · 3 internal error",
    )
    .action(async (file: string, options: RunCommandOptions, command: Command) => {
      const formatGiven = command.getOptionValueSource("format") === "cli";
      setExitCode(await runCommand(file, { ...options, formatGiven }, cli));
    });
}
