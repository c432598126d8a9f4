// The availability-versus-cost chart of a comparison (HTML): each design a point at its
// infrastructure per month (x) and its nines (y); the Pareto front, the designs no other beats on
// both, drawn as a line from the cheapest. Plain SVG, no script.

import type { DesignPrice } from "../../sweep/index.js";
import { formatMoney } from "../cost.js";
import { escapeHtml } from "../html/markup.js";
import { formatNines } from "./rows.js";

const WIDTH = 560;
const HEIGHT = 320;
const PAD = { left: 64, right: 150, top: 16, bottom: 44 };

export function paretoChart(designs: readonly DesignPrice[]): string {
  // A design with no failure seen has infinite nines: drawn half a nine above the best finite one.
  const finite = designs.map((d) => d.nines).filter(Number.isFinite);
  const top = finite.length === 0 ? 5 : Math.max(...finite) + 0.5;
  const nines = (d: DesignPrice) => (Number.isFinite(d.nines) ? d.nines : top);
  const low = Math.max(0, Math.floor(Math.min(...designs.map(nines)) - 0.5));
  const high = Math.ceil(Math.max(...designs.map(nines)) + 0.25);
  const maxCost = Math.max(...designs.map((d) => d.infrastructurePerMonth)) * 1.15 || 1;
  const plotW = WIDTH - PAD.left - PAD.right;
  const plotH = HEIGHT - PAD.top - PAD.bottom;
  const x = (cost: number) => PAD.left + (cost / maxCost) * plotW;
  const y = (n: number) => PAD.top + plotH - ((n - low) / (high - low)) * plotH;
  const front = designs.filter((d) => d.onFront).sort((a, b) => a.infrastructurePerMonth - b.infrastructurePerMonth);
  const frontLine = front.map((d) => `${x(d.infrastructurePerMonth).toFixed(1)},${y(nines(d)).toFixed(1)}`).join(" ");
  const ticks: string[] = [];
  for (let n = low; n <= high; n++)
    ticks.push(
      `<line x1="${PAD.left}" x2="${PAD.left + plotW}" y1="${y(n)}" y2="${y(n)}" class="grid"/><text x="${PAD.left - 8}" y="${y(n) + 4}" text-anchor="end">${n}</text>`,
    );
  for (const share of [0, 0.5, 1])
    ticks.push(
      `<text x="${x(share * maxCost)}" y="${PAD.top + plotH + 18}" text-anchor="middle">${escapeHtml(formatMoney(share * maxCost, "USD"))}</text>`,
    );
  const points = designs.map((d) => {
    const cx = x(d.infrastructurePerMonth).toFixed(1);
    const cy = y(nines(d)).toFixed(1);
    const title = `${d.label}: ${formatNines(d.nines)}, ${formatMoney(d.infrastructurePerMonth, "USD")}/month${d.onFront ? " (on the front)" : " (dominated)"}`;
    return `<g class="${d.onFront ? "front" : "dominated"}"><circle cx="${cx}" cy="${cy}" r="5"><title>${escapeHtml(title)}</title></circle><text x="${Number(cx) + 9}" y="${Number(cy) + 4}">${escapeHtml(d.label)}</text></g>`;
  });
  return [
    `<svg class="pareto" viewBox="0 0 ${WIDTH} ${HEIGHT}" style="max-width:${WIDTH * 1.25}px" role="img" aria-label="availability in nines against infrastructure cost per month">`,
    "<style>.pareto text{font:11px system-ui,sans-serif;fill:currentColor}.pareto .grid{stroke:#8884;stroke-width:1}.pareto .front circle{fill:#2a7}.pareto .dominated circle{fill:none;stroke:#888;stroke-width:1.5}.pareto polyline{fill:none;stroke:#2a7;stroke-width:1.5;stroke-dasharray:4 3}</style>",
    ...ticks,
    front.length > 1 ? `<polyline points="${frontLine}"/>` : "",
    ...points,
    `<text x="${PAD.left + plotW / 2}" y="${HEIGHT - 6}" text-anchor="middle">infrastructure per month</text>`,
    `<text x="14" y="${PAD.top + plotH / 2}" text-anchor="middle" transform="rotate(-90 14 ${PAD.top + plotH / 2})">nines: −log10(1 − availability)</text>`,
    "</svg>",
  ].join("\n");
}
