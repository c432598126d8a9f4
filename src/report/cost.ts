// A run's cost per month as every format shows it (ARCHITECTURE.md, "Cost"): the line items as
// rows, the total, and every assumption the figure rests on, spelt out.

import type { CostReport } from "../metrics/index.js";
import { formatCount, plainStyle, type Style } from "./format.js";

/** 1234.5 → "$1,234.50" (USD) or "1,234.50 EUR"; amounts under a cent keep three significant digits. */
export function formatMoney(amount: number, currency: string): string {
  const digits = amount !== 0 && Math.abs(amount) < 0.01 ? Number(amount.toPrecision(3)).toString() : amount.toFixed(2);
  const [whole, cents] = digits.split(".");
  // Every amount here is at least 0 (prices are), so the whole part is a count to group.
  const grouped = `${formatCount(Number(whole))}${cents === undefined ? "" : `.${cents}`}`;
  return currency === "USD" ? `$${grouped}` : `${grouped} ${currency}`;
}

/** A unit price as written in a table: every significant digit it has ($0.0225, $0.096, $0). */
export function formatUnitPrice(price: number, currency: string): string {
  const digits = String(Number(price.toPrecision(6)));
  return currency === "USD" ? `$${digits}` : `${digits} ${currency}`;
}

/** A quantity: whole from 100 (8,760 instance-h), two decimals from 1 (15.21 GB), else 3 significant digits (0.0833). */
function formatQuantity(quantity: number): string {
  if (quantity >= 100) return formatCount(quantity);
  if (quantity >= 1 || quantity === 0) return String(Number(quantity.toFixed(2)));
  return String(Number(quantity.toPrecision(3)));
}

export interface CostRow {
  item: string;
  quantity: string;
  unitPrice: string;
  monthly: string;
}

/** One row per line item, then the infrastructure subtotal, failures' cost and the total. */
export function costRows(report: CostReport): CostRow[] {
  const money = (amount: number) => formatMoney(amount, report.currency);
  const rows = report.items.map((item) => ({
    item: item.item,
    quantity: `${formatQuantity(item.quantity)} ${item.unit}`,
    unitPrice: `${formatUnitPrice(item.unitPrice, report.currency)}/${item.unit}`,
    monthly: money(item.monthly),
  }));
  const total = (item: string, amount: number) => ({ item, quantity: "", unitPrice: "", monthly: money(amount) });
  if (report.failuresMonthly === 0) return [...rows, total("total", report.monthlyTotal)];
  return [
    ...rows,
    total("infrastructure", report.infrastructureMonthly),
    total("failures", report.failuresMonthly),
    total("total", report.monthlyTotal),
  ];
}

/** Every assumption behind the figure, one sentence each. */
export function costAssumptions(report: CostReport): string[] {
  const { assumptions: a, month } = report;
  const bytes = (n: number) => (n >= 1e6 ? `${n / 1e6}MB` : n >= 1e3 ? `${n / 1e3}KB` : `${n}B`);
  const lines = [
    `a month is ${month.hours} h: the run's ${formatQuantity(month.simulatedHours)} h simulated × ${formatQuantity(month.scale)}; what varies (instance-hours, transfer, downtime, lost writes) is the run's rate carried over a month, so a scripted fault counts as recurring at that rate (a sweep of years gives its true rate)`,
    `prices: table ${a.table.name} (${a.table.date}, ${a.table.currency}), ${a.table.note}; source: ${a.table.source}`,
    a.overridden.length === 0
      ? "no price overridden by the scenario"
      : `overridden by the scenario: ${a.overridden.join(", ")}`,
    ...(a.instanceHourByService.length === 0
      ? []
      : [
          `instances priced per service: ${a.instanceHourByService.map((own) => `${own.service} ${formatUnitPrice(own.instanceHour, a.table.currency)}/instance-h`).join(", ")}`,
        ]),
    `sizes: each write sends ${bytes(a.recordBytes)} to each replica; a request is ${bytes(a.requestBytes)} in, a successful response ${bytes(a.responseBytes)} out; 1GB = 10^9 bytes`,
    "instances are paid from launch (a scale-out, before they boot) to removal (after their drain), crashed or not; database nodes, their storage (one copy per node) and load balancers (one per service and region) all month",
    "not priced: calls between services, load balancer to instance traffic, CDN and load balancer capacity units",
  ];
  // The replicas' transfer rests on where the primary is; say which primary.
  if (report.items.some((item) => item.item.endsWith("(replication)")))
    lines.push("replication is priced from the design's first primary, wherever a promotion moves it later");
  return lines;
}

/** The text report's section: a table of items, the total, and the assumptions. */
export function costTextLines(report: CostReport, style: Style = plainStyle, title = "Cost per month"): string[] {
  const rows = costRows(report);
  const width = (pick: (row: CostRow) => string) => Math.max(...rows.map((row) => pick(row).length));
  const [item, quantity, unit, monthly] = [
    width((r) => r.item),
    width((r) => r.quantity),
    width((r) => r.unitPrice),
    width((r) => r.monthly),
  ];
  const lines = [style.bold(`${title}: ${formatMoney(report.monthlyTotal, report.currency)}`)];
  for (const row of rows) {
    const text = `  ${row.item.padEnd(item)}  ${row.quantity.padStart(quantity)}  ${row.unitPrice.padStart(unit)}  ${row.monthly.padStart(monthly)}`;
    lines.push(row.quantity === "" ? style.bold(text) : text);
  }
  for (const assumption of costAssumptions(report)) lines.push(style.dim(`  · ${assumption}`));
  return lines;
}

/** The Markdown section: a table per scenario that has a cost, and its assumptions as a list. */
export function costMarkdownLines(title: string, report: CostReport, escapeText: (text: string) => string): string[] {
  const rows = costRows(report).map((row) => {
    const strong = (text: string) => (row.quantity === "" ? `**${text}**` : text);
    return `| ${strong(escapeText(row.item))} | ${row.quantity} | ${row.unitPrice} | ${strong(row.monthly)} |`;
  });
  return [
    `#### ${escapeText(title)}`,
    "",
    "| Item | Per month | Unit price | Cost |",
    "|---|--:|--:|--:|",
    ...rows,
    "",
    ...costAssumptions(report).map((assumption) => `- ${escapeText(assumption)}`),
    "",
  ];
}
