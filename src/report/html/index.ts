// The HTML check report: one self-contained page (inline CSS and SVG, no script, no external
// resource) with an overview, input errors, baseline changes and a section per scenario.

import type { BaselineComparison, CheckResult, InputIssue, ScenarioVerdict } from "../../scenario/index.js";
import { issuePlace } from "../../scenario/index.js";
import { formatBaselineChange } from "../baseline-values.js";
import { formatPercent } from "../format.js";
import { formatHeadline } from "../markdown.js";
import { escapeHtml, plural, scenarioId } from "./markup.js";
import { htmlPage } from "./page.js";
import { badge, NO_TARGETS_BADGE, renderScenario } from "./scenario.js";

export function formatHtml(result: CheckResult): string {
  const ids = result.scenarios.map((verdict, i) => scenarioId(i, verdict.name));
  const title = `faultline check: ${result.pass ? "pass" : "FAIL"}`;
  return htmlPage(title, [
    overview(result, ids),
    inputErrors(result.errors),
    result.baseline ? baselineChanges(result.baseline) : "",
    ...result.scenarios.map((verdict, i) => renderScenario(verdict, ids[i])),
    `<footer>faultline ${escapeHtml(result.version)} · the same file, seed and version replay the same run, byte for byte</footer>`,
  ]);
}

function overview(result: CheckResult, ids: string[]): string {
  const failed = result.scenarios.filter((verdict) => !verdict.pass).length;
  const runs = result.scenarios.reduce((sum, verdict) => sum + verdict.runs.length, 0);
  const facts = [
    failed === 0
      ? `${plural(result.scenarios.length, "scenario")} passed`
      : `${failed} of ${plural(result.scenarios.length, "scenario")} failed`,
    plural(runs, "run"),
    plural(result.errors.length, "input error"),
    ...(result.baseline ? [plural(result.baseline.regressions, "baseline regression")] : []),
    `faultline ${result.version}`,
  ];
  return [
    '<section class="card overview">',
    `<div class="summary-head"><h1>faultline check</h1>${badge(result.pass, "large")}</div>`,
    `<p class="facts">${escapeHtml(facts.join(" · "))}</p>`,
    result.scenarios.length === 0 ? "" : overviewTable(result.scenarios, ids),
    "</section>",
  ].join("\n");
}

function overviewTable(scenarios: ScenarioVerdict[], ids: string[]): string {
  const rows = scenarios.map((verdict, i) => {
    const headline = formatHeadline(verdict);
    const passed = verdict.targets.filter((target) => target.pass).length;
    const cells = [
      `<td>${verdict.targets.length === 0 ? NO_TARGETS_BADGE : badge(verdict.pass)}</td>`,
      `<td class="name"><a href="#${escapeHtml(ids[i])}">${escapeHtml(verdict.name)}</a></td>`,
      `<td class="num">${escapeHtml(headline.availability)}</td>`,
      `<td class="num">${escapeHtml(headline.rpo)}${headline.lostWrites === "0" ? "" : `<span class="aside lost">${escapeHtml(headline.lostWrites)} writes lost</span>`}</td>`,
      `<td class="num">${escapeHtml(headline.rto)}</td>`,
      `<td class="num">${escapeHtml(headline.ttd)}</td>`,
      `<td class="num">${escapeHtml(headline.latencyP99)}</td>`,
      `<td class="num">${passed} / ${verdict.targets.length}</td>`,
      `<td class="num">${verdict.seeds.length}</td>`,
    ];
    return `<tr>${cells.join("")}</tr>`;
  });
  return [
    '<div class="scroll"><table class="overview-table">',
    '<thead><tr><th>Verdict</th><th>Scenario</th><th class="num">Availability</th><th class="num">RPO</th><th class="num">RTO</th><th class="num">TTD</th><th class="num">p99</th><th class="num">Targets</th><th class="num">Seeds</th></tr></thead>',
    `<tbody>${rows.join("\n")}</tbody>`,
    "</table></div>",
    scenarios.some((verdict) => verdict.runs.length > 1)
      ? '<p class="aside">Each value is the worst over the scenario\'s seeds.</p>'
      : "",
  ].join("\n");
}

function inputErrors(errors: InputIssue[]): string {
  if (errors.length === 0) return "";
  const items = errors.map(
    (issue) => `<li><code>${escapeHtml(issuePlace(issue))}</code> ${escapeHtml(issue.message)}</li>`,
  );
  return [
    '<section class="card errors">',
    `<h2>Input errors ${badge(false)}</h2>`,
    '<p class="aside">These files were not run; fix them first.</p>',
    `<ul>${items.join("\n")}</ul>`,
    "</section>",
  ].join("\n");
}

function baselineChanges(baseline: BaselineComparison): string {
  const rows = baseline.changes.map((change) => {
    const [state, mark] = change.regression
      ? ["regression", "✗ regression"]
      : change.improvement
        ? ["better", "✓ better"]
        : ["unchanged", "within tolerance"];
    const shown = formatBaselineChange(change);
    return [
      `<tr class="${state}">`,
      `<td>${escapeHtml(change.scenario)}</td>`,
      `<td>${escapeHtml(change.metric)}</td>`,
      `<td class="num">${escapeHtml(shown.before)}</td>`,
      `<td class="num after">${escapeHtml(shown.after)}</td>`,
      `<td class="state">${mark}</td>`,
      "</tr>",
    ].join("");
  });
  const list = (names: string[]) => names.map((name) => `<code>${escapeHtml(name)}</code>`).join(", ");
  return [
    '<section class="card baseline">',
    `<h2>Baseline ${badge(baseline.regressions === 0)}</h2>`,
    `<p class="aside">${plural(baseline.changes.length, "headline metric")} changed; a regression is worse by more than ${formatPercent(baseline.tolerance, 2)}.</p>`,
    rows.length === 0
      ? ""
      : `<div class="scroll"><table class="changes"><thead><tr><th>Scenario</th><th>Metric</th><th class="num">Before</th><th class="num">After</th><th></th></tr></thead><tbody>${rows.join("\n")}</tbody></table></div>`,
    baseline.missing.length > 0 ? `<p>In the baseline but not run: ${list(baseline.missing)}</p>` : "",
    baseline.added.length > 0 ? `<p>New, not in the baseline: ${list(baseline.added)}</p>` : "",
    "</section>",
  ]
    .filter((part) => part !== "")
    .join("\n");
}
