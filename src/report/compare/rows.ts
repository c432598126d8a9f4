// The cells every compare report shows, formatted once: each design's mean and interval, each
// difference against the first design with its interval and whether it is noise, the winner.

import {
  type CompareUnit,
  type ComparisonResult,
  type ComparisonRow,
  type PairedDifference,
  YEAR_S,
} from "../../sweep/index.js";
import { formatMoney } from "../cost.js";
import { formatDuration, formatPercent } from "../format.js";

export interface RowCells {
  /** "availability", "downtime per run (6h)". */
  label: string;
  better: string;
  /** Per design: "99.8587%" and "99.8581% – 99.8593%" ("—" where it lacks the figure). */
  means: string[];
  intervals: string[];
  /** Per design after the first: "+12.5s (95%: +10.1s – +14.9s)", with its verdict. */
  differences: { text: string; verdict: string; significant: boolean; direction: string }[];
  /** "sync (significant)", "async (within noise)" or "tie". */
  winner: string;
}

/** "year" when every run is a year, else "6h run": what per-run figures are per. */
export function runWord(result: ComparisonResult): string {
  return result.durationS === YEAR_S ? "year" : `${spanText(result.durationS)} run`;
}

/** A run's length in its largest whole unit: "30d", "2h", "90m". */
function spanText(seconds: number): string {
  for (const [unit, size] of [
    ["d", 86_400],
    ["h", 3_600],
    ["m", 60],
  ] as const)
    if (seconds % size === 0) return `${seconds / size}${unit}`;
  return formatDuration(seconds);
}

/** Figures summed over a run (downtime, incidents, lost writes) say what they are per. */
const PER_RUN = new Set(["downtimeMin", "incidents", "lostWrites"]);

export function rowCells(result: ComparisonResult, row: ComparisonRow): RowCells {
  const format = formatter(row.unit);
  const label = PER_RUN.has(row.key) ? `${row.label} per ${runWord(result)}` : row.label;
  return {
    label,
    better: row.better === "higher" ? "higher is better" : "lower is better",
    means: row.designs.map((d) => (d === null ? "—" : format(d.mean))),
    intervals: row.designs.map((d) => (d === null ? "—" : `${format(d.low)} – ${format(d.high)}`)),
    differences: row.differences.slice(1).map((d) => differenceCells(d, row.unit)),
    winner: winnerText(result, row),
  };
}

function differenceCells(difference: PairedDifference | null, unit: CompareUnit): RowCells["differences"][number] {
  if (difference === null) return { text: "—", verdict: "", significant: false, direction: "" };
  const signed = signedFormatter(unit);
  if (difference.direction === "same" && difference.sd === 0)
    return { text: signed(0), verdict: "no difference", significant: false, direction: "same" };
  const text = `${signed(difference.mean)} (95%: ${signed(difference.low)} – ${signed(difference.high)})`;
  const verdict = difference.significant ? `${difference.direction}, significant` : "within noise";
  return { text, verdict, significant: difference.significant, direction: difference.direction };
}

function winnerText(result: ComparisonResult, row: ComparisonRow): string {
  if (row.winner === null) return "tie";
  const label = row.winner.designs.map((index) => result.designs[index].label).join(" = ");
  return row.winner.significant ? label : `${label} (within noise)`;
}

/** How a value of `unit` is written. */
export function formatter(unit: CompareUnit): (value: number) => string {
  switch (unit) {
    case "share":
      return (v) => formatPercent(v, 4);
    case "runs":
      return (v) => formatPercent(v, 1);
    case "minutes":
      return (v) => formatDuration(v * 60);
    case "seconds":
      return (v) => formatDuration(v);
    case "ms":
      return (v) => `${Number(v.toFixed(1))}ms`;
    case "money":
      return (v) => `${formatMoney(v, "USD")}/month`;
    default:
      return (v) => `${Number(v.toFixed(v < 10 ? 2 : 1))}`;
  }
}

/** A difference: a sign always, percentage points for shares. */
function signedFormatter(unit: CompareUnit): (value: number) => string {
  const sign = (v: number) => (v > 0 ? "+" : v < 0 ? "−" : "±");
  // A difference too small for 4 decimals keeps 2 significant digits: "−0pp" would hide its sign's reason.
  const points = (v: number) => (v >= 1e-4 || v === 0 ? Number(v.toFixed(4)) : Number(v.toPrecision(2)));
  if (unit === "share") return (v) => `${sign(v)}${points(Math.abs(v) * 100)}pp`;
  if (unit === "runs") return (v) => `${sign(v)}${Number((Math.abs(v) * 100).toFixed(1))}pp`;
  const format = formatter(unit);
  return (v) => `${sign(v)}${format(Math.abs(v))}`;
}

/** "3 designs × 20 runs of 6h, seeds 1–20, fluid": the facts line of every format. */
export function factsLine(result: ComparisonResult): string {
  const span = result.durationS === YEAR_S ? "a year" : spanText(result.durationS);
  return `${result.designs.length} designs × ${result.runs} runs of ${span}, seeds ${result.seed}–${result.seed + result.runs - 1} (run r of every design has seed ${result.seed} + r: the same failures), ${result.fidelity}`;
}

/** Why a latency row is missing, when it is. */
export function missingNotes(result: ComparisonResult): string[] {
  const notes: string[] = [];
  if (result.fidelity === "fluid")
    notes.push("fluid runs simulate no request, so no latency: compare with --fidelity request to measure it");
  if (result.fluidObstacles !== undefined)
    notes.push(`every design ran per request, because for one of them: ${result.fluidObstacles.join("; ")}`);
  return notes;
}

/** Nines as written: two decimals, or "100%" when no failure was seen. */
export function formatNines(nines: number): string {
  return Number.isFinite(nines) ? `${nines.toFixed(2)} nines` : "no failure seen (100%)";
}

/**
 * The price of a nine, one line per design (text and Markdown): its nines and infrastructure per
 * month, and on the Pareto front what each further nine cost from the cheaper front design.
 */
export function ninesLines(result: ComparisonResult): string[] {
  const nines = result.nines;
  if (nines === undefined) return [];
  const width = Math.max(...nines.map((d) => d.label.length));
  const front = nines.filter((d) => d.onFront).sort((a, b) => a.infrastructurePerMonth - b.infrastructurePerMonth);
  return nines.map((design) => {
    const head = `${design.label.padEnd(width)}  ${formatNines(design.nines).padStart(10)}  ${formatMoney(design.infrastructurePerMonth, "USD")}/month`;
    if (!design.onFront) return `${head}  dominated: another design has as many nines for less`;
    const previous = front[front.indexOf(design) - 1];
    if (previous === undefined) return `${head}  on the front (the cheapest)`;
    const price =
      design.perNine === undefined ? "" : `: ${formatMoney(design.perNine, "USD")}/month a nine over ${previous.label}`;
    return `${head}  on the front${price}`;
  });
}
