// Draws the event log: the story's entries up to the cursor, newest at the bottom and marked,
// then the next one dimmed so ←/→ never jump blind.

import { clockAt, type PreparedRun } from "./prepare.js";
import { fitLine, type Line, span } from "./text.js";
import { TONE_COLOR } from "./theme.js";

/** Index of the last story event at or before the cursor, or -1. */
export function lastEventIndex(run: PreparedRun, cursorUs: number): number {
  let lo = 0;
  let hi = run.story.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (run.story[mid].timeUs <= cursorUs) lo = mid + 1;
    else hi = mid;
  }
  return lo - 1;
}

export function eventLogTitle(run: PreparedRun, cursorUs: number): string {
  return `Events ${lastEventIndex(run, cursorUs) + 1}/${run.story.length}`;
}

export function eventLogLines(run: PreparedRun, cursorUs: number, width: number, height: number): Line[] {
  if (height <= 0) return [];
  const last = lastEventIndex(run, cursorUs);
  const next = run.story[last + 1];
  const lines: Line[] = [];
  if (run.story.length === 0) return [[span("nothing notable happened in this run", { dim: true })]];
  const pastRoom = next ? height - 1 : height;
  const from = Math.max(0, last - pastRoom + 1);
  if (last < 0) lines.push([span("all quiet so far", { dim: true })]);
  for (let i = from; i <= last; i++) {
    const event = run.story[i];
    const current = event.timeUs === run.story[last].timeUs;
    lines.push([
      span(current ? "▶ " : "  ", { bold: true }),
      span(`${clockAt(run, event.timeUs)}  `, { dim: !current }),
      span(event.text, { color: TONE_COLOR[event.tone], bold: current }),
    ]);
  }
  if (next && lines.length < height) {
    lines.push([span(`· ${clockAt(run, next.timeUs)}  next: ${next.text}`, { dim: true })]);
  }
  return lines.slice(-height).map((line) => fitLine(line, width));
}
