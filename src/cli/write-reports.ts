// Writes a command's reports, one per --format: to its file (atomically), or the one without a
// file to stdout, in colour only on a terminal without NO_COLOR. Shared by sweep, merge, compare and explore.

import { writeAtomically, writeHooksFrom } from "./atomic-write.js";
import type { ReportTarget } from "./check/outputs.js";
import type { CliContext } from "./context.js";
import type { OutputPlan } from "./output-paths.js";

export async function writeReports<Result>(
  result: Result,
  renderers: Record<string, (result: Result, color: boolean) => string>,
  reports: { targets: readonly ReportTarget[]; plans: readonly OutputPlan[] },
  cli: CliContext,
): Promise<void> {
  const hooks = writeHooksFrom(cli.env, cli.stderr);
  let next = 0;
  for (const target of reports.targets) {
    if (target.file === undefined) {
      const color = cli.stdout.isTTY === true && !cli.env.NO_COLOR;
      cli.stdout.write(renderers[target.format](result, color));
      continue;
    }
    const plan = reports.plans[next++];
    await writeAtomically(plan, renderers[target.format](result, false), hooks);
    cli.stderr.write(`wrote ${target.format} report ${plan.file}\n`);
  }
}
