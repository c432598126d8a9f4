// A checked scenario's cost per month in the HTML report (ARCHITECTURE.md, "Cost"): the line
// items, the total and every assumption, under the scenario's other sections.

import type { CostReport } from "../../metrics/index.js";
import { type ScenarioVerdict, scenarioCost } from "../../scenario/index.js";
import { costAssumptions, costRows, formatMoney } from "../cost.js";
import { escapeHtml } from "./markup.js";

export function costSection(verdict: ScenarioVerdict): string {
  const report = scenarioCost(verdict);
  if (report === undefined) return "";
  const seeds = verdict.runs.length === 1 ? "" : ` · the mean over ${verdict.runs.length} seeds`;
  return costTable(report, "h3", `${report.assumptions.table.name}${seeds}`);
}

/** The items, the total (in the heading) and the assumptions; `aside` says what the figure is of. */
export function costTable(report: CostReport, heading: "h2" | "h3", aside: string): string {
  const rows = costRows(report).map((row) => {
    const total = row.quantity === "" ? ' class="total"' : "";
    return `<tr${total}><td>${escapeHtml(row.item)}</td><td class="num">${escapeHtml(row.quantity)}</td><td class="num">${escapeHtml(row.unitPrice)}</td><td class="num">${escapeHtml(row.monthly)}</td></tr>`;
  });
  const notes = costAssumptions(report).map((assumption) => `<li>${escapeHtml(assumption)}</li>`);
  return [
    `<${heading}>Cost per month: ${escapeHtml(formatMoney(report.monthlyTotal, report.currency))} <span class="aside">${escapeHtml(aside)}</span></${heading}>`,
    '<div class="scroll"><table class="cost">',
    '<thead><tr><th>Item</th><th class="num">Per month</th><th class="num">Unit price</th><th class="num">Cost</th></tr></thead>',
    `<tbody>${rows.join("\n")}</tbody>`,
    "</table></div>",
    `<ul class="aside assumptions">${notes.join("\n")}</ul>`,
  ].join("\n");
}
