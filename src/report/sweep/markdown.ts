// The sweep's Markdown report (a CI job summary, a pull-request comment): the verdict per target,
// the figures, and what eats the budget.

import type { SweepResult } from "../../sweep/index.js";
import { costMarkdownLines, formatMoney } from "../cost.js";
import { budgetHeadline, budgetRows, figureRows, meanText, metText, perNineText, runLength, runWord } from "./rows.js";

const cell = (text: string) => text.replaceAll("|", "\\|");

export function formatSweepMarkdown(result: SweepResult): string {
  const { header } = result;
  const word = runWord(result);
  const pass = result.targets.every((t) => t.meanMeets);
  const verdict = result.targets.length === 0 ? "no targets" : pass ? "✅ pass" : "❌ FAIL";
  const lines = [
    `## faultline sweep: ${cell(header.scenario.name)} — ${verdict}`,
    "",
    `${header.runs} runs of ${runLength(result)} (${Number(result.years.toFixed(2))} simulated years), ${header.fidelity}, seeds ${header.seed}–${header.seed + header.runs - 1}.`,
    "",
  ];
  for (const target of result.targets) {
    lines.push(
      `- ${target.meanMeets ? "✅" : "❌"} **${target.name} ${cell(target.target)}**: ${meanText(target)}; ${metText(target, word)}`,
    );
  }
  lines.push(
    "",
    "| figure | mean | 95% interval | median | 1 in 10 | 1 in 100 | worst |",
    "| --- | ---: | ---: | ---: | ---: | ---: | ---: |",
  );
  for (const r of figureRows(result)) {
    lines.push(`| ${r.name} | ${r.mean} | ${r.interval} | ${r.p50} | ${r.oneIn10} | ${r.oneIn100} | ${r.worst} |`);
  }
  if (result.cost !== undefined) {
    const { breakdown } = result.cost;
    const title = `Cost per month: ${formatMoney(breakdown.monthlyTotal, breakdown.currency)} (the mean ${word})`;
    lines.push("", ...costMarkdownLines(title, breakdown, cell), `${perNineText(result)}`, "");
  }
  lines.push("", "### What eats the budget", "");
  const headline = budgetHeadline(result);
  if (headline !== undefined) lines.push(headline, "");
  lines.push(
    "| fault | family | down/yr | budget | incidents/yr | lost writes/yr | happened/yr |",
    "| --- | --- | ---: | ---: | ---: | ---: | ---: |",
  );
  for (const b of budgetRows(result.attribution)) {
    lines.push(
      `| ${cell(b.label)} | ${b.family} | ${b.downtime} | ${b.share} | ${b.incidents} | ${b.lostWrites} | ${b.occurrences} |`,
    );
  }
  lines.push(
    "",
    `Worst ${word}: run ${result.worstRun.run}, seed ${result.worstRun.seed}. faultline ${cell(header.version)} · scenario ${header.scenario.hash} · traces ${result.tracesDigest}`,
  );
  return `${lines.join("\n")}\n`;
}
