// The command line: parses arguments with commander, dispatches to a command, and maps every
// outcome to an exit code: 0 ok · 1 an SLO target failed · 2 usage or input error · 3 internal.

import { Command, CommanderError } from "commander";
import { LimitExceededError } from "../engine/index.js";
import { formatIssue, ScenarioInputError } from "../scenario/index.js";
import { registerCheck } from "./commands/check.js";
import { registerCompare } from "./commands/compare.js";
import { registerExplore } from "./commands/explore.js";
import { registerMerge } from "./commands/merge.js";
import { registerRun } from "./commands/run.js";
import { registerSchema } from "./commands/schema.js";
import { registerSweep } from "./commands/sweep.js";
import { registerValidate } from "./commands/validate.js";
import type { CliContext } from "./context.js";
import { UsageError } from "./io.js";

export const EXIT = { ok: 0, targetFailed: 1, usage: 2, internal: 3 } as const;

/** Each command's action resolves to its exit code. */
export type SetExitCode = (code: number) => void;

export function buildProgram(cli: CliContext, setExitCode: SetExitCode): Command {
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

  // Each command defines its own arguments and options in its own file.
  registerRun(program, cli, setExitCode);
  registerCheck(program, cli, setExitCode);
  registerSweep(program, cli, setExitCode);
  registerCompare(program, cli, setExitCode);
  registerMerge(program, cli, setExitCode);
  registerExplore(program, cli, setExitCode);
  registerValidate(program, cli, setExitCode);
  registerSchema(program, cli, setExitCode);
  return program;
}

/** Runs the CLI in-process and resolves to its exit code; never rejects. */
export async function main(argv: string[], cli: CliContext): Promise<number> {
  let exitCode: number = EXIT.ok;
  const program = buildProgram(cli, (code) => {
    exitCode = code;
  });
  try {
    await program.parseAsync(argv, { from: "user" });
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
