// RTO phase bars: one stacked horizontal bar per incident (detect → failover → propagate →
// recover), all on one scale so that a long recovery looks long next to a short one.

import type { Incident } from "../../metrics/index.js";
import { clockAt, formatDuration } from "../format.js";
import { reactionPhaseName } from "../reaction-phase.js";
import { escapeHtml, px } from "./markup.js";

export const PHASES = [
  { key: "detectS", name: "detect", meaning: "incident start → first alert" },
  {
    key: "failoverS",
    name: "failover",
    legend: "failover / scale-out / rollback / restore",
    meaning: "→ the system's last reaction",
    detail:
      "lasts until the system's last reaction in the incident, and is named for what reacted: a failover (a promotion, a DNS failover, a load-balancer ejection, a breaker opening), a scale-out (new instances), a rollback (a bad change reverted) or a restore (data restored)",
  },
  { key: "propagateS", name: "propagate", meaning: "→ clients follow (TTL)" },
  { key: "recoverS", name: "recover", meaning: "→ success ratio back above the SLI" },
] as const;

const WIDTH = 960;
const LABEL_WIDTH = 118;
const BAR_LEFT = LABEL_WIDTH + 8;
const BAR_RIGHT = WIDTH - 110;
const ROW_HEIGHT = 30;
const BAR_HEIGHT = 20;
const SEGMENT_LABEL_MIN_PX = 74;
/** Past this many incidents the bars stop being readable; the rest are counted instead. */
export const PHASE_ROWS_MAX = 12;

export function renderPhaseBars(incidents: Incident[], startOfDayS: number): string {
  const shown = incidents.slice(0, PHASE_ROWS_MAX);
  const scaleS = Math.max(...shown.map((incident) => incident.rtoS), 1e-9);
  const height = shown.length * ROW_HEIGHT + 4;
  const rows = shown.flatMap((incident, row) => phaseRow(incident, row, scaleS, startOfDayS));
  return [
    `<svg class="phases" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${WIDTH} ${height}" role="img" aria-label="RTO phases per incident">`,
    ...rows,
    "</svg>",
  ].join("\n");
}

function phaseRow(incident: Incident, row: number, scaleS: number, startOfDayS: number): string[] {
  const top = row * ROW_HEIGHT + 4;
  const textY = px(top + BAR_HEIGHT / 2 + 4);
  const perS = (BAR_RIGHT - BAR_LEFT) / scaleS;
  const parts = [
    `<text class="phase-row-label" x="0" y="${textY}">#${row + 1} ${escapeHtml(clockAt(incident.startS, startOfDayS))}</text>`,
  ];
  let left = BAR_LEFT;
  const attributed = PHASES.reduce((sum, phase) => sum + incident.phases[phase.key], 0);
  const segments = [
    // The reaction phase keeps its class (its colour) and is labelled for what reacted.
    ...PHASES.map((phase) => ({
      name: phase.name,
      label: phase.key === "failoverS" ? reactionPhaseName(incident) : phase.name,
      seconds: incident.phases[phase.key],
    })),
    // An incident still open at the end of the run may have time no phase accounts for.
    { name: "unattributed", label: "unattributed", seconds: Math.max(0, incident.rtoS - attributed) },
  ];
  for (const segment of segments) {
    if (segment.seconds <= 0) continue;
    const width = Math.max(1.5, segment.seconds * perS);
    const duration = formatDuration(segment.seconds);
    parts.push(
      `<rect class="phase ${segment.name}" x="${px(left)}" y="${top}" width="${px(width)}" height="${BAR_HEIGHT}" rx="3"><title>${escapeHtml(`${segment.label} ${duration}`)}</title></rect>`,
    );
    if (width >= SEGMENT_LABEL_MIN_PX) {
      parts.push(
        `<text class="phase-label" x="${px(left + 6)}" y="${textY}">${escapeHtml(`${segment.label} ${duration}`)}</text>`,
      );
    }
    left += width;
  }
  const total = incident.recoveredS === null ? `≥ ${formatDuration(incident.rtoS)}` : formatDuration(incident.rtoS);
  parts.push(`<text class="phase-total" x="${px(left + 8)}" y="${textY}">RTO ${escapeHtml(total)}</text>`);
  return parts;
}
