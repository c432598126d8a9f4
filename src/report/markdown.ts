// The Markdown check report: a compact summary for a GitHub job summary or a PR comment — the
// verdict, one table row per scenario, failing targets with replay commands, errors, baseline.

import {
  type BaselineComparison,
  type CheckResult,
  type InputIssue,
  issuePlace,
  type ScenarioVerdict,
  scenarioCost,
  summarizeScenario,
} from "../scenario/index.js";
import { formatBaselineChange, formatBaselineValue } from "./baseline-values.js";
import { costMarkdownLines, formatMoney } from "./cost.js";
import { formatCount, formatPercent } from "./format.js";
import { replayCommand } from "./replay.js";

export function formatMarkdown(result: CheckResult): string {
  const lines = [
    ...verdictLines(result),
    ...scenarioTable(result.scenarios),
    ...clientRegionTables(result.scenarios),
    ...operationTables(result.scenarios),
    ...failingTargetLines(result.scenarios),
    ...costTables(result.scenarios),
    ...inputErrorLines(result.errors),
    ...(result.baseline ? baselineLines(result.baseline) : []),
    `<sub>faultline ${escapeMarkdown(result.version)} · each value is the worst over the scenario's seeds · ` +
      `replay any run with ${code("faultline run <file> --seed <seed>")}</sub>`,
  ];
  return `${lines.join("\n")}\n`;
}

/** A scenario's headline metrics, each the worst over its seeds, as a person would write them. */
export function formatHeadline(
  verdict: ScenarioVerdict,
): Record<"availability" | "rpo" | "lostWrites" | "rto" | "ttd" | "latencyP99", string> {
  const worst = summarizeScenario(verdict);
  const hadIncident = verdict.runs.some((run) => run.incidents.length > 0);
  const alerted = verdict.runs.some((run) => run.incidents.some((incident) => incident.detectedS !== null));
  return {
    availability: formatBaselineValue("availability", worst.availability),
    rpo: formatBaselineValue("rpoS", worst.rpoS),
    lostWrites: formatBaselineValue("lostWrites", worst.lostWrites),
    // Without an incident there is nothing to recover from or detect: a dash, not "0s".
    rto: hadIncident ? formatBaselineValue("rtoS", worst.rtoS) : "—",
    ttd: hadIncident ? (alerted ? formatBaselineValue("ttdS", worst.ttdS) : "no alert") : "—",
    latencyP99: formatBaselineValue("latencyP99Ms", worst.latencyP99Ms),
  };
}

/** The command that replays the seed a target was worst on. */
export function targetReplay(
  verdict: { file: string; overrides?: readonly string[]; variant?: string },
  worstSeed: number,
): string {
  return replayCommand({ scenario: verdict, seed: worstSeed });
}

function verdictLines(result: CheckResult): string[] {
  const failed = result.scenarios.filter((verdict) => !verdict.pass).length;
  const runs = result.scenarios.reduce((sum, verdict) => sum + verdict.runs.length, 0);
  const facts = [
    failed === 0
      ? `${plural(result.scenarios.length, "scenario")} passed`
      : `**${failed} of ${plural(result.scenarios.length, "scenario")} failed**`,
    `${plural(runs, "run")}`,
    ...(result.errors.length > 0 ? [`**${plural(result.errors.length, "input error")}**`] : []),
    ...(result.baseline
      ? [
          result.baseline.regressions > 0
            ? `**${plural(result.baseline.regressions, "baseline regression")}**`
            : "no baseline regression",
        ]
      : []),
  ];
  return [`## ${result.pass ? "✅ faultline check passed" : "❌ faultline check failed"}`, "", facts.join(" · "), ""];
}

function scenarioTable(scenarios: ScenarioVerdict[]): string[] {
  if (scenarios.length === 0) return [];
  const rows = scenarios.map((verdict) => {
    const headline = formatHeadline(verdict);
    const cells = [
      verdict.targets.length === 0 ? "➖ no targets" : verdict.pass ? "✅ pass" : "❌ fail",
      escapeMarkdown(verdict.name),
      headline.availability,
      `${headline.rpo} (${headline.lostWrites})`,
      headline.rto,
      headline.ttd,
      headline.latencyP99,
      describeSeeds(verdict.seeds),
    ];
    return `| ${cells.join(" | ")} |`;
  });
  return [
    "| Verdict | Scenario | Availability | RPO (writes lost) | RTO | TTD | p99 | Seeds |",
    "|---|---|--:|--:|--:|--:|--:|--:|",
    ...rows,
    "",
  ];
}

/** Per client region, the worst over a scenario's seeds: lowest availability, highest latencies, most lost writes. */
export function worstByClientRegion(verdict: ScenarioVerdict): {
  region: string;
  availability: number;
  latencyMs: { p50: number; p99: number } | null;
  lostWrites: number;
}[] {
  const regions = verdict.runs[0]?.byClientRegion.map((row) => row.region) ?? [];
  return regions.map((region) => {
    const rows = verdict.runs.flatMap((run) => run.byClientRegion.filter((row) => row.region === region));
    return {
      region,
      availability: Math.min(...rows.map((row) => row.availability)),
      latencyMs: worstLatency(rows),
      lostWrites: Math.max(...rows.map((row) => row.lostWrites)),
    };
  });
}

/** The highest p50 and p99 over a breakdown's rows from every seed (null: none measured one). */
function worstLatency(rows: { latencyMs: { p50: number; p99: number } | null }[]): { p50: number; p99: number } | null {
  const latencies = rows.flatMap((row) => (row.latencyMs === null ? [] : [row.latencyMs]));
  if (latencies.length === 0) return null;
  return { p50: Math.max(...latencies.map((l) => l.p50)), p99: Math.max(...latencies.map((l) => l.p99)) };
}

/** A breakdown row's p50 and p99 cells ("—" in a fluid run, which has no latencies). */
function latencyCells(latencyMs: { p50: number; p99: number } | null): string[] {
  return latencyMs === null ? ["—", "—"] : [`${latencyMs.p50}ms`, `${latencyMs.p99}ms`];
}

/** A small table per scenario whose users send from more than one region. */
function clientRegionTables(scenarios: ScenarioVerdict[]): string[] {
  const lines: string[] = [];
  for (const verdict of scenarios) {
    const rows = worstByClientRegion(verdict);
    if (rows.length < 2) continue;
    lines.push(
      `**${escapeMarkdown(verdict.name)}**`,
      "",
      "| Client region | Availability | p50 | p99 | Lost writes |",
      "|---|--:|--:|--:|--:|",
    );
    for (const row of rows) {
      const latency = latencyCells(row.latencyMs);
      const cells = [formatPercent(row.availability), ...latency, formatCount(row.lostWrites)];
      lines.push(`| ${escapeMarkdown(row.region)} | ${cells.join(" | ")} |`);
    }
    lines.push("");
  }
  return lines.length === 0 ? [] : ["### By client region", "", ...lines];
}

/** Each scenario with a `cost:` section: what it costs per month, its seeds' mean. */
function costTables(scenarios: ScenarioVerdict[]): string[] {
  const lines = scenarios.flatMap((verdict) => {
    const report = scenarioCost(verdict);
    if (report === undefined) return [];
    const seeds = verdict.runs.length === 1 ? "" : ` (the mean over ${verdict.runs.length} seeds)`;
    return costMarkdownLines(
      `${verdict.name}: ${formatMoney(report.monthlyTotal, report.currency)} per month${seeds}`,
      report,
      escapeMarkdown,
    );
  });
  return lines.length === 0 ? [] : ["### Cost per month", "", ...lines];
}

/** One operation of a scenario, the worst over its seeds, and how its own targets fared. */
export interface OperationSummary {
  operation: string;
  write: boolean;
  share: number;
  availability: number;
  failed: number;
  latencyMs: { p50: number; p99: number } | null;
  lostWrites: number;
  /** Its own targets (slo and expect naming it): how many, and how many passed. */
  targets: number;
  passed: number;
}

/** Per operation, the worst over a scenario's seeds: lowest availability, most failures, highest latencies and losses. */
export function worstByOperation(verdict: ScenarioVerdict): OperationSummary[] {
  const first = verdict.runs[0]?.byOperation ?? [];
  return first.map(({ operation, write, share }) => {
    const rows = verdict.runs.flatMap((run) => run.byOperation.filter((row) => row.operation === operation));
    const own = verdict.targets.filter((target) => target.operation === operation);
    return {
      operation,
      write,
      share,
      availability: Math.min(...rows.map((row) => row.availability)),
      failed: Math.max(...rows.map((row) => row.failed)),
      latencyMs: worstLatency(rows),
      lostWrites: Math.max(...rows.map((row) => row.lostWrites)),
      targets: own.length,
      passed: own.filter((target) => target.pass).length,
    };
  });
}

/** How an operation's own targets fared: "✓ 2 met", "✗ 1 of 2 missed", or "—" without any. */
export function operationVerdict(row: OperationSummary): string {
  if (row.targets === 0) return "—";
  if (row.passed === row.targets) return `✓ ${row.targets} met`;
  return `✗ ${row.targets - row.passed} of ${row.targets} missed`;
}

/** A small table per scenario whose workload declares operations. */
function operationTables(scenarios: ScenarioVerdict[]): string[] {
  const lines: string[] = [];
  for (const verdict of scenarios) {
    const rows = worstByOperation(verdict);
    if (rows.length === 0) continue;
    lines.push(
      `**${escapeMarkdown(verdict.name)}**`,
      "",
      "| Operation | Kind | Availability | Failed | p50 | p99 | Lost writes | Its targets |",
      "|---|---|--:|--:|--:|--:|--:|---|",
    );
    for (const row of rows) {
      const latency = latencyCells(row.latencyMs);
      const kind = `${row.write ? "write" : "read"} ${formatPercent(row.share, 2)}`;
      const lost = row.write ? formatCount(row.lostWrites) : "—";
      lines.push(
        `| ${escapeMarkdown(row.operation)} | ${kind} | ${formatPercent(row.availability)} | ${formatCount(row.failed)} | ${latency.join(" | ")} | ${lost} | ${operationVerdict(row)} |`,
      );
    }
    lines.push("");
  }
  return lines.length === 0 ? [] : ["### By operation", "", ...lines];
}

function failingTargetLines(scenarios: ScenarioVerdict[]): string[] {
  const lines: string[] = [];
  for (const verdict of scenarios) {
    for (const target of verdict.targets.filter((t) => !t.pass)) {
      const where = target.position
        ? ` · ${code(`${verdict.file}:${target.position.line}:${target.position.column}`)}`
        : "";
      const over = target.percentile === undefined ? "" : ` (p${target.percentile} of ${verdict.seeds.length} seeds)`;
      lines.push(
        `- **${escapeMarkdown(verdict.name)}** ${target.kind} ${code(target.name)}: measured **${escapeMarkdown(target.actualText)}**${over}, ` +
          `target ${code(target.target)} · worst seed ${target.worstSeed} (${escapeMarkdown(target.worstActualText)})${where}  `,
        `  replay: ${code(targetReplay(verdict, target.worstSeed))}`,
      );
    }
  }
  return lines.length === 0 ? [] : ["### Failing targets", "", ...lines, ""];
}

function inputErrorLines(errors: InputIssue[]): string[] {
  if (errors.length === 0) return [];
  const lines = errors.map((issue) => `- ${code(issuePlace(issue))} ${escapeMarkdown(oneLine(issue.message))}`);
  return ["### Input errors", "", ...lines, ""];
}

function baselineLines(baseline: BaselineComparison): string[] {
  const lines = [`### Baseline changes (tolerance ${formatPercent(baseline.tolerance, 2)})`, ""];
  if (baseline.changes.length === 0) lines.push("No headline metric changed.");
  else {
    lines.push("| Scenario | Metric | Before → after | |", "|---|---|---|---|");
    for (const change of baseline.changes) {
      const { before, after } = formatBaselineChange(change);
      const mark = change.regression ? "❌ regression" : change.improvement ? "✅ better" : "within tolerance";
      lines.push(`| ${escapeMarkdown(change.scenario)} | ${change.metric} | ${before} → ${after} | ${mark} |`);
    }
  }
  const names = (list: string[]) => list.map(code).join(", ");
  if (baseline.missing.length > 0) lines.push("", `In the baseline but not run: ${names(baseline.missing)}`);
  if (baseline.added.length > 0) lines.push("", `New, not in the baseline: ${names(baseline.added)}`);
  lines.push("");
  return lines;
}

/** `7`, `7, 8`, or `1–20 (20)` for a sweep. */
function describeSeeds(seeds: number[]): string {
  if (seeds.length <= 3) return seeds.join(", ");
  return `${seeds[0]}–${seeds[seeds.length - 1]} (${seeds.length})`;
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? "" : "s"}`;
}

function oneLine(text: string): string {
  return text.replace(/\s*[\r\n]+\s*/g, " ");
}

/** Escapes text so that it renders as itself, also inside a table cell. */
function escapeMarkdown(text: string): string {
  return oneLine(text).replace(/[\\`*_[\]<>|#~]/g, (char) => `\\${char}`);
}

/** Inline code whose fence is longer than any run of backticks in its content. */
function code(text: string): string {
  const content = oneLine(text);
  const longestRun = Math.max(0, ...(content.match(/`+/g) ?? []).map((run) => run.length));
  const fence = "`".repeat(longestRun + 1);
  const pad = content.startsWith("`") || content.endsWith("`") ? " " : "";
  return `${fence}${pad}${content}${pad}${fence}`;
}
