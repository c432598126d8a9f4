// The plain-text report of `faultline check`: one line per scenario with its verdict and
// headline numbers, then every failing target with its worst seed and replay command, input
// errors, and changes against the baseline.

import type { CheckResult, MetricChange, ScenarioVerdict } from "../scenario/index.js";
import { formatIssue, scenarioCost, summarizeScenario } from "../scenario/index.js";
import { formatBaselineChange } from "./baseline-values.js";
import { costTextLines } from "./cost.js";
import { formatCount, formatDuration, formatPercent, plainStyle, type Style } from "./format.js";
import { worstByOperation } from "./markdown.js";
import { replayCommand } from "./replay.js";

export function formatCheckText(result: CheckResult, style: Style = plainStyle): string {
  const lines: string[] = [];
  const nameWidth = Math.max(8, ...result.scenarios.map((s) => s.name.length));
  for (const scenario of result.scenarios) {
    lines.push(scenarioLine(scenario, nameWidth, style));
    lines.push(...operationLines(scenario, style));
  }
  for (const error of groupErrors(result)) lines.push(`${style.red(style.bold("ERROR"))} ${error}`);

  const failing = result.scenarios.filter((s) => !s.pass);
  if (failing.length > 0) lines.push("", style.bold("Failed targets"));
  for (const scenario of failing) {
    for (const target of scenario.targets.filter((t) => !t.pass)) {
      const where = target.position ? `${scenario.file}:${target.position.line}` : scenario.file;
      const judged =
        target.confidence !== undefined
          ? `the mean's ${Number((target.confidence * 100).toFixed(2))}% bound over ${scenario.seeds.length} seeds`
          : target.percentile === undefined
            ? `worst seed ${target.worstSeed}`
            : `p${target.percentile} over ${scenario.seeds.length} seeds`;
      lines.push(
        `  ${style.red("✗")} ${scenario.name}: ${target.name} ${target.actualText} (${judged}), target ${target.target}  ${style.dim(where)}`,
      );
      lines.push(`    replay: ${replayCommand({ scenario, seed: target.worstSeed })}`);
    }
  }

  for (const scenario of result.scenarios) {
    const cost = scenarioCost(scenario);
    if (cost === undefined) continue;
    const seeds = scenario.runs.length === 1 ? "" : ` (the mean over ${scenario.runs.length} seeds)`;
    lines.push("", ...costTextLines(cost, style, `${scenario.name}: cost per month${seeds}`));
  }

  if (result.errors.length > 0) {
    lines.push("", style.bold("Input errors"));
    for (const issue of result.errors) lines.push(`  ${formatIssue(issue)}`);
  }

  if (result.baseline) lines.push("", ...baselineLines(result, style));

  const untargeted = result.scenarios.filter((s) => s.targets.length === 0).length;
  const passed = result.scenarios.filter((s) => s.pass).length - untargeted;
  const invalid = new Set(result.errors.map((e) => e.file)).size;
  const runs = result.scenarios.reduce((n, s) => n + s.runs.length, 0);
  lines.push(
    "",
    `${result.pass ? style.green(style.bold("PASS")) : style.red(style.bold("FAIL"))}  ` +
      `${plural(result.scenarios.length + invalid, "scenario")}: ${passed} passed, ${failing.length} failed, ${invalid} invalid` +
      (untargeted > 0 ? `, ${untargeted} with no targets` : "") +
      (result.baseline ? `, ${plural(result.baseline.regressions, "metric")} regressed ` : " ") +
      style.dim(`(${formatCount(runs)} runs · faultline ${result.version})`),
  );
  return `${lines.join("\n")}\n`;
}

function scenarioLine(scenario: ScenarioVerdict, nameWidth: number, style: Style): string {
  const summary = summarizeScenario(scenario);
  // A scenario judged by nothing did not pass anything: its verdict column stays empty.
  const verdict =
    scenario.targets.length === 0 ? style.yellow("----") : scenario.pass ? style.green("PASS") : style.red("FAIL");
  const seeds = scenario.seeds.length === 1 ? `seed ${scenario.seeds[0]}` : `${scenario.seeds.length} seeds`;
  const fluid = scenario.runs.some((run) => run.simulated.fidelity === "fluid") ? " · fluid" : "";
  const targets =
    scenario.targets.length === 0
      ? "no targets"
      : `${scenario.targets.filter((t) => t.pass).length}/${scenario.targets.length} targets`;
  return (
    `${verdict}  ${scenario.name.padEnd(nameWidth)}  availability ${formatPercent(summary.availability, 3).padStart(9)}` +
    `  RPO ${formatDuration(summary.rpoS).padStart(7)}  RTO ${formatDuration(summary.rtoS).padStart(7)}  ` +
    style.dim(`${targets} · ${seeds}${fluid}`)
  );
}

/**
 * Under a scenario whose operations have targets of their own, one line per such operation: its
 * verdict, its availability (worst over the seeds) and how many of its targets held.
 */
function operationLines(scenario: ScenarioVerdict, style: Style): string[] {
  const rows = worstByOperation(scenario).filter((row) => row.targets > 0);
  const width = Math.max(0, ...rows.map((row) => row.operation.length));
  return rows.map((row) => {
    const verdict = row.passed === row.targets ? style.green("pass") : style.red("FAIL");
    return (
      `      ${verdict}  ${row.operation.padEnd(width)}  availability ${formatPercent(row.availability, 3).padStart(9)}  ` +
      style.dim(`${row.passed}/${row.targets} of its targets`)
    );
  });
}

function groupErrors(result: CheckResult): string[] {
  const counts = new Map<string, number>();
  for (const issue of result.errors) counts.set(issue.file, (counts.get(issue.file) ?? 0) + 1);
  return [...counts].map(([file, n]) => `${file}: ${n} input error${n === 1 ? "" : "s"}`);
}

function baselineLines(result: CheckResult, style: Style): string[] {
  const baseline = result.baseline;
  if (!baseline) return [];
  const lines = [style.bold(`Against the baseline (tolerance ${formatPercent(baseline.tolerance, 2)})`)];
  if (baseline.changes.length === 0) lines.push("  no metric moved");
  const describe = (change: MetricChange) => {
    const { before, after } = formatBaselineChange(change);
    const mark = change.regression ? style.red("✗ regressed") : change.improvement ? style.green("improved") : "moved";
    return `  ${change.scenario}: ${change.metric} ${before} → ${after}  ${mark}`;
  };
  lines.push(...baseline.changes.map(describe));
  for (const name of baseline.missing) lines.push(`  ${name}: in the baseline but not checked now`);
  for (const name of baseline.added) lines.push(`  ${name}: new (not in the baseline)`);
  return lines;
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? "" : "s"}`;
}
