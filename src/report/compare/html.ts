// The comparison as one self-contained HTML page (the shared shell, no script): the designs side
// by side with their intervals, and each one's paired difference against the first.

import type { ComparisonResult } from "../../sweep/index.js";
import { escapeHtml } from "../html/markup.js";
import { htmlPage } from "../html/page.js";
import { paretoChart } from "./pareto.js";
import { factsLine, missingNotes, ninesLines, rowCells } from "./rows.js";

export function formatCompareHtml(result: ComparisonResult): string {
  const labels = result.designs.map((d) => d.label);
  const title = `faultline compare: ${labels.join(" vs ")}`;
  const rows = result.rows.map((row) => rowCells(result, row));
  const sideBySide = rows
    .map((r) => {
      const designs = r.means.map(
        (mean, i) =>
          `<td class="num">${escapeHtml(mean)}<br><span class="muted">${escapeHtml(r.intervals[i])}</span></td>`,
      );
      return `<tr><td>${escapeHtml(r.label)}<br><span class="muted">${escapeHtml(r.better)}</span></td>${designs.join("")}<td>${escapeHtml(r.winner)}</td></tr>`;
    })
    .join("\n");
  const against = rows
    .map((r) => {
      const cells = r.differences.map((d) => {
        const kind = !d.significant ? "unchanged" : d.direction === "better" ? "better" : "regression";
        return `<td class="num ${kind}">${escapeHtml(d.text)}<br><span class="state">${escapeHtml(d.verdict)}</span></td>`;
      });
      return `<tr><td>${escapeHtml(r.label)}</td>${cells.join("")}</tr>`;
    })
    .join("\n");
  const head = (cells: string[]) => cells.map((c) => `<th class="num">${escapeHtml(c)}</th>`).join("");
  const notes = missingNotes(result);
  return htmlPage(title, [
    '<section class="card overview">',
    `<div class="summary-head"><h1>${escapeHtml(title)}</h1></div>`,
    `<p class="facts">${escapeHtml(factsLine(result))}</p>`,
    notes.length === 0 ? "" : `<ul>${notes.map((n) => `<li class="muted">${escapeHtml(n)}</li>`).join("")}</ul>`,
    "</section>",
    '<section class="card">',
    "<h2>Side by side (mean, 95% interval)</h2>",
    `<table><thead><tr><th>figure</th>${head(labels)}<th>winner</th></tr></thead>`,
    `<tbody>${sideBySide}</tbody></table>`,
    "</section>",
    '<section class="card">',
    `<h2>Against ${escapeHtml(labels[0])}: paired differences over the same seeds</h2>`,
    `<table class="changes"><thead><tr><th>figure</th>${head(labels.slice(1))}</tr></thead>`,
    `<tbody>${against}</tbody></table>`,
    "</section>",
    ...ninesSection(result),
    `<footer>faultline ${escapeHtml(result.version)} · ${result.designs.map((d) => `${escapeHtml(d.label)}: scenario ${escapeHtml(d.hash)}, traces ${escapeHtml(d.tracesDigest)}`).join(" · ")}</footer>`,
  ]);
}

/** The availability-versus-cost chart and the price of each nine, when every design is priced. */
function ninesSection(result: ComparisonResult): string[] {
  if (result.nines === undefined) return [];
  return [
    '<section class="card">',
    "<h2>What a nine costs</h2>",
    paretoChart(result.nines),
    `<pre>${escapeHtml(ninesLines(result).join("\n"))}</pre>`,
    "</section>",
  ];
}
