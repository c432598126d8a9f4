// `faultline schema`: the JSON Schema of scenario files, for editors and other tools.

import type { Command } from "commander";
import { scenarioJsonSchema } from "../../scenario/index.js";
import type { CliContext } from "../context.js";

export function schemaText(): string {
  return `${JSON.stringify(scenarioJsonSchema(), null, 2)}\n`;
}

export function schemaCommand(cli: CliContext): number {
  cli.stdout.write(schemaText());
  return 0;
}

export function registerSchema(program: Command, cli: CliContext, setExitCode: (code: number) => void): void {
  program
    .command("schema")
    .description("print the JSON Schema of scenario files (for editors: yaml-language-server)")
    .action(() => setExitCode(schemaCommand(cli)));
}
