// `faultline validate <files|folders...>`: checks scenario files without running them; every
// problem in every file is printed as file:line:col. Without --variant, each of a file's variants
// is checked too (scenario/variants.ts): a variant nobody runs today must not rot.

import type { Command } from "commander";
import { formatIssue, loadScenario, ScenarioInputError } from "../../scenario/index.js";
import type { CliContext } from "../context.js";
import { expandScenarioPaths, readScenarioFile, UsageError } from "../io.js";
import { collectOverride, SET_HELP, VARIANT_HELP } from "../options.js";

export function validateCommand(
  paths: string[],
  cli: CliContext,
  options: { strict?: boolean; set?: string[]; variant?: string } = {},
): number {
  const files = expandScenarioPaths(paths);
  if (files.length === 0) throw new UsageError(`no .yaml scenario files found in ${paths.join(", ")}`);
  let invalid = 0;
  for (const file of files) {
    try {
      const { text, bases } = readScenarioFile(file);
      const load = (variant: string | undefined) =>
        loadScenario(text, file, {
          overrides: options.set ?? [],
          bases,
          ...(variant === undefined ? {} : { variant }),
        });
      const { warnings, variants } = load(options.variant);
      if (options.strict && warnings.length > 0) throw new ScenarioInputError(warnings);
      // Each variant's problems are the variant's: the file's own were reported above.
      const problems = options.variant === undefined ? variants.flatMap((name) => variantIssues(() => load(name))) : [];
      if (problems.length > 0) throw new ScenarioInputError(problems);
      const counted = variants.length === 1 ? "its variant" : `its ${variants.length} variants`;
      const checked = options.variant === undefined && variants.length > 0 ? ` (and ${counted})` : "";
      cli.stdout.write(`ok       ${file}${checked}\n`);
      for (const warning of warnings) cli.stderr.write(`${formatIssue(warning)}\n`);
    } catch (error) {
      if (!(error instanceof ScenarioInputError || error instanceof UsageError)) throw error;
      invalid++;
      const lines = error instanceof ScenarioInputError ? error.issues.map(formatIssue) : [error.message];
      cli.stdout.write(`invalid  ${file}\n`);
      for (const line of lines) cli.stderr.write(`${line}\n`);
    }
  }
  cli.stdout.write(`${files.length - invalid} valid, ${invalid} invalid\n`);
  return invalid > 0 ? 2 : 0;
}

/** The problems of one variant's load (none when it loads). */
function variantIssues(load: () => unknown): ScenarioInputError["issues"] {
  try {
    load();
    return [];
  } catch (error) {
    if (!(error instanceof ScenarioInputError)) throw error;
    return error.issues;
  }
}

export function registerValidate(program: Command, cli: CliContext, setExitCode: (code: number) => void): void {
  program
    .command("validate")
    .description("check scenario files without running them (folders are searched for *.yaml)")
    .argument("<files...>", "scenario files or folders")
    .option("--strict", "treat warnings (guardrails, a long run) as errors: the file is invalid")
    .option("--set <path=value>", SET_HELP, collectOverride)
    .option("--variant <name>", VARIANT_HELP)
    .action((files: string[], options: { strict?: boolean; set?: string[]; variant?: string }) =>
      setExitCode(validateCommand(files, cli, options)),
    );
}
