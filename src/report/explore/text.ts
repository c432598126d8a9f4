// The explore report as text (ARCHITECTURE.md, "Explore"): single points of failure, minimal
// cut sets, the wider search, then each finding with its file, replay command and timeline.

import type { ExploreResult } from "../../explore/index.js";
import { ansiStyle, plainStyle } from "../format.js";
import { exploreSummary, foundText, timelineLines, trialVerdict } from "./rows.js";

export function formatExploreText(result: ExploreResult, color = false): string {
  const style = color ? ansiStyle : plainStyle;
  const { facts, headlines, singles, cuts, replay } = exploreSummary(result);
  const lines = [
    style.bold(`faultline explore: ${result.scenario.name} (${result.scenario.file})`),
    facts,
    "",
    ...headlines.map((line) => `- ${line}`),
  ];
  if (singles.length > 0) {
    lines.push("", style.bold("Single points of failure"));
    for (const row of singles) lines.push(`  ${style.red(row.domains)}: ${row.verdict}`);
  }
  if (cuts.length > 0) {
    lines.push("", style.bold("Minimal cut sets (two domains down; neither alone breaks a target)"));
    for (const row of cuts) lines.push(`  ${style.yellow(row.domains)}: ${row.verdict}`);
  }
  if (!result.spof.baseline.broken)
    lines.push("", style.bold(`Findings, each shrunk to a minimal schedule (${result.findings.length})`));
  if (result.findings.length === 0 && !result.spof.baseline.broken) lines.push("  none: nothing tried broke a target");
  for (const finding of result.findings) {
    lines.push(
      "",
      `  #${finding.number} ${style.bold(finding.description)}`,
      `     ${trialVerdict(finding.trial)}`,
      `     ${foundText(finding)}`,
    );
    if (finding.file !== undefined) lines.push(`     file: ${finding.file}`);
    if (finding.replay !== undefined) lines.push(`     replay: ${finding.replay}`);
    lines.push("     timeline:", ...timelineLines(result, finding).map((line) => `       ${line}`));
  }
  lines.push("", style.dim(`replay: ${replay}`), "");
  return lines.join("\n");
}
