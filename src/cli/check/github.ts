// GitHub Actions integration: failing targets and input errors as `::error` workflow commands
// that point at the line in the scenario file, and the Markdown summary for the job page.

import { appendFileSync } from "node:fs";
import { formatBaselineChange, formatPercent, replayCommand } from "../../report/index.js";
import type { BaselineMetric, CheckResult, MetricChange } from "../../scenario/index.js";
import { formatIssue } from "../../scenario/index.js";

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
      issue.override === undefined
        ? `::error file=${escapeProperty(issue.file)},line=${issue.line},col=${issue.column},title=${escapeProperty("faultline: invalid scenario")}::${escapeData(issue.message)}`
        : `::error file=${escapeProperty(issue.file)},title=${escapeProperty("faultline: invalid override")}::${escapeData(formatIssue(issue))}`,
    );
  }
  for (const scenario of result.scenarios) {
    for (const target of scenario.targets.filter((t) => !t.pass)) {
      const where = target.position ? `,line=${target.position.line},col=${target.position.column}` : "";
      const title = `faultline: ${scenario.name} ${target.name} ${target.target}`;
      const message = `${target.name} was ${target.actualText}, target ${target.target}; worst seed ${target.worstSeed}: ${replayCommand({ scenario, seed: target.worstSeed })}`;
      const file = target.position?.file ?? scenario.file;
      lines.push(`::error file=${escapeProperty(file)}${where},title=${escapeProperty(title)}::${escapeData(message)}`);
    }
  }
  const tolerance = formatPercent(result.baseline?.tolerance ?? 0, 2);
  for (const change of result.baseline?.changes.filter((c) => c.regression) ?? []) {
    const { before, after } = formatBaselineChange(change);
    const title = `faultline: ${change.scenario} ${change.metric} regressed`;
    const message = `${change.metric} ${before} → ${after}: worse than the baseline by more than the ${tolerance} tolerance`;
    lines.push(`::error ${regressionPlace(result, change)}title=${escapeProperty(title)}::${escapeData(message)}`);
  }
  return lines;
}

/** The target names under which a scenario may judge each baseline metric. */
const TARGETS_OF: Record<BaselineMetric, string[]> = {
  availability: ["availability"],
  rpoS: ["rpo", "rpoS"],
  lostWrites: ["lostWrites"],
  rtoS: ["rto", "rtoS"],
  ttdS: ["ttd", "ttdS"],
  latencyP99Ms: ["latencyP99", "latencyP99Ms"],
};

/** `file=…,line=…,col=…,` of the target that judges the regressed metric, or of its scenario file. */
function regressionPlace(result: CheckResult, change: MetricChange): string {
  const scenario = result.scenarios.find((verdict) => verdict.name === change.scenario);
  if (!scenario) return "";
  const target = scenario.targets.find((t) => TARGETS_OF[change.metric].includes(t.name) && t.position);
  const where = target?.position ? `,line=${target.position.line},col=${target.position.column}` : "";
  return `file=${escapeProperty(target?.position?.file ?? scenario.file)}${where},`;
}

export function appendStepSummary(file: string, markdown: string): void {
  appendFileSync(file, `${markdown}\n`);
}
