// The command line: parses arguments with commander, dispatches to a command, and maps every
// outcome to an exit code: 0 ok · 1 an SLO target failed · 2 usage or input error · 3 internal.

import { Command, CommanderError, Option } from "commander";
import { LimitExceededError } from "../engine/index.js";
import { formatIssue, ScenarioInputError } from "../scenario/index.js";
import { parseSeed, runCommand } from "./commands/run.js";
import { schemaCommand } from "./commands/schema.js";
import { validateCommand } from "./commands/validate.js";
import type { CliContext } from "./context.js";
import { UsageError } from "./io.js";

export const EXIT = { ok: 0, targetFailed: 1, usage: 2, internal: 3 } as const;

export function buildProgram(cli: CliContext, setExitCode: (code: number) => void): Command {
  const program = new Command()
    .name("faultline")
    .description("Replay failures against a distributed-system design and measure availability, RPO and RTO.")
    .version(cli.version, "-v, --version", "print faultline's version")
    .helpOption("-h, --help", "show help")
    .showSuggestionAfterError(true)
    .exitOverride()
    .configureOutput({
      writeOut: (text) => cli.stdout.write(text),
      writeErr: (text) => cli.stderr.write(text),
      // "error: unknown option '--bogus'" → "faultline: unknown option '--bogus' (see faultline --help)"
      outputError: (text, write) =>
        write(`faultline: ${text.replace(/^error: /, "").trimEnd()} (see faultline --help)\n`),
    });

  program
    .command("run")
    .description("simulate one scenario and report what users felt and what data was lost")
    .argument("<scenario>", "a scenario file (YAML)")
    .option("-s, --seed <n>", "root seed (default: the scenario's seed)", parseSeed)
    .addOption(new Option("-f, --format <format>", "report format").choices(["text", "json"]).default("text"))
    .option("-o, --output <file>", "write the report to a file instead of stdout")
    .option("--verify", "run twice and fail (exit 3) if the two runs differ")
    .option("--no-color", "plain text even in a terminal")
    .option("--progress", "print progress lines on stderr even when it is not a terminal")
    .option("--no-progress", "never print progress")
    .addHelpText(
      "after",
      "\nExit codes: 0 all targets met · 1 an SLO target or expectation failed · 2 bad input · 3 internal error",
    )
    .action((file: string, options) => setExitCode(runCommand(file, options, cli)));

  program
    .command("validate")
    .description("check scenario files without running them (folders are searched for *.yaml)")
    .argument("<files...>", "scenario files or folders")
    .action((files: string[]) => setExitCode(validateCommand(files, cli)));

  program
    .command("schema")
    .description("print the JSON Schema of scenario files (for editors: yaml-language-server)")
    .action(() => setExitCode(schemaCommand(cli)));

  return program;
}

/** Runs the CLI in-process and returns its exit code; never throws. */
export function main(argv: string[], cli: CliContext): number {
  let exitCode: number = EXIT.ok;
  const program = buildProgram(cli, (code) => {
    exitCode = code;
  });
  try {
    program.parse(argv, { from: "user" });
    return exitCode;
  } catch (error) {
    return reportError(error, cli);
  }
}

function reportError(error: unknown, cli: CliContext): number {
  if (error instanceof CommanderError) {
    // Help and version exit 0; every other commander error is a usage error (its default is 1).
    if (error.code === "commander.helpDisplayed" || error.code === "commander.version" || error.exitCode === 0)
      return EXIT.ok;
    // Help shown because no command was given is a usage error; asked-for help is not.
    if (error.code === "commander.help") return EXIT.usage;
    return EXIT.usage;
  }
  if (error instanceof ScenarioInputError) {
    for (const issue of error.issues) cli.stderr.write(`${formatIssue(issue)}\n`);
    const n = error.issues.length;
    cli.stderr.write(`${n} problem${n === 1 ? "" : "s"} found; fix ${n === 1 ? "it" : "them"} and run again\n`);
    return EXIT.usage;
  }
  if (error instanceof UsageError) {
    cli.stderr.write(`faultline: ${error.message}\n`);
    return EXIT.usage;
  }
  if (error instanceof LimitExceededError) {
    cli.stderr.write(`faultline: ${error.message}\n`);
    return EXIT.usage;
  }
  const detail =
    error instanceof Error ? (cli.env.FAULTLINE_DEBUG ? (error.stack ?? error.message) : error.message) : String(error);
  cli.stderr.write(
    `faultline: internal error: ${detail}\nThis is a bug in faultline; set FAULTLINE_DEBUG=1 for the stack trace.\n`,
  );
  return EXIT.internal;
}
