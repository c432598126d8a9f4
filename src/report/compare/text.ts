// The comparison as text: one block per figure, each design on a line with its mean and interval
// and, after the first, its paired difference against the first and whether it is noise.

import { type ComparisonResult, YEAR_S } from "../../sweep/index.js";
import { plainStyle, type Style } from "../format.js";
import { overrideOptions, shellWord } from "../replay.js";
import { factsLine, missingNotes, ninesLines, rowCells } from "./rows.js";

/** The sweep that repeats one design's runs of the comparison (the same seeds, so the same traces). */
function sweepCommand(result: ComparisonResult, design: ComparisonResult["designs"][number]): string {
  const runs = result.durationS === YEAR_S ? `--years ${result.runs}` : `--runs ${result.runs}`;
  const fidelity = result.fidelity === "fluid" ? "fluid" : "request";
  return `faultline sweep ${shellWord(design.file)} ${runs} --seed ${result.seed} --fidelity ${fidelity}${overrideOptions(design.overrides, design.variant)}`;
}

export function formatCompareText(result: ComparisonResult, style: Style = plainStyle): string {
  const labels = result.designs.map((d) => d.label);
  const width = Math.max(...labels.map((l) => l.length));
  const lines = [style.bold(`faultline compare: ${labels.join(" vs ")}`), factsLine(result), ""];
  for (const row of result.rows) {
    const cells = rowCells(result, row);
    const meanWidth = Math.max(...cells.means.map((m) => m.length));
    const intervalWidth = Math.max(...cells.intervals.map((i) => i.length));
    lines.push(`${style.bold(cells.label)} ${style.dim(`(${cells.better})`)}: winner ${cells.winner}`);
    for (const [index, label] of labels.entries()) {
      const head = `  ${label.padEnd(width)}  ${cells.means[index].padStart(meanWidth)}  ${style.dim(`[${cells.intervals[index]}]`.padEnd(intervalWidth + 2))}`;
      const difference = index === 0 ? undefined : cells.differences[index - 1];
      if (difference === undefined || difference.text === "—") {
        lines.push(head.trimEnd());
        continue;
      }
      const paint = !difference.significant ? style.dim : difference.direction === "better" ? style.green : style.red;
      lines.push(`${head}  vs ${labels[0]}: ${difference.text} ${paint(difference.verdict)}`);
    }
    lines.push("");
  }
  const nines = ninesLines(result);
  if (nines.length > 0) {
    lines.push(
      `${style.bold("What a nine costs")} ${style.dim("(infrastructure per month against −log10(1 − availability))")}`,
    );
    lines.push(...nines.map((line) => `  ${line}`), "");
  }
  for (const note of missingNotes(result)) lines.push(style.dim(`note: ${note}`));
  lines.push(
    "A difference is paired: run r of a design minus run r of the first, on the same seed; significant when its 95% interval excludes 0.",
  );
  for (const design of result.designs)
    lines.push(
      style.dim(
        `  ${design.label}: ${sweepCommand(result, design)} · scenario ${design.hash} · traces ${design.tracesDigest}`,
      ),
    );
  lines.push(style.dim(`faultline ${result.version}`));
  return `${lines.join("\n")}\n`;
}
