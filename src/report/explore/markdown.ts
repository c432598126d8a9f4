// The explore report as Markdown (ARCHITECTURE.md, "Explore"), for a pull request or a wiki page.

import type { ExploreResult } from "../../explore/index.js";
import {
  cutSetRows,
  exploreFacts,
  exploreReplay,
  searchHeadline,
  singlePointRows,
  spofHeadlines,
  timelineLines,
  trialVerdict,
} from "./rows.js";

const cell = (text: string) => text.replaceAll("|", "\\|");

export function formatExploreMarkdown(result: ExploreResult): string {
  const lines = [
    `# faultline explore: ${result.scenario.name}`,
    "",
    `\`${result.scenario.file}\` · ${exploreFacts(result)}`,
    "",
    ...spofHeadlines(result).map((line) => `- ${line}`),
    `- ${searchHeadline(result)}`,
  ];
  const table = (title: string, rows: { domains: string; verdict: string }[]) => {
    if (rows.length === 0) return;
    lines.push("", `## ${title}`, "", "| failure domains | verdict |", "| --- | --- |");
    for (const row of rows) lines.push(`| ${cell(row.domains)} | ${cell(row.verdict)} |`);
  };
  table("Single points of failure", singlePointRows(result));
  table("Minimal cut sets", cutSetRows(result));
  if (!result.spof.baseline.broken) lines.push("", `## Findings (${result.findings.length})`);
  if (result.findings.length === 0 && !result.spof.baseline.broken)
    lines.push("", "None: nothing tried broke a target.");
  for (const finding of result.findings) {
    lines.push("", `### ${finding.number}. ${finding.description}`, "", `${trialVerdict(finding.trial)}.`, "");
    lines.push(
      `Found by the ${finding.origin === "search" ? "wider search" : `${finding.origin} phase`} as: ${finding.foundAs}.`,
    );
    if (finding.file !== undefined) lines.push("", `File: \`${finding.file}\``);
    if (finding.replay !== undefined) lines.push("", "```sh", finding.replay, "```");
    lines.push("", "```text", ...timelineLines(result, finding), "```");
  }
  lines.push("", "Replay:", "", "```sh", exploreReplay(result), "```", "");
  return lines.join("\n");
}
