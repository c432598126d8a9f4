// Draws the scorecard: the verdict and the numbers that matter (availability, RPO, RTO with its
// phases, TTD, latency) beside every SLO target and expectation, then the replay command.

import {
  formatCount,
  formatDuration,
  formatPercent,
  reactionPhaseLetter,
  reactionPhaseName,
  replayCommand,
} from "../report/index.js";
import type { PreparedRun } from "./prepare.js";
import { PHASES, type PhaseName, type PhaseProgress, type Scorecard, verdictOf } from "./scorecard-model.js";
import { besideLines, type Color, fitLine, type Line, lineWidth, span } from "./text.js";

const PHASE_COLOR: Record<PhaseName, Color> = {
  detect: "yellow",
  failover: "magenta",
  propagate: "cyan",
  recover: "green",
};
/** As the text report colours them: a run with no targets is neither green nor red. */
const VERDICT_COLOR = { PASS: "green", FAIL: "red", "no targets": "yellow" } as const;
const PHASE_BAR_WIDTH = 30;
/** Below this inner width the targets go on one line under the numbers instead of beside them. */
const SIDE_BY_SIDE_MIN = 96;

/** Inner rows the scorecard wants at this width (the layout may give it fewer). */
export function scorecardRows(card: Scorecard, width: number): number {
  const left = numberLines(card).length;
  return width >= SIDE_BY_SIDE_MIN ? Math.max(left, card.targets.length) + 1 : left + 2;
}

export function scorecardLines(run: PreparedRun, card: Scorecard, width: number, height: number): Line[] {
  const replay: Line = [span("replay: ", { dim: true }), span(replayCommand(run.result))];
  const numbers = numberLines(card);
  // With none, the column says so rather than standing empty beside the "no targets" verdict.
  const targets = card.targets.length === 0 ? [inlineTargets(card)] : card.targets.map((t) => targetLine(card, t));
  let lines: Line[];
  if (width >= SIDE_BY_SIDE_MIN && Math.max(numbers.length, targets.length) + 1 <= height) {
    const targetsWidth = Math.max(0, ...targets.map(lineWidth));
    const leftWidth = Math.max(20, width - targetsWidth - 2);
    lines = besideLines(
      numbers.map((n) => fitLine(n.line, leftWidth)),
      targets,
      leftWidth,
    );
  } else {
    // Narrow or short: targets on one line; when rows run out, the least needed lines go first.
    const ranked: RankedLine[] = [...numbers, { line: inlineTargets(card), rank: 3 }];
    const kept = new Set(
      [...ranked]
        .sort((a, b) => a.rank - b.rank)
        .slice(0, Math.max(0, height - 1))
        .map((r) => r.line),
    );
    lines = ranked.filter((r) => kept.has(r.line)).map((r) => r.line);
  }
  lines = lines.slice(0, Math.max(0, height - 1));
  lines.push(replay);
  return lines.map((line) => fitLine(line, width));
}

interface RankedLine {
  line: Line;
  /** Which lines stay when rows are short: lowest first. */
  rank: number;
}

function numberLines(card: Scorecard): RankedLine[] {
  const rto = rtoLine(card);
  if (card.phases) rto.push(span("  "), ...phaseBar(card.phases));
  const lines: RankedLine[] = [
    { line: headline(card), rank: 0 },
    { line: rpoLine(card), rank: 1 },
    { line: rto, rank: 2 },
  ];
  if (card.phases) lines.push({ line: phasesLine(card.phases), rank: 4 });
  lines.push({ line: detectionLine(card), rank: 5 }, { line: latencyLine(card), rank: 6 });
  // The least needed lines: they go first when rows run short (client regions before operations).
  if (card.byClientRegion.length > 1) lines.push({ line: regionLine(card), rank: 8 });
  if (card.byOperation.length > 0) lines.push({ line: operationLine(card), rank: 7 });
  return lines;
}

function headline(card: Scorecard): Line {
  const word = verdictOf(card);
  const verdict =
    word === null ? span("so far", { dim: true }) : span(word, { bold: true, color: VERDICT_COLOR[word] });
  const availability =
    card.availability === null
      ? span("no requests yet", { dim: true })
      : span(card.final ? formatPercent(card.availability) : `≈${formatPercent(card.availability, 2)}`, { bold: true });
  const line: Line = [verdict, span("  availability "), availability];
  if (card.degraded) {
    line.push(
      span(" · "),
      span(`${formatCount(card.degraded.count)} degraded`, { color: "yellow", bold: true }),
      span(` (${formatPercent(card.degraded.share, 1)} of responses)`, { dim: true }),
    );
  }
  if (!card.final && card.windowSuccess !== null) {
    const bad = card.windowSuccess < 0.99;
    line.push(
      span(" · this window ", { dim: true }),
      span(`${formatPercent(card.windowSuccess, 1)} success`, bad ? { color: "red" } : { dim: true }),
    );
  }
  return line;
}

function rpoLine(card: Scorecard): Line {
  const lost = card.lostWrites;
  return [
    span("RPO ", { bold: true }),
    span(formatDuration(card.rpoS), lost > 0 ? { color: "red", bold: true } : { bold: true }),
    span(
      lost > 0 ? ` · ${formatCount(lost)} writes lost` : card.final ? " · no write lost" : " · no write lost so far",
    ),
  ];
}

function rtoLine(card: Scorecard): Line {
  const p = card.phases;
  const line: Line = [span("RTO ", { bold: true })];
  if (p && p.current !== null) {
    line.push(span(`running ${formatDuration(p.elapsedS)}`, { color: "red", bold: true }));
    line.push(span(` · ${phaseName(p, p.current)} under way`, { dim: true }));
    if (card.rtoS !== null) line.push(span(` · longest so far ${formatDuration(card.rtoS)}`, { dim: true }));
    return line;
  }
  if (card.rtoS === null) return [...line, span(card.incidentsStarted === 0 ? "none: no incident so far" : "—")];
  const count = card.incidentsStarted;
  line.push(span(formatDuration(card.rtoS), { bold: true }));
  line.push(span(` · ${count} incident${count === 1 ? "" : "s"}${card.final ? "" : " so far"}`, { dim: true }));
  return line;
}

/** The reaction phase is named for what reacted: a scale-out is not a failover. */
function phaseName(p: PhaseProgress, phase: PhaseName): string {
  return phase === "failover" ? reactionPhaseName(p.incident) : phase;
}

function phasesLine(p: PhaseProgress): Line {
  const line: Line = [span(`#${p.incidentNumber} `, { dim: true })];
  PHASES.forEach((phase, i) => {
    if (i > 0) line.push(span(" → ", { dim: true }));
    const active = p.current === phase;
    const reached = active || p.phasesS[phase] > 0 || p.current === null || PHASES.indexOf(p.current) > i;
    line.push(
      span(`${phaseName(p, phase)} ${formatDuration(p.phasesS[phase])}${active ? "…" : ""}`, {
        color: reached ? PHASE_COLOR[phase] : undefined,
        bold: active,
        dim: !reached,
      }),
    );
  });
  return line;
}

/** d/f/p/r (s for a scale-out…) in proportion to each phase's share of the RTO (or of the time so far). */
function phaseBar(p: PhaseProgress): Line {
  const totalS = Math.max(p.elapsedS, p.incident.rtoS, 1e-9);
  const line: Line = [span("[")];
  let used = 0;
  for (const phase of PHASES) {
    const n = Math.min(PHASE_BAR_WIDTH - used, Math.round((p.phasesS[phase] / totalS) * PHASE_BAR_WIDTH));
    const letter = phase === "failover" ? reactionPhaseLetter(p.incident) : phase[0];
    if (n > 0) line.push(span(letter.repeat(n), { color: PHASE_COLOR[phase] }));
    used += Math.max(0, n);
  }
  line.push(span(`${" ".repeat(PHASE_BAR_WIDTH - used)}]`));
  return line;
}

function detectionLine(card: Scorecard): Line {
  const line: Line = [span("TTD ", { bold: true })];
  if (card.ttdS === null)
    line.push(span(card.incidentsStarted === 0 ? "—" : "no alert yet", { dim: card.incidentsStarted === 0 }));
  else line.push(span(formatDuration(card.ttdS), { bold: true }));
  if (card.usersFirst) line.push(span(" (users saw it first)", { color: "yellow" }));
  if (card.undetected > 0) line.push(span(` · ${card.undetected} never alerted`, { color: "red" }));
  return line;
}

function latencyLine(card: Scorecard): Line {
  const line: Line = [span("latency ", { bold: true })];
  if (card.latencyMs) {
    const l = card.latencyMs;
    // p99 first: when the line is cut short, the tail goes.
    line.push(span(`p99 ${l.p99}ms`, { bold: true }), span(` · p50 ${l.p50}ms · p95 ${l.p95}ms · max ${l.max}ms`));
  } else if (card.fluid) {
    line.push(span("not measured: a fluid run simulates rates, not requests", { dim: true }));
  } else if (card.windowP99Ms !== null) {
    line.push(span("p99 now ", { dim: true }), span(`${card.windowP99Ms}ms`), span(" (this window)", { dim: true }));
  } else {
    line.push(span("no successful request in this window", { dim: true }));
  }
  return line;
}

/**
 * A breakdown row's availability: exact at the end, "≈" while the run plays ("—" without requests);
 * red below 99% or when `alarm` (a target of its own missed).
 */
function availabilitySpan(card: Scorecard, availability: number | null, alarm: boolean): Line[number] {
  if (availability === null) return span("—", { dim: true });
  const text = card.final ? formatPercent(availability) : `≈${formatPercent(availability, 2)}`;
  return span(text, availability < 0.99 || alarm ? { color: "red", bold: true } : { bold: true });
}

/** Each client region's availability, and at the end its lost writes: where the users who saw the failures are. */
function regionLine(card: Scorecard): Line {
  const line: Line = [span("by client region ", { bold: true })];
  card.byClientRegion.forEach(({ region, availability, lostWrites }, i) => {
    if (i > 0) line.push(span(" · ", { dim: true }));
    line.push(span(`${region} `), availabilitySpan(card, availability, false));
    if (lostWrites !== null)
      line.push(span(` ${formatCount(lostWrites)} lost`, lostWrites > 0 ? { color: "red" } : { dim: true }));
  });
  return line;
}

/** Each operation's availability, and at the end whether its own targets held: who was hurt. */
function operationLine(card: Scorecard): Line {
  const line: Line = [span("by operation ", { bold: true })];
  card.byOperation.forEach(({ operation, availability, pass }, i) => {
    if (i > 0) line.push(span(" · ", { dim: true }));
    line.push(span(`${operation} `), availabilitySpan(card, availability, pass === false));
    if (pass !== null) line.push(span(pass ? " ✓" : " ✗", { color: pass ? "green" : "red", bold: true }));
  });
  return line;
}

function mark(card: Scorecard, pass: boolean) {
  if (!card.final) return span("·", { dim: true });
  return pass ? span("✓", { color: "green", bold: true }) : span("✗", { color: "red", bold: true });
}

function targetLine(card: Scorecard, target: Scorecard["targets"][number]): Line {
  const nameWidth = Math.max(...card.targets.map((t) => t.name.length));
  const actual = card.final ? target.actualText : "…";
  return [
    mark(card, target.pass),
    span(` ${target.name.padEnd(nameWidth)} `),
    span(actual.padStart(10), card.final ? { bold: true, color: target.pass ? undefined : "red" } : { dim: true }),
    span(`  ${target.target}`, { dim: true }),
  ];
}

function inlineTargets(card: Scorecard): Line {
  const line: Line = [span("targets ", { bold: true })];
  card.targets.forEach((t, i) => {
    if (i > 0) line.push(span(" "));
    line.push(mark(card, t.pass), span(card.final ? `${t.name} ${t.actualText}` : t.name));
  });
  if (card.targets.length === 0) line.push(span("none set", { dim: true }));
  return line;
}
