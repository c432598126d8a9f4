// Draws the timeline: success ratio and p99 sparklines filling in up to the cursor, fault markers,
// shaded incidents, the cursor, and a strip for the whole run.

import type { TimelinePoint } from "../metrics/index.js";
import { clockAt, type PreparedRun } from "./prepare.js";
import { sparkline } from "./sparkline.js";
import { type Line, type Span, span } from "./text.js";

const GUTTER = 12;
/** While zoomed in, the cursor sits this far across the chart so what comes next stays hidden. */
const CURSOR_AT = 0.75;

export interface TimelineRows {
  success: number;
  p99: number;
}

/** 7 rows: success 3, p99 2, markers, whole run; 4 rows: one each. */
export function timelineRows(height: number): TimelineRows {
  return height >= 7 ? { success: 3, p99: 2 } : { success: 1, p99: 1 };
}

interface ChartWindow {
  startUs: number;
  spanUs: number;
  columns: number;
  zoomed: boolean;
}

/** One column per timeline window around the cursor, or the whole run stretched if it fits. */
export function chartWindow(run: PreparedRun, cursorUs: number, columns: number): ChartWindow {
  const { windowS, points } = run.result.timeline;
  const windowUs = windowS * 1e6;
  if (points.length <= columns || windowUs <= 0) {
    return { startUs: 0, spanUs: Math.max(1, run.durationUs) / columns, columns, zoomed: false };
  }
  const cursorColumn = Math.floor(cursorUs / windowUs);
  const first = Math.max(0, Math.min(points.length - columns, cursorColumn - Math.floor(columns * CURSOR_AT)));
  return { startUs: first * windowUs, spanUs: windowUs, columns, zoomed: true };
}

export function timelineTitle(run: PreparedRun, cursorUs: number, width: number): string {
  const w = chartWindow(run, cursorUs, Math.max(1, width - GUTTER - 1));
  const endUs = Math.min(run.durationUs, w.startUs + w.spanUs * w.columns);
  const per = run.result.timeline.windowS;
  const scale = w.zoomed ? ` · ${per}s per column` : "";
  return `Timeline ${clockAt(run, w.startUs)} → ${clockAt(run, endUs)}${scale}`;
}

interface ChartColumns {
  success: (number | null)[];
  p99: (number | null)[];
  shaded: boolean[];
  markers: string[];
}

/** Per column: worst success ratio, worst p99, incident shading and fault marker, up to the cursor. */
function chartColumns(run: PreparedRun, cursorUs: number, w: ChartWindow): ChartColumns {
  const { points, windowS } = run.result.timeline;
  const windowUs = windowS * 1e6;
  const out: ChartColumns = { success: [], p99: [], shaded: [], markers: [] };
  for (let c = 0; c < w.columns; c++) {
    const fromUs = w.startUs + c * w.spanUs;
    // Computed like the next column's start, so that rounding cannot make neighbours overlap.
    const toUs = w.startUs + (c + 1) * w.spanUs;
    // A column is drawn once the cursor has reached it: the charts fill in as the run plays.
    const revealed =
      fromUs > cursorUs ? [] : columnPoints(points, windowUs, fromUs, toUs).filter((p) => p.requests > 0);
    out.success.push(revealed.length === 0 ? null : Math.min(...revealed.map((p) => p.successRatio)));
    out.p99.push(revealed.length === 0 ? null : Math.max(...revealed.map((p) => p.p99Ms)));
    const visibleTo = Math.min(toUs, cursorUs + 1);
    const shaded = fromUs < visibleTo && inIncident(run, fromUs, visibleTo);
    out.shaded.push(shaded);
    out.markers.push(faultMarker(run, fromUs, visibleTo) ?? (shaded ? "░" : " "));
  }
  return out;
}

export function timelineLines(run: PreparedRun, cursorUs: number, width: number, height: number): Line[] {
  const rows = timelineRows(height);
  const columns = Math.max(1, width - GUTTER - 1);
  const w = chartWindow(run, cursorUs, columns);
  const { success, p99, shaded, markers } = chartColumns(run, cursorUs, w);
  const cursorColumn = Math.max(0, Math.min(columns - 1, Math.floor((cursorUs - w.startUs) / w.spanUs)));
  const p99Max = Math.max(1, ...run.result.timeline.points.map((p) => p.p99Ms));
  const gutter = (label: string): Line => [
    span(label.padStart(GUTTER).slice(-GUTTER), { dim: true }),
    span("│", { dim: true }),
  ];
  const chartRow = (label: string, row: string, color: Span["color"]): Line => [
    ...gutter(label),
    ...[...row].map(
      (text, c) => ({ text, color, bg: shaded[c] ? "shade" : undefined, inverse: c === cursorColumn }) as Span,
    ),
  ];
  const labelled = (top: string, bottom: string, count: number, single: string) => (i: number) =>
    count === 1 ? single : i === 0 ? top : i === count - 1 ? bottom : "";
  const lines: Line[] = [];
  const successLabel = labelled("success 100%", "0%", rows.success, "success");
  sparkline(success, { min: 0, max: 1, height: rows.success }).forEach((row, i) => {
    lines.push(chartRow(successLabel(i), row, "green"));
  });
  if (run.result.simulated.fidelity === "fluid") {
    // No request latencies in a fluid run: the rows say so rather than draw zeros.
    for (let i = 0; i < rows.p99; i++) {
      lines.push([...gutter(i === 0 ? "p99" : ""), span(i === 0 ? " not measured (fluid)" : "", { dim: true })]);
    }
  } else {
    const p99Label = labelled(`p99 ${Math.round(p99Max)}ms`, "0ms", rows.p99, "p99");
    sparkline(p99, { min: 0, max: p99Max, height: rows.p99 }).forEach((row, i) => {
      lines.push(chartRow(p99Label(i), row, "cyan"));
    });
  }
  const markerColor = (m: string) => (m === "▲" || m === "░" ? "red" : m === "▼" ? "green" : undefined);
  lines.push([
    ...gutter("events"),
    ...markers.map((m, c) => (c === cursorColumn ? span("┃", { bold: true }) : span(m, { color: markerColor(m) }))),
  ]);
  lines.push(overviewLine(run, cursorUs, w, columns));
  return lines.slice(0, height);
}

function columnPoints(points: readonly TimelinePoint[], windowUs: number, fromUs: number, toUs: number) {
  if (windowUs <= 0) return [];
  const first = Math.max(0, Math.floor(fromUs / windowUs));
  const last = Math.min(points.length - 1, Math.ceil(toUs / windowUs) - 1);
  const out: TimelinePoint[] = [];
  for (let i = first; i <= Math.max(first, last) && i < points.length; i++) out.push(points[i]);
  return out;
}

function inIncident(run: PreparedRun, fromUs: number, toUs: number): boolean {
  return run.result.incidents.some((incident) => {
    const startUs = incident.startS * 1e6;
    const endUs = incident.recoveredS === null ? run.durationUs : incident.recoveredS * 1e6;
    return startUs < toUs && endUs > fromUs;
  });
}

function faultMarker(run: PreparedRun, fromUs: number, toUs: number): string | undefined {
  const starts = run.faults.some((f) => f.startUs >= fromUs && f.startUs < toUs);
  if (starts) return "▲";
  const ends = run.faults.some((f) => f.endUs !== null && f.endUs >= fromUs && f.endUs < toUs);
  return ends ? "▼" : undefined;
}

/** The whole run on one row: faults and incidents as chapter marks, the zoomed span, the cursor. */
function overviewLine(run: PreparedRun, cursorUs: number, w: ChartWindow, columns: number): Line {
  const spanUs = Math.max(1, run.durationUs) / columns;
  const cursorColumn = Math.max(0, Math.min(columns - 1, Math.floor(cursorUs / spanUs)));
  const zoomEndUs = w.startUs + w.spanUs * w.columns;
  const cells: Span[] = [];
  for (let c = 0; c < columns; c++) {
    const fromUs = c * spanUs;
    const toUs = (c + 1) * spanUs;
    if (c === cursorColumn) {
      cells.push(span("●", { bold: true }));
      continue;
    }
    const marker = faultMarker(run, fromUs, toUs);
    if (marker) cells.push(span(marker, { color: marker === "▲" ? "red" : "green" }));
    else if (inIncident(run, fromUs, toUs)) cells.push(span("░", { color: "red" }));
    else if (w.zoomed && fromUs < zoomEndUs && toUs > w.startUs) cells.push(span("━"));
    else cells.push(span("─", { dim: true }));
  }
  return [span("whole run".padStart(GUTTER), { dim: true }), span("│", { dim: true }), ...cells];
}
