// GitHub Actions integration: failing targets and input errors as `::error` workflow commands
// that point at the line in the scenario file, and the Markdown summary for the job page.

import { appendFileSync } from "node:fs";
import type { CheckResult } from "../../scenario/index.js";

/** Escapes data and properties of a workflow command as GitHub's toolkit does. */
function escapeData(text: string): string {
  return text.replaceAll("%", "%25").replaceAll("\r", "%0D").replaceAll("\n", "%0A");
}

function escapeProperty(text: string): string {
  return escapeData(text).replaceAll(":", "%3A").replaceAll(",", "%2C");
}

export function githubAnnotations(result: CheckResult): string[] {
  const lines: string[] = [];
  for (const issue of result.errors) {
    lines.push(
      `::error file=${escapeProperty(issue.file)},line=${issue.line},col=${issue.column},title=${escapeProperty("faultline: invalid scenario")}::${escapeData(issue.message)}`,
    );
  }
  for (const scenario of result.scenarios) {
    for (const target of scenario.targets.filter((t) => !t.pass)) {
      const where = target.position ? `,line=${target.position.line},col=${target.position.column}` : "";
      const title = `faultline: ${scenario.name} ${target.name} ${target.target}`;
      const message = `${target.name} was ${target.actualText}, target ${target.target}; worst seed ${target.worstSeed}: faultline run ${scenario.file} --seed ${target.worstSeed}`;
      lines.push(
        `::error file=${escapeProperty(scenario.file)}${where},title=${escapeProperty(title)}::${escapeData(message)}`,
      );
    }
  }
  for (const change of result.baseline?.changes.filter((c) => c.regression) ?? []) {
    lines.push(
      `::error title=${escapeProperty(`faultline: ${change.scenario} regressed`)}::${escapeData(`${change.metric} ${change.before} → ${change.after}`)}`,
    );
  }
  return lines;
}

export function appendStepSummary(file: string, markdown: string): void {
  appendFileSync(file, `${markdown}\n`);
}
