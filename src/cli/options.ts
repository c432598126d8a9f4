// Options several commands share, defined once: whole-number arguments, and the repeatable
// --format/--output pair with the files it plans to write.

import type { Command } from "commander";
import { FIDELITY_CHOICES, type FidelityChoice, type LoadedScenario } from "../scenario/index.js";
import type { ReportOption, ReportTarget } from "./check/outputs.js";
import { UsageError } from "./io.js";
import { type InputFile, type OutputPlan, planOutputPaths } from "./output-paths.js";
import { defaultWorkers } from "./pool.js";

/** A parser for `name`'s whole-number argument, from `min` to `max` (a safe integer by default). */
export function wholeNumber(name: string, min: number, max = Number.MAX_SAFE_INTEGER) {
  return (text: string): number => {
    const value = Number(text);
    if (!/^\d+$/.test(text) || value < min || value > max) {
      const range = max === Number.MAX_SAFE_INTEGER ? `≥ ${min}` : `from ${min} to ${max}`;
      throw new UsageError(`${name} takes a whole number ${range}, got "${text}"`);
    }
    return value;
  };
}

/**
 * Adds the repeatable `-f, --format` and `-o, --output` options to `command`; the returned list
 * fills with them in command-line order, so each --output can belong to the --format before it
 * (see planOutputs).
 */
export function reportOptions(command: Command, formats: readonly string[]): ReportOption[] {
  const reports: ReportOption[] = [];
  command
    .option(
      "-f, --format <format>",
      `report format: ${formats.join(", ")} (repeatable; format=FILE writes a file)`,
      (value: string) => {
        reports.push({ option: "format", value });
        return value;
      },
    )
    .option("-o, --output <file>", "file for the --format before it (repeatable)", (value: string) => {
      reports.push({ option: "output", value });
      return value;
    });
  return reports;
}

/** Where the reports that go to files are written, checked against the files the command reads. */
export function reportFilePlans(targets: readonly ReportTarget[], inputs: InputFile[]): OutputPlan[] {
  return planOutputPaths(
    targets.flatMap((t) => (t.file === undefined ? [] : [{ label: t.label ?? t.file, file: t.file }])),
    inputs,
  );
}

/**
 * How many runs, on which seeds, on how many threads: the options sweep and compare share, each
 * with its own help text; `min` runs (compare needs two for an interval).
 */
export function runCountOptions(
  command: Command,
  help: { runs: string; years: string; seed: string },
  min: number,
): Command {
  return command
    .option("--runs <n>", help.runs, wholeNumber("--runs", min, 1_000_000))
    .option("--years <n>", help.years, wholeNumber("--years", min, 1_000_000))
    .option("-s, --seed <n>", help.seed, wholeNumber("--seed", 0, 2 ** 31))
    .option(
      "--workers <n>",
      `worker threads (default: one per core, ${defaultWorkers()} here)`,
      wholeNumber("--workers", 1, 1024),
    );
}

/** What `--set` says in every command's help. */
export const SET_HELP =
  "override a key of the scenario before it is checked, e.g. design.services.api.instancesPerZone=3 (repeatable; list items by name or index; the value is YAML)";

/** What `--variant` says in every command's help. */
export const VARIANT_HELP =
  "apply one of the scenario's named variants (its variants: section) before any --set; see faultline validate for their names";

/** Collects the repeatable `--set path=value` in command-line order. */
export function collectOverride(value: string, previous: string[] | undefined): string[] {
  return [...(previous ?? []), value];
}

/** Parses --fidelity: request, fluid or auto. */
export function fidelityChoice(text: string): FidelityChoice {
  if (!(FIDELITY_CHOICES as readonly string[]).includes(text))
    throw new UsageError(`--fidelity takes ${FIDELITY_CHOICES.join(", ")}, got "${text}"`);
  return text as FidelityChoice;
}

/** What `--fidelity` says in every command's help. */
export const FIDELITY_HELP =
  "request (every request simulated), fluid (traffic as rates between failures: years in seconds, no latencies) or auto (fluid where it can stand in)";

/** An explicit --fidelity fluid on a scenario it cannot stand in for is refused, naming why. */
export function refuseFluidObstacles(scenario: LoadedScenario, choice: FidelityChoice | undefined): void {
  if (choice !== "fluid" || scenario.fluidObstacles.length === 0) return;
  const why = scenario.fluidObstacles.map((o) => `  - ${o}`).join("\n");
  throw new UsageError(
    `the fluid fidelity cannot stand in for per-request runs of ${scenario.file}: load decides its answer here:\n${why}\nrun it with --fidelity request (or auto, which picks per-request here)`,
  );
}
