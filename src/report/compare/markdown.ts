// The comparison in Markdown (a pull-request comment on a design change): the designs side by
// side, then each design's paired difference against the first.

import type { ComparisonResult } from "../../sweep/index.js";
import { factsLine, missingNotes, ninesLines, rowCells } from "./rows.js";

const cell = (text: string) => text.replaceAll("|", "\\|");

export function formatCompareMarkdown(result: ComparisonResult): string {
  const labels = result.designs.map((d) => cell(d.label));
  const rows = result.rows.map((row) => rowCells(result, row));
  const lines = [
    `## faultline compare: ${labels.join(" vs ")}`,
    "",
    `${cell(factsLine(result))}.`,
    "",
    `| figure | ${labels.join(" | ")} | winner |`,
    `| --- | ${labels.map(() => "---:").join(" | ")} | --- |`,
  ];
  for (const r of rows) {
    const designs = r.means.map((mean, i) => `${mean}<br><sub>${r.intervals[i]}</sub>`);
    lines.push(`| ${cell(r.label)} | ${designs.map(cell).join(" | ")} | ${cell(r.winner)} |`);
  }
  lines.push(
    "",
    `### Against ${labels[0]} (paired over the same seeds, 95% interval)`,
    "",
    `| figure | ${labels.slice(1).join(" | ")} |`,
    `| --- | ${labels
      .slice(1)
      .map(() => "---")
      .join(" | ")} |`,
  );
  for (const r of rows) {
    const cells = r.differences.map((d) =>
      d.text === "—" ? "—" : `${d.text} ${d.significant ? `**${d.verdict}**` : d.verdict}`,
    );
    lines.push(`| ${cell(r.label)} | ${cells.map(cell).join(" | ")} |`);
  }
  const nines = ninesLines(result);
  if (nines.length > 0) lines.push("", "### What a nine costs", "", "```text", ...nines, "```");
  const notes = missingNotes(result);
  if (notes.length > 0) lines.push("", ...notes.map((note) => `> ${cell(note)}`));
  lines.push(
    "",
    `faultline ${cell(result.version)} · ${result.designs.map((d) => `${cell(d.label)}: scenario ${d.hash}, traces ${d.tracesDigest}`).join(" · ")}`,
  );
  return `${lines.join("\n")}\n`;
}
