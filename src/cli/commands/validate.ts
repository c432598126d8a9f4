// `faultline validate <files|folders...>`: checks scenario files without running them; every
// problem in every file is printed as file:line:col.

import type { Command } from "commander";
import { formatIssue, loadScenario, ScenarioInputError } from "../../scenario/index.js";
import type { CliContext } from "../context.js";
import { expandScenarioPaths, readTextFile, UsageError } from "../io.js";
import { collectOverride, SET_HELP } from "../options.js";

export function validateCommand(
  paths: string[],
  cli: CliContext,
  options: { strict?: boolean; set?: string[] } = {},
): number {
  const files = expandScenarioPaths(paths);
  if (files.length === 0) throw new UsageError(`no .yaml scenario files found in ${paths.join(", ")}`);
  let invalid = 0;
  for (const file of files) {
    try {
      const { warnings } = loadScenario(readTextFile(file), file, { overrides: options.set ?? [] });
      if (options.strict && warnings.length > 0) throw new ScenarioInputError(warnings);
      cli.stdout.write(`ok       ${file}\n`);
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

export function registerValidate(program: Command, cli: CliContext, setExitCode: (code: number) => void): void {
  program
    .command("validate")
    .description("check scenario files without running them (folders are searched for *.yaml)")
    .argument("<files...>", "scenario files or folders")
    .option("--strict", "treat warnings (guardrails, a long run) as errors: the file is invalid")
    .option("--set <path=value>", SET_HELP, collectOverride)
    .action((files: string[], options: { strict?: boolean; set?: string[] }) =>
      setExitCode(validateCommand(files, cli, options)),
    );
}
