// The rows every sweep report shows, formatted once: each figure with its interval and its bad
// runs, each target with how often it was met, and the error budget's table.

import type { BudgetRow, FigureSummary, SweepResult, TargetSummary } from "../../sweep/index.js";
import { formatMoney } from "../cost.js";
import { formatCount, formatDuration, formatPercent } from "../format.js";

export interface FigureRow {
  name: string;
  mean: string;
  interval: string;
  p50: string;
  oneIn10: string;
  oneIn100: string;
  worst: string;
}

const percent = (ratio: number) => (Number.isFinite(ratio) ? formatPercent(ratio, 4) : "—");
const minutes = (value: number) => (Number.isFinite(value) ? formatDuration(Math.max(0, value) * 60) : "—");
const seconds = (value: number) => (Number.isFinite(value) ? formatDuration(Math.max(0, value)) : "—");
const perYear = (value: number) => (Number.isFinite(value) ? `${Number(value.toFixed(value < 10 ? 2 : 1))}` : "—");
const count = (value: number) => (Number.isFinite(value) ? (value < 100 ? perYear(value) : formatCount(value)) : "—");

function row(name: string, figure: FigureSummary, format: (value: number) => string): FigureRow {
  return {
    name,
    mean: format(figure.mean),
    interval: `${format(figure.low)} – ${format(figure.high)}`,
    p50: format(figure.p50),
    oneIn10: format(figure.oneIn10),
    oneIn100: format(figure.oneIn100),
    worst: format(figure.worst),
  };
}

/** Is each run a year? Then per-year figures are each year's own; else a run's, scaled to a year. */
export function runLength(result: SweepResult): string {
  return formatDuration(result.header.durationS).replace(/^8760h00m$/, "365d");
}

export function figureRows(result: SweepResult): FigureRow[] {
  const { figures } = result;
  return [
    row("availability (requests)", figures.availability, percent),
    row("time in a good state", figures.availabilityTimeBased, percent),
    row("downtime per year", figures.downtimeMinPerYear, minutes),
    row("incidents per year", figures.incidentsPerYear, perYear),
    row("lost writes per year", figures.lostWritesPerYear, count),
    row("worst RPO in a run", figures.rpoMaxS, seconds),
    row("worst RTO in a run", figures.rtoMaxS, seconds),
    ...costRow(result),
  ];
}

/** "4.54 nines (mean availability 99.9971%) for $317.90 of infrastructure a month: $70.02 a nine". */
export function perNineText(result: SweepResult): string | undefined {
  if (result.cost === undefined) return undefined;
  const { nines, infrastructurePerNine, breakdown } = result.cost;
  const money = (amount: number) => formatMoney(amount, breakdown.currency);
  const availability = percent(result.figures.availability.mean);
  if (nines === null || infrastructurePerNine === null)
    return `cost per nine: none to count (mean availability ${availability}); infrastructure ${money(breakdown.infrastructureMonthly)} a month`;
  return `cost per nine: ${Number(nines.toFixed(2))} nines (mean availability ${availability}) for ${money(breakdown.infrastructureMonthly)} of infrastructure a month: ${money(infrastructurePerNine)} a nine`;
}

/** A priced scenario's cost per month, run by run (README, "Cost"). */
function costRow(result: SweepResult): FigureRow[] {
  if (result.cost === undefined) return [];
  const currency = result.cost.breakdown.currency;
  const money = (value: number) => (Number.isFinite(value) ? formatMoney(value, currency) : "—");
  return [row("cost per month", result.cost.monthlyTotal, money)];
}

/** "met in 143 of 200 runs: 71.5% (95%: 64.9% – 77.3%, Wilson)", or the rule of three. */
export function metText(target: TargetSummary, runWord: string): string {
  const { met } = target;
  const share = `${formatPercent(met.estimate, 1)}`;
  const base = `met in ${met.successes} of ${met.trials} ${runWord}s`;
  if (met.successes === met.trials)
    return `${base}: P(a ${runWord} misses it) < ${formatPercent(met.ruleOfThree ?? 1, 2)} (95%, rule of three)`;
  if (met.successes === 0)
    return `${base}: P(a ${runWord} meets it) < ${formatPercent(met.ruleOfThree ?? 1, 2)} (95%, rule of three)`;
  return `${base}: ${share} (95%: ${formatPercent(met.wilson[0], 1)} – ${formatPercent(met.wilson[1], 1)}, Wilson)`;
}

export function meanText(target: TargetSummary): string {
  const metric = target.metric ?? target.name;
  const format = (value: number) =>
    metric === "availability"
      ? percent(value)
      : metric === "rpo" || metric === "rto" || metric === "ttd"
        ? seconds(value)
        : target.name === "cost"
          ? `${Number(value.toFixed(2))}/month`
          : `${Number(value.toFixed(3))}ms`;
  const mean = `mean ${format(target.mean.mean)} (95%: ${format(target.mean.low)} – ${format(target.mean.high)})`;
  if (target.confidence === undefined) return mean;
  const side = target.judged <= target.mean.mean ? "lower" : "upper";
  return `${mean}; judged on its ${Number((target.confidence * 100).toFixed(2))}% ${side} bound ${format(target.judged)}`;
}

export interface BudgetTableRow {
  label: string;
  family: string;
  downtime: string;
  share: string;
  incidents: string;
  lostWrites: string;
  occurrences: string;
}

export function budgetRows(rows: readonly BudgetRow[]): BudgetTableRow[] {
  return rows.map((r) => ({
    label: r.label,
    family: r.family,
    downtime: minutes(r.downtimeMinPerYear),
    share: r.budgetShare === undefined ? "" : formatPercent(r.budgetShare, 1),
    incidents: perYear(r.incidentsPerYear),
    lostWrites: count(r.lostWritesPerYear),
    occurrences: r.occurrencesPerYear === null ? "—" : perYear(r.occurrencesPerYear),
  }));
}

export function budgetHeadline(result: SweepResult): string | undefined {
  const { budget } = result;
  if (budget === undefined) return undefined;
  return `availability ${budget.target} allows ${minutes(budget.allowedMinPerYear)} of downtime a year; the design uses ${minutes(budget.usedMinPerYear)} on average: ${formatPercent(budget.share, 1)} of its budget`;
}

/** The word for one run: "year" when each run is a year, else "run". */
export function runWord(result: SweepResult): string {
  return result.header.durationS === 365 * 86_400 ? "year" : "run";
}
