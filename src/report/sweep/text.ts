// The sweep's text report: the verdict per target, each figure with its interval and its bad
// runs, the error budget and what eats it, a histogram of downtime, and the worst run to replay.

import type { SweepResult } from "../../sweep/index.js";
import { costTextLines } from "../cost.js";
import { ansiStyle, formatDuration, formatPercent, plainStyle } from "../format.js";
import { overrideOptions } from "../replay.js";
import { budgetHeadline, budgetRows, figureRows, meanText, metText, perNineText, runLength, runWord } from "./rows.js";

export function formatSweepText(result: SweepResult, color = false): string {
  const style = color ? ansiStyle : plainStyle;
  const { header } = result;
  const word = runWord(result);
  const lines: string[] = [];
  const verdict =
    result.targets.length === 0
      ? style.yellow("no targets")
      : result.targets.every((t) => t.meanMeets)
        ? style.green("PASS")
        : style.red("FAIL");
  lines.push(
    `${verdict}  ${style.bold(header.scenario.name)}  ${header.runs} runs of ${runLength(result)} (${Number(result.years.toFixed(2))} simulated years) · ${header.fidelity} · seeds ${header.seed}–${header.seed + header.runs - 1}`,
  );
  for (const target of result.targets) {
    const mark = target.meanMeets ? style.green("✓") : style.red("✗");
    lines.push(`  ${mark} ${target.name} ${target.target}: ${meanText(target)}`);
    lines.push(`      ${metText(target, word)}`);
  }
  lines.push("");

  lines.push(
    style.bold(`Figures over the runs`) +
      style.dim("  (mean · 95% interval of the mean · median · 1 in 10 · 1 in 100 · worst)"),
  );
  const rows = figureRows(result);
  const width = (pick: (r: (typeof rows)[number]) => string) => Math.max(...rows.map((r) => pick(r).length));
  const widths = {
    name: width((r) => r.name),
    mean: width((r) => r.mean),
    interval: width((r) => r.interval),
    p50: width((r) => r.p50),
    oneIn10: width((r) => r.oneIn10),
    oneIn100: width((r) => r.oneIn100),
  };
  for (const r of rows) {
    lines.push(
      `  ${r.name.padEnd(widths.name)}  ${r.mean.padStart(widths.mean)}  ${style.dim(`[${r.interval}]`.padEnd(widths.interval + 2))}  ${r.p50.padStart(widths.p50)}  ${r.oneIn10.padStart(widths.oneIn10)}  ${r.oneIn100.padStart(widths.oneIn100)}  ${r.worst}`,
    );
  }
  if (word === "run")
    lines.push(
      style.dim(
        `  per-year figures are each ${runLength(result)} run's, scaled to a year; sweep with --years for the spread of whole years`,
      ),
    );
  lines.push("");

  if (result.cost !== undefined) {
    lines.push(...costTextLines(result.cost.breakdown, style, `Cost per month (the mean ${word})`));
    lines.push(`  ${perNineText(result)}`, "");
  }

  const headline = budgetHeadline(result);
  lines.push(
    style.bold("What eats the budget") +
      style.dim("  (per year: downtime, share of the budget, incidents, lost writes, times it happened)"),
  );
  if (headline !== undefined) lines.push(`  ${headline}`);
  const budget = budgetRows(result.attribution);
  if (budget.length === 0) lines.push("  no faults and no incidents");
  else {
    const labelWidth = Math.max(5, ...budget.map((b) => b.label.length));
    const familyWidth = Math.max(6, ...budget.map((b) => b.family.length));
    lines.push(
      style.dim(
        `  ${"fault".padEnd(labelWidth)}  ${"family".padEnd(familyWidth)}  ${"down".padStart(8)}  ${"budget".padStart(6)}  ${"incidents".padStart(9)}  ${"lost writes".padStart(11)}  ${"happened".padStart(8)}`,
      ),
    );
    for (const b of budget) {
      lines.push(
        `  ${b.label.padEnd(labelWidth)}  ${b.family.padEnd(familyWidth)}  ${b.downtime.padStart(8)}  ${b.share.padStart(6)}  ${b.incidents.padStart(9)}  ${b.lostWrites.padStart(11)}  ${b.occurrences.padStart(8)}`,
      );
    }
  }
  lines.push("");

  lines.push(style.bold(`Downtime per year, ${word} by ${word}`));
  const most = Math.max(...result.histogram.map((bin) => bin.runs));
  const binLabels = result.histogram.map(
    (bin) => `${formatDuration(bin.fromMin * 60)} – ${formatDuration(bin.toMin * 60)}`,
  );
  const binWidth = Math.max(...binLabels.map((l) => l.length));
  result.histogram.forEach((bin, i) => {
    const bar = "█".repeat(most === 0 ? 0 : Math.max(bin.runs > 0 ? 1 : 0, Math.round((bin.runs / most) * 40)));
    lines.push(`  ${binLabels[i].padStart(binWidth)}  ${bar} ${bin.runs}`);
  });
  lines.push("");

  const worst = result.worstRun;
  const replayDuration = word === "year" ? " --duration 365d" : "";
  lines.push(
    `Worst ${word}: run ${worst.run} (seed ${worst.seed}): ${formatDuration(worst.downtimeS)} down, availability ${formatPercent(worst.availability)}`,
  );
  const replayFidelity = header.fidelity === "fluid" ? " --fidelity fluid" : "";
  const replayOverrides = overrideOptions(header.scenario.overrides, header.scenario.variant);
  lines.push(
    `  replay: faultline run ${header.scenario.file} --seed ${worst.seed}${replayDuration}${replayFidelity}${replayOverrides}`,
  );
  lines.push(
    style.dim(
      `faultline ${header.version} · scenario ${header.scenario.hash} · traces ${result.tracesDigest} · run r has seed ${header.seed} + r, on any number of workers or shards`,
    ),
  );
  return `${lines.join("\n")}\n`;
}
