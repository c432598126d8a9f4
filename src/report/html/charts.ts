// The two charts of a scenario's run over simulated time: the windowed success ratio against
// the SLI threshold, and the windowed p99 latency, both with fault markers and incident shading.

import type { RunResult } from "../../scenario/index.js";
import { clockAt, formatDuration, formatPercent } from "../format.js";
import { type FaultSpan, renderTimeSeries, type ShadedSpan } from "./svg-chart.js";

/**
 * The run's faults as the result lists them. A fault declared to start after the run never
 * started; one declared to end after it is still active at the end.
 */
export function faultSpans(run: RunResult): FaultSpan[] {
  const durationS = run.simulated.durationS;
  return run.faults
    .filter((fault) => fault.startS <= durationS)
    .map((fault) => ({
      label: fault.label,
      startS: fault.startS,
      endS: fault.endS === null || fault.endS > durationS ? null : fault.endS,
    }));
}

function incidentSpans(run: RunResult): ShadedSpan[] {
  return run.incidents.map((incident, i) => {
    const endS = incident.recoveredS ?? run.simulated.durationS;
    const at = (s: number) => clockAt(s, run.simulated.startOfDayS);
    return {
      startS: incident.startS,
      endS,
      label: `incident #${i + 1} · RTO ${formatDuration(incident.rtoS)}`,
      title: `incident #${i + 1} ${at(incident.startS)} → ${at(endS)} · RTO ${formatDuration(incident.rtoS)}`,
    };
  });
}

/** The lowest round floor below every window's ratio, so a dip to 99.7% is still visible. */
const SUCCESS_FLOORS = [0.99, 0.98, 0.96, 0.9, 0.8, 0.6, 0.2, 0];

export function successChart(scenarioName: string, run: RunResult): string {
  const { points, windowS } = run.timeline;
  const threshold = run.availabilityTimeBased.threshold;
  const lowest = Math.min(threshold, ...points.map((point) => point.successRatio));
  const floor = SUCCESS_FLOORS.find((candidate) => candidate <= lowest - 0.002) ?? 0;
  return renderTimeSeries({
    kind: "success",
    label: `${scenarioName}: success ratio per ${formatDuration(windowS)} window, seed ${run.seed}`,
    durationS: run.simulated.durationS,
    startOfDayS: run.simulated.startOfDayS,
    windowS,
    values: points.map((point) => (point.requests === 0 ? null : point.successRatio)),
    y: {
      min: floor,
      max: 1,
      ticks: [0, 1, 2, 3, 4].map((k) => floor + ((1 - floor) * k) / 4),
      format: (value) => formatPercent(value, 2),
    },
    faults: faultSpans(run),
    incidents: incidentSpans(run),
    threshold: { value: threshold, label: `SLI ${formatPercent(threshold, 2)}` },
  });
}

const LATENCY_TICKS_MAX = 5;

/** The smallest round step (1, 2, 2.5 or 5 × 10ⁿ ms) that covers the highest p99 in five ticks. */
function latencyScale(maxMs: number): { max: number; ticks: number[] } {
  // Nothing succeeded, so nothing to scale to: a 0–1 ms axis keeps the chart drawable.
  const topMs = maxMs > 0 ? maxMs : 1;
  const stepMinMs = topMs / LATENCY_TICKS_MAX;
  let magnitude = 0.001;
  while (magnitude * 10 <= stepMinMs) magnitude *= 10;
  const stepMs = [1, 2, 2.5, 5, 10].map((m) => m * magnitude).find((step) => step >= stepMinMs) ?? 10 * magnitude;
  const count = Math.max(1, Math.ceil(topMs / stepMs - 1e-9));
  return { max: count * stepMs, ticks: Array.from({ length: count + 1 }, (_, k) => k * stepMs) };
}

/** 250ms, 0.5ms, 1.5s: three significant digits, in seconds from one second up. */
function formatLatencyTick(ms: number): string {
  if (ms === 0) return "0";
  return ms < 1000 ? `${Number(ms.toPrecision(3))}ms` : formatDuration(ms / 1000);
}

export function latencyChart(scenarioName: string, run: RunResult): string {
  const { points, windowS } = run.timeline;
  const scale = latencyScale(Math.max(0, ...points.map((point) => point.p99Ms)));
  return renderTimeSeries({
    kind: "latency",
    label: `${scenarioName}: p99 latency of successful requests per ${formatDuration(windowS)} window, seed ${run.seed}`,
    durationS: run.simulated.durationS,
    startOfDayS: run.simulated.startOfDayS,
    windowS,
    // A window where nothing succeeded has no latency to show: a gap, not a zero.
    values: points.map((point) => (point.requests === 0 || point.successRatio === 0 ? null : point.p99Ms)),
    y: { min: 0, max: scale.max, ticks: scale.ticks, format: formatLatencyTick },
    faults: faultSpans(run),
    incidents: incidentSpans(run),
  });
}

/** A key to the charts' marks; only the marks this run's charts actually show. */
export function chartLegend(run: RunResult): string {
  const items = [
    '<span><i class="swatch line"></i>measured per window</span>',
    '<span><i class="swatch threshold"></i>SLI threshold</span>',
    ...(faultSpans(run).length > 0
      ? ['<span><i class="swatch fault"></i>fault start (solid) / end (dashed)</span>']
      : []),
    ...(run.incidents.length > 0 ? ['<span><i class="swatch incident"></i>incident: below the SLI</span>'] : []),
  ];
  return `<p class="legend">${items.join("")}</p>`;
}
