// The explore report as one self-contained HTML page (ARCHITECTURE.md, "Explore"): the verdicts,
// the pair matrix as a heat map of error budget consumed, and each finding with its timeline.

import { durationText, type ExploreResult } from "../../explore/index.js";
import { escapeHtml } from "../html/markup.js";
import { htmlPage } from "../html/page.js";
import { badge } from "../html/scenario.js";
import { pairMatrix } from "./matrix.js";
import { exploreSummary, foundText, type SpofRow, timelineLines, trialVerdict } from "./rows.js";

export function formatExploreHtml(result: ExploreResult): string {
  const title = `faultline explore: ${result.scenario.name}`;
  const holds = result.findings.length === 0 && !result.spof.baseline.broken;
  const { facts, headlines, singles, cuts, replay } = exploreSummary(result);
  const list = (rows: SpofRow[]) =>
    rows.map((row) => `<li><strong>${escapeHtml(row.domains)}</strong>: ${escapeHtml(row.verdict)}</li>`).join("\n");
  const findings = result.findings
    .map(
      (f) =>
        `<section class="card"><h3>${f.number}. ${escapeHtml(f.description)}</h3><p>${escapeHtml(trialVerdict(f.trial))}</p><p class="muted">${escapeHtml(foundText(f))}</p>${f.replay === undefined ? "" : `<p><code>${escapeHtml(f.replay)}</code></p>`}<pre>${escapeHtml(timelineLines(result, f).join("\n"))}</pre></section>`,
    )
    .join("\n");
  return htmlPage(title, [
    '<section class="card overview">',
    `<div class="summary-head"><h1>${escapeHtml(title)}</h1>${badge(holds, "large")}</div>`,
    `<p class="facts">${escapeHtml(`${result.scenario.file} · ${facts}`)}</p>`,
    `<ul>${headlines.map((l) => `<li>${escapeHtml(l)}</li>`).join("")}</ul>`,
    "</section>",
    singles.length === 0
      ? ""
      : `<section class="card"><h2>Single points of failure</h2><ul>${list(singles)}</ul></section>`,
    cuts.length === 0 ? "" : `<section class="card"><h2>Minimal cut sets</h2><ul>${list(cuts)}</ul></section>`,
    heatMap(result),
    result.spof.baseline.broken
      ? ""
      : `<section class="card"><h2>Findings (${result.findings.length})</h2>${result.findings.length === 0 ? "<p>None: nothing tried broke a target.</p>" : ""}</section>`,
    findings,
    `<footer>faultline ${escapeHtml(result.version)} · scenario ${escapeHtml(result.scenario.hash)} · ${escapeHtml(replay)}</footer>`,
  ]);
}

/**
 * Every pair of failure domains down together (the diagonal: alone), coloured by the error budget
 * consumed: green unused, red at or past all of it; a broken target is outlined and its share bold.
 */
function heatMap(result: ExploreResult): string {
  const matrix = pairMatrix(result);
  if (matrix.domains.length === 0) return "";
  const head = matrix.domains.map((d, i) => `<th title="${escapeHtml(d)}">${i + 1}</th>`).join("");
  const rows = matrix.domains
    .map((domain, i) => {
      const cells = matrix.used[i]
        .map((used, j) => {
          const pair = i === j ? domain : `${domain} + ${matrix.domains[j]}`;
          if (used === null) return `<td class="num" title="${escapeHtml(`${pair}: not run`)}">·</td>`;
          const share = `${Math.round(used * 100)}%`;
          const broken = matrix.broken[i][j] === true;
          const hue = Math.round(120 * (1 - Math.min(1, Math.max(0, used))));
          const style = `background:hsl(${hue},70%,${broken ? 55 : 85}%)${broken ? ";outline:2px solid #900" : ""}`;
          const text = broken ? `<strong>${share}</strong>` : share;
          return `<td class="num" style="${style}" title="${escapeHtml(`${pair}: ${share} of the error budget${broken ? ", breaks a target" : ""}`)}">${text}</td>`;
        })
        .join("");
      return `<tr><th>${i + 1}. ${escapeHtml(domain)}</th>${cells}</tr>`;
    })
    .join("\n");
  return [
    '<section class="card">',
    "<h2>Pairs of failure domains: error budget consumed</h2>",
    `<p class="muted">${escapeHtml(`Each cell: the two domains down together at ${durationText(result.spof.atS)} for ${durationText(result.spof.forS)} (the diagonal: alone); the share of the availability target's error budget used (of the tightest target when there is no availability target). Bold and outlined: a target broke. ·: not run (one domain holds the other, or past the pair limit).`)}</p>`,
    `<div class="scroll"><table class="heat"><thead><tr><th></th>${head}</tr></thead><tbody>${rows}</tbody></table></div>`,
    "</section>",
  ].join("\n");
}
