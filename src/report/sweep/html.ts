// The sweep's HTML report: one self-contained page (inline CSS and SVG, no script) with the
// verdicts, the figures, the budget table and a histogram of downtime per year.

import type { SweepResult } from "../../sweep/index.js";
import { formatDuration } from "../format.js";
import { costTable } from "../html/cost.js";
import { escapeHtml, px } from "../html/markup.js";
import { htmlPage } from "../html/page.js";
import { badge, NO_TARGETS_BADGE } from "../html/scenario.js";
import { budgetHeadline, budgetRows, figureRows, meanText, metText, perNineText, runLength, runWord } from "./rows.js";

export function formatSweepHtml(result: SweepResult): string {
  const { header } = result;
  const word = runWord(result);
  const pass = result.targets.every((t) => t.meanMeets);
  const title = `faultline sweep: ${header.scenario.name}`;
  const targets = result.targets
    .map(
      (t) =>
        `<li>${badge(t.meanMeets)} <strong>${escapeHtml(`${t.name} ${t.target}`)}</strong>: ${escapeHtml(meanText(t))}<br><span class="muted">${escapeHtml(metText(t, word))}</span></li>`,
    )
    .join("\n");
  const figures = figureRows(result)
    .map(
      (r) =>
        `<tr><td>${escapeHtml(r.name)}</td><td class="num">${escapeHtml(r.mean)}</td><td class="num">${escapeHtml(r.interval)}</td><td class="num">${escapeHtml(r.p50)}</td><td class="num">${escapeHtml(r.oneIn10)}</td><td class="num">${escapeHtml(r.oneIn100)}</td><td class="num">${escapeHtml(r.worst)}</td></tr>`,
    )
    .join("\n");
  const budget = budgetRows(result.attribution)
    .map(
      (b) =>
        `<tr><td class="wrap">${escapeHtml(b.label)}</td><td>${escapeHtml(b.family)}</td><td class="num">${escapeHtml(b.downtime)}</td><td class="num">${escapeHtml(b.share)}</td><td class="num">${escapeHtml(b.incidents)}</td><td class="num">${escapeHtml(b.lostWrites)}</td><td class="num">${escapeHtml(b.occurrences)}</td></tr>`,
    )
    .join("\n");
  const headline = budgetHeadline(result);
  return htmlPage(title, [
    '<section class="card overview">',
    `<div class="summary-head"><h1>${escapeHtml(title)}</h1>${result.targets.length === 0 ? NO_TARGETS_BADGE : badge(pass, "large")}</div>`,
    `<p class="facts">${escapeHtml(`${header.runs} runs of ${runLength(result)} · ${Number(result.years.toFixed(2))} simulated years · ${header.fidelity} · seeds ${header.seed}–${header.seed + header.runs - 1}`)}</p>`,
    targets === "" ? "" : `<ul class="targets">${targets}</ul>`,
    "</section>",
    '<section class="card">',
    "<h2>Figures over the runs</h2>",
    '<table><thead><tr><th>figure</th><th class="num">mean</th><th class="num">95% interval</th><th class="num">median</th><th class="num">1 in 10</th><th class="num">1 in 100</th><th class="num">worst</th></tr></thead>',
    `<tbody>${figures}</tbody></table>`,
    "</section>",
    result.cost === undefined
      ? ""
      : `<section class="card">${costTable(result.cost.breakdown, "h2", `the mean ${word}`)}<p>${escapeHtml(perNineText(result) ?? "")}</p></section>`,
    '<section class="card">',
    "<h2>What eats the budget</h2>",
    headline === undefined ? "" : `<p>${escapeHtml(headline)}</p>`,
    '<table><thead><tr><th>fault</th><th>family</th><th class="num">down/yr</th><th class="num">budget</th><th class="num">incidents/yr</th><th class="num">lost writes/yr</th><th class="num">happened/yr</th></tr></thead>',
    `<tbody>${budget}</tbody></table>`,
    "</section>",
    '<section class="card">',
    `<h2>Downtime per year, ${escapeHtml(word)} by ${escapeHtml(word)}</h2>`,
    histogramSvg(result),
    "</section>",
    `<footer>faultline ${escapeHtml(header.version)} · scenario ${escapeHtml(header.scenario.hash)} · traces ${escapeHtml(result.tracesDigest)} · worst ${escapeHtml(word)}: run ${result.worstRun.run} (seed ${result.worstRun.seed}) · run r has seed ${header.seed} + r on any number of workers or shards</footer>`,
  ]);
}

/** Bars of runs per bin of downtime per year, with the bins' bounds under them. */
function histogramSvg(result: SweepResult): string {
  const bins = result.histogram;
  const width = 720;
  const height = 220;
  const left = 44;
  const bottom = 40;
  const plotW = width - left - 10;
  const plotH = height - bottom - 12;
  const most = Math.max(1, ...bins.map((b) => b.runs));
  const barW = plotW / bins.length;
  const bars = bins
    .map((bin, i) => {
      const h = (bin.runs / most) * plotH;
      const x = left + i * barW;
      const label = `${formatDuration(bin.fromMin * 60)}–${formatDuration(bin.toMin * 60)}: ${bin.runs} ${bin.runs === 1 ? "run" : "runs"}`;
      return `<rect class="bar" x="${px(x + 2)}" y="${px(12 + plotH - h)}" width="${px(Math.max(1, barW - 4))}" height="${px(h)}"><title>${escapeHtml(label)}</title></rect><text class="tick" x="${px(x + barW / 2)}" y="${px(height - bottom + 16)}" text-anchor="middle">${escapeHtml(formatDuration(bin.toMin * 60))}</text>`;
    })
    .join("");
  return `<svg class="chart" viewBox="0 0 ${width} ${height}" role="img" aria-label="histogram of downtime per year"><line class="axis" x1="${left}" y1="${12 + plotH}" x2="${width - 10}" y2="${12 + plotH}"/><text class="tick" x="${left - 6}" y="${px(16)}" text-anchor="end">${most}</text><text class="tick" x="${left - 6}" y="${px(12 + plotH)}" text-anchor="end">0</text>${bars}<text class="tick" x="${px(left + plotW / 2)}" y="${height - 4}" text-anchor="middle">downtime per year (upper bound of each bin)</text></svg>`;
}
