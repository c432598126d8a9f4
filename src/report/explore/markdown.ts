// The explore report as Markdown (ARCHITECTURE.md, "Explore"), for a pull request or a wiki page.

import type { ExploreResult } from "../../explore/index.js";
import { exploreSummary, foundText, type SpofRow, timelineLines, trialVerdict } from "./rows.js";

const cell = (text: string) => text.replaceAll("|", "\\|");

export function formatExploreMarkdown(result: ExploreResult): string {
  const { facts, headlines, singles, cuts, replay } = exploreSummary(result);
  const lines = [
    `# faultline explore: ${result.scenario.name}`,
    "",
    `\`${result.scenario.file}\` · ${facts}`,
    "",
    ...headlines.map((line) => `- ${line}`),
  ];
  const table = (title: string, rows: SpofRow[]) => {
    if (rows.length === 0) return;
    lines.push("", `## ${title}`, "", "| failure domains | verdict |", "| --- | --- |");
    for (const row of rows) lines.push(`| ${cell(row.domains)} | ${cell(row.verdict)} |`);
  };
  table("Single points of failure", singles);
  table("Minimal cut sets", cuts);
  if (!result.spof.baseline.broken) lines.push("", `## Findings (${result.findings.length})`);
  if (result.findings.length === 0 && !result.spof.baseline.broken)
    lines.push("", "None: nothing tried broke a target.");
  for (const finding of result.findings) {
    lines.push("", `### ${finding.number}. ${finding.description}`, "", `${trialVerdict(finding.trial)}.`, "");
    lines.push(`${foundText(finding).replace(/^f/, "F")}.`);
    if (finding.file !== undefined) lines.push("", `File: \`${finding.file}\``);
    if (finding.replay !== undefined) lines.push("", "```sh", finding.replay, "```");
    lines.push("", "```text", ...timelineLines(result, finding), "```");
  }
  lines.push("", "Replay:", "", "```sh", replay, "```", "");
  return lines.join("\n");
}
