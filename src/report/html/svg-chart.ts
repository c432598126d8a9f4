// A time-series chart over simulated time as inline SVG: one value per window drawn as steps,
// clock-time axis, fault start/stop markers labelled with the fault, and shaded incident windows.

import { clockAt, formatDuration } from "../format.js";
import { escapeHtml, px } from "./markup.js";

/** A fault's active interval, from the run result's list of faults. */
export interface FaultSpan {
  label: string;
  startS: number;
  /** Null: still active at the end of the run. */
  endS: number | null;
}

export interface ShadedSpan {
  startS: number;
  endS: number;
  /** Short text written in the chart next to the band, e.g. "incident #1 · RTO 1m25s". */
  label: string;
  /** Longer text shown on hover. */
  title: string;
}

export interface TimeSeriesChart {
  /** The chart's class after "chart", e.g. "success": `<svg class="chart success">`. */
  kind: string;
  label: string;
  durationS: number;
  startOfDayS: number;
  windowS: number;
  /** One value per window, in window order; null leaves a gap. */
  values: (number | null)[];
  y: { min: number; max: number; ticks: number[]; format: (value: number) => string };
  faults: FaultSpan[];
  incidents: ShadedSpan[];
  threshold?: { value: number; label: string };
}

const WIDTH = 960;
const PLOT_LEFT = 64;
const PLOT_RIGHT = WIDTH - 20;
const PLOT_HEIGHT = 170;
const LANE_HEIGHT = 16;
const LANES_MAX = 4;
const AXIS_HEIGHT = 26;
const INCIDENT_MIN_PX = 5;
/** Beyond this many faults (random failures, say) the lines stay but their labels would pile up. */
const FAULT_LABELS_MAX = 8;

export function renderTimeSeries(chart: TimeSeriesChart): string {
  const lanes = Math.min(chart.faults.length, LANES_MAX);
  const plotTop = 10 + lanes * LANE_HEIGHT;
  const plotBottom = plotTop + PLOT_HEIGHT;
  const height = plotBottom + AXIS_HEIGHT;
  // Guards against an empty run or a flat scale, which would divide by zero.
  const spanS = Math.max(chart.durationS, 1e-9);
  const spanY = Math.max(chart.y.max - chart.y.min, 1e-9);
  const x = (s: number) => PLOT_LEFT + (Math.min(Math.max(s, 0), spanS) / spanS) * (PLOT_RIGHT - PLOT_LEFT);
  const y = (value: number) => {
    const clamped = Math.min(Math.max(value, chart.y.min), chart.y.max);
    return plotBottom - ((clamped - chart.y.min) / spanY) * PLOT_HEIGHT;
  };
  const labelFaults = chart.faults.length <= FAULT_LABELS_MAX;
  const parts = [
    `<svg class="chart ${chart.kind}" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${WIDTH} ${height}" role="img" aria-label="${escapeHtml(chart.label)}">`,
    `<title>${escapeHtml(chart.label)}</title>`,
    ...yAxis(chart, y),
    ...timeAxis(chart, x, plotTop, plotBottom),
    ...chart.incidents.map((incident) => {
      // A short incident in a long run still gets a visible band.
      const width = Math.max(INCIDENT_MIN_PX, x(incident.endS) - x(incident.startS));
      const left = Math.min(x(incident.startS), PLOT_RIGHT - width);
      return `<rect class="incident" x="${px(left)}" y="${plotTop}" width="${px(width)}" height="${PLOT_HEIGHT}"><title>${escapeHtml(incident.title)}</title></rect>`;
    }),
    ...seriesPaths(chart, x, y, plotBottom),
    ...(chart.threshold ? thresholdLine(chart.threshold, y) : []),
    ...incidentLabels(chart.incidents, x, plotBottom),
    ...chart.faults.flatMap((fault, i) =>
      faultMarkers(chart, fault, { lane: i % LANES_MAX, labelled: labelFaults }, x, plotBottom),
    ),
    `<line class="axis" x1="${PLOT_LEFT}" y1="${plotBottom}" x2="${PLOT_RIGHT}" y2="${plotBottom}"/>`,
    "</svg>",
  ];
  return parts.join("\n");
}

function yAxis(chart: TimeSeriesChart, y: (value: number) => number): string[] {
  return chart.y.ticks.flatMap((tick) => [
    `<line class="grid" x1="${PLOT_LEFT}" y1="${px(y(tick))}" x2="${PLOT_RIGHT}" y2="${px(y(tick))}"/>`,
    `<text class="tick" x="${PLOT_LEFT - 8}" y="${px(y(tick) + 4)}" text-anchor="end">${escapeHtml(chart.y.format(tick))}</text>`,
  ]);
}

const TIME_STEPS_S = [10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 10800, 21600, 43200, 86400];
const TIME_TICKS_MAX = 8;
const DAY_S = 86_400;

/** Ticks on round times of day (02:00, 03:00…), not on round offsets from the start. */
function timeAxis(chart: TimeSeriesChart, x: (s: number) => number, plotTop: number, plotBottom: number): string[] {
  const stepS =
    TIME_STEPS_S.find((step) => chart.durationS / step <= TIME_TICKS_MAX) ??
    Math.ceil(chart.durationS / TIME_TICKS_MAX / DAY_S) * DAY_S;
  const firstS = Math.ceil(chart.startOfDayS / stepS) * stepS - chart.startOfDayS;
  const parts: string[] = [];
  for (let s = firstS; s <= chart.durationS; s += stepS) {
    const clock = clockAt(s, chart.startOfDayS);
    const label = stepS % 60 === 0 ? clock.replace(/:00$/, "") : clock;
    const anchor = s === 0 ? "start" : s === chart.durationS ? "end" : "middle";
    parts.push(
      `<line class="grid vertical" x1="${px(x(s))}" y1="${plotTop}" x2="${px(x(s))}" y2="${plotBottom}"/>`,
      `<text class="tick" x="${px(x(s))}" y="${plotBottom + 18}" text-anchor="${anchor}">${escapeHtml(label)}</text>`,
    );
  }
  return parts;
}

/** Steps: each window's value held across the window; an area under it, then the line. */
function seriesPaths(
  chart: TimeSeriesChart,
  x: (s: number) => number,
  y: (value: number) => number,
  plotBottom: number,
): string[] {
  // Runs of consecutive windows with a value; a null window ends a run and leaves a gap.
  const runs: { left: number; right: number; top: number }[][] = [[]];
  chart.values.forEach((value, i) => {
    const startS = i * chart.windowS;
    if (startS >= chart.durationS) return;
    if (value === null) {
      if (runs[runs.length - 1].length > 0) runs.push([]);
      return;
    }
    const right = x(Math.min(startS + chart.windowS, chart.durationS));
    runs[runs.length - 1].push({ left: x(startS), right, top: y(value) });
  });
  const drawn = runs.filter((steps) => steps.length > 0);
  if (drawn.length === 0) return [];
  const steps = (run: { right: number; top: number }[]) =>
    run.map((step) => `V${px(step.top)}H${px(step.right)}`).join("");
  const line = drawn.map((run) => `M${px(run[0].left)} ${px(run[0].top)}${steps(run)}`).join("");
  const area = drawn.map((run) => `M${px(run[0].left)} ${px(plotBottom)}${steps(run)}V${px(plotBottom)}Z`).join("");
  return [`<path class="area" d="${area}"/>`, `<path class="line" d="${line}"/>`];
}

const INCIDENT_LABELS_MAX = 8;
const LABEL_CHAR_PX = 6.5;

/** Names each band at the foot of the plot, so that a band a few pixels wide is still found. */
function incidentLabels(incidents: ShadedSpan[], x: (s: number) => number, plotBottom: number): string[] {
  if (incidents.length > INCIDENT_LABELS_MAX) return [];
  const labels: string[] = [];
  let freeFromX = PLOT_LEFT;
  for (const incident of incidents) {
    const widthPx = incident.label.length * LABEL_CHAR_PX;
    const after = Math.max(x(incident.endS), x(incident.startS) + INCIDENT_MIN_PX) + 4;
    // Right of the band when it fits, else left of it; skipped rather than drawn over another.
    const left = after + widthPx <= PLOT_RIGHT ? after : x(incident.startS) - 4 - widthPx;
    if (left < freeFromX) continue;
    labels.push(
      `<text class="incident-label" x="${px(left)}" y="${plotBottom - 8}">${escapeHtml(incident.label)}</text>`,
    );
    freeFromX = left + widthPx + 8;
  }
  return labels;
}

function thresholdLine(threshold: { value: number; label: string }, y: (value: number) => number): string[] {
  const at = px(y(threshold.value));
  return [
    `<line class="threshold" x1="${PLOT_LEFT}" y1="${at}" x2="${PLOT_RIGHT}" y2="${at}"/>`,
    `<text class="threshold-label" x="${PLOT_LEFT + 6}" y="${px(y(threshold.value) + 13)}">${escapeHtml(threshold.label)}</text>`,
  ];
}

function faultMarkers(
  chart: TimeSeriesChart,
  fault: FaultSpan,
  { lane, labelled }: { lane: number; labelled: boolean },
  x: (s: number) => number,
  plotBottom: number,
): string[] {
  const laneY = 10 + lane * LANE_HEIGHT + 11;
  const startX = x(fault.startS);
  const endX = x(fault.endS ?? chart.durationS);
  // 02:00 rather than 02:00:00; seconds only when they are not zero.
  const clock = (s: number) => clockAt(s, chart.startOfDayS).replace(/:00$/, "");
  const when =
    fault.endS === null
      ? `from ${clock(fault.startS)}`
      : `${clock(fault.startS)}–${clock(fault.endS)} (${formatDuration(fault.endS - fault.startS)})`;
  const title = `<title>${escapeHtml(`${fault.label} · ${when}`)}</title>`;
  // Labels near the right edge grow leftwards so they stay inside the chart.
  const leftward = startX > PLOT_RIGHT - 260;
  const labelX = leftward ? startX - 6 : startX + 6;
  const parts = [
    `<line class="fault-span" x1="${px(startX)}" y1="${laneY + 3}" x2="${px(Math.max(endX, startX + 2))}" y2="${laneY + 3}"/>`,
    `<line class="fault-marker fault-start" x1="${px(startX)}" y1="${laneY - 9}" x2="${px(startX)}" y2="${plotBottom}">${title}</line>`,
  ];
  if (labelled) {
    parts.push(
      `<text class="fault-label" x="${px(labelX)}" y="${laneY}" text-anchor="${leftward ? "end" : "start"}">${escapeHtml(`${fault.label} · ${when}`)}</text>`,
    );
  }
  if (fault.endS !== null) {
    parts.push(
      `<line class="fault-marker fault-end" x1="${px(endX)}" y1="${laneY - 9}" x2="${px(endX)}" y2="${plotBottom}">${title}</line>`,
    );
  }
  return parts;
}
