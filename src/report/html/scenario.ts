// One scenario's section of the HTML report: header, scorecard, targets with replay commands,
// the success-ratio and p99 charts of the worst seed, its dependency calls, caches and queues,
// the RTO phases of its incidents, and the data it lost.

import { type RunResult, type ScenarioVerdict, summarizeScenario, type TargetVerdict } from "../../scenario/index.js";
import { clockAt, formatCount, formatDuration, formatPercent } from "../format.js";
import { formatHeadline, operationVerdict, targetReplay, worstByClientRegion, worstByOperation } from "../markdown.js";
import { chartLegend, latencyChart, successChart } from "./charts.js";
import { costSection } from "./cost.js";
import { escapeHtml, plural } from "./markup.js";
import { PHASE_ROWS_MAX, PHASES, renderPhaseBars } from "./phase-bars.js";
import { cacheSection, dataLossSection, queueSection } from "./run-details.js";

/** The run with the lowest availability; ties go to the first seed. Its timeline is charted. */
export function worstRun(verdict: ScenarioVerdict): RunResult {
  return verdict.runs.reduce((worst, run) => (run.availability < worst.availability ? run : worst));
}

export function renderScenario(verdict: ScenarioVerdict, id: string): string {
  const run = worstRun(verdict);
  const seedNote =
    verdict.runs.length === 1
      ? `seed ${run.seed}`
      : `seed ${run.seed}, the lowest availability of ${plural(verdict.runs.length, "seed")}`;
  return [
    `<section class="scenario ${verdict.pass ? "pass" : "fail"}" id="${escapeHtml(id)}">`,
    '<header class="scenario-head">',
    `<h2>${escapeHtml(verdict.name)} ${verdict.targets.length === 0 ? NO_TARGETS_BADGE : badge(verdict.pass)}</h2>`,
    verdict.description ? `<p class="description">${escapeHtml(verdict.description)}</p>` : "",
    `<p class="meta"><code>${escapeHtml(verdict.file)}</code> · scenario ${escapeHtml(verdict.hash)} · ${escapeHtml(describeSeeds(verdict.seeds))} · ${formatDuration(run.simulated.durationS)} simulated</p>`,
    "</header>",
    scorecard(verdict),
    targetTable(verdict),
    clientRegionSection(verdict),
    operationSection(verdict),
    `<h3>Success ratio <span class="aside">per ${formatDuration(run.timeline.windowS)} window · ${escapeHtml(seedNote)}</span></h3>`,
    successChart(verdict.name, run),
    `<h3>p99 latency of successful requests <span class="aside">per ${formatDuration(run.timeline.windowS)} window · ${escapeHtml(seedNote)}</span></h3>`,
    latencyChart(verdict.name, run),
    chartLegend(run),
    dependencySection(run, seedNote),
    cacheSection(run, seedNote),
    queueSection(run, seedNote),
    incidentSection(run),
    dataLossSection(verdict),
    costSection(verdict),
    `<p class="replay">Replay this run: <code>${escapeHtml(targetReplay(verdict, run.seed))}</code> <span class="aside">trace ${escapeHtml(run.traceHash)}</span></p>`,
    "</section>",
  ]
    .filter((part) => part !== "")
    .join("\n");
}

/**
 * What each operation's requests saw (worst over seeds), and whether its own targets held, when
 * the workload declares operations.
 */
function operationSection(verdict: ScenarioVerdict): string {
  const rows = worstByOperation(verdict);
  if (rows.length === 0) return "";
  const body = rows.map((row) => {
    const latency = row.latencyMs === null ? ["—", "—"] : [`${row.latencyMs.p50}ms`, `${row.latencyMs.p99}ms`];
    const missed = row.passed < row.targets;
    const cells = [
      `${formatPercent(row.availability)}`,
      formatCount(row.failed),
      ...latency,
      row.write ? formatCount(row.lostWrites) : "—",
    ];
    const mark =
      row.targets === 0 ? "" : `<span class="mark ${missed ? "fail" : "pass"}">${missed ? "✗" : "✓"}</span> `;
    return [
      `<tr class="${missed ? "fail" : "pass"}">`,
      `<td>${escapeHtml(row.operation)} <span class="aside">${row.write ? "write" : "read"} ${formatPercent(row.share, 2)}</span></td>`,
      `<td class="num measured">${cells[0]}</td>`,
      ...cells.slice(1).map((cell) => `<td class="num">${cell}</td>`),
      `<td>${mark}${escapeHtml(operationVerdict(row).replace(/^[✓✗] /, ""))}</td>`,
      "</tr>",
    ].join("");
  });
  const over = verdict.runs.length === 1 ? "" : ` · worst of ${plural(verdict.runs.length, "seed")}`;
  return [
    `<h3>By operation <span class="aside">the workload's request types${over}</span></h3>`,
    '<div class="scroll"><table class="operations">',
    '<thead><tr><th>Operation</th><th class="num">Availability</th><th class="num">Failed</th><th class="num">p50</th><th class="num">p99</th><th class="num">Lost writes</th><th>Its targets</th></tr></thead>',
    `<tbody>${body.join("\n")}</tbody>`,
    "</table></div>",
  ].join("\n");
}

/** What the users of each client region saw, when they send from more than one (worst over seeds). */
function clientRegionSection(verdict: ScenarioVerdict): string {
  const rows = worstByClientRegion(verdict);
  if (rows.length < 2) return "";
  const body = rows.map((row) => {
    const latency = row.latencyMs === null ? ["—", "—"] : [`${row.latencyMs.p50}ms`, `${row.latencyMs.p99}ms`];
    const cells = [formatPercent(row.availability), ...latency, formatCount(row.lostWrites)];
    return `<tr><td>${escapeHtml(row.region)}</td>${cells.map((c) => `<td class="num">${c}</td>`).join("")}</tr>`;
  });
  const over = verdict.runs.length === 1 ? "" : ` · worst of ${plural(verdict.runs.length, "seed")}`;
  return [
    `<h3>By client region <span class="aside">the region users send from${over}</span></h3>`,
    '<div class="scroll"><table class="client-regions">',
    '<thead><tr><th>Client region</th><th class="num">Availability</th><th class="num">p50</th><th class="num">p99</th><th class="num">Lost writes</th></tr></thead>',
    `<tbody>${body.join("\n")}</tbody>`,
    "</table></div>",
  ].join("\n");
}

/** A scenario judged by nothing did not pass anything. */
export const NO_TARGETS_BADGE = '<span class="badge none">no targets</span>';

export function badge(pass: boolean, size: "normal" | "large" = "normal"): string {
  const large = size === "large" ? " large" : "";
  return pass ? `<span class="badge pass${large}">✓ PASS</span>` : `<span class="badge fail${large}">✗ FAIL</span>`;
}

function describeSeeds(seeds: number[]): string {
  if (seeds.length === 1) return `seed ${seeds[0]}`;
  return `${seeds.length} seeds (${seeds[0]}–${seeds[seeds.length - 1]})`;
}

/** Which targets speak for each tile, so a tile can show whether they passed. */
const TILE_TARGETS: Record<string, string[]> = {
  availability: ["availability", "failedRequests"],
  rpo: ["rpo", "rpoS", "lostWrites"],
  rto: ["rto", "rtoS", "incidents"],
  ttd: ["ttd", "ttdS"],
  latency: ["latencyP99", "latencyP99Ms", "latencyP95Ms", "latencyP50Ms", "latencyMeanMs", "latencyMaxMs"],
};

function scorecard(verdict: ScenarioVerdict): string {
  const headline = formatHeadline(verdict);
  const most = (read: (run: RunResult) => number) => Math.max(...verdict.runs.map(read));
  const incidents = most((run) => run.incidents.length);
  const undetected = most((run) => run.ttd.undetectedIncidents);
  const tile = (key: string, title: string, value: string, detail: string) => {
    const judged = verdict.targets.filter((target) => TILE_TARGETS[key].includes(target.name));
    const state = judged.length === 0 ? "" : judged.every((target) => target.pass) ? " pass" : " fail";
    return `<div class="tile${state}"><div class="tile-title">${title}</div><div class="tile-value">${value}</div><div class="tile-detail">${detail}</div></div>`;
  };
  const ttdDetail =
    incidents === 0
      ? "no incident"
      : undetected === 0
        ? "longest wait for an alert"
        : `${plural(undetected, "incident")} never alerted`;
  const scope = verdict.runs.length === 1 ? "" : `<p class="aside">Worst value over ${verdict.runs.length} seeds.</p>`;
  const degraded = most((run) => run.requests.degraded);
  const failedDetail = `${formatCount(most((run) => run.requests.failed))} requests failed`;
  return [
    '<div class="scorecard">',
    tile(
      "availability",
      "Availability",
      escapeHtml(headline.availability),
      degraded > 0 ? `${failedDetail} · ${formatCount(degraded)} degraded` : failedDetail,
    ),
    tile("rpo", "RPO", escapeHtml(headline.rpo), `${escapeHtml(headline.lostWrites)} acknowledged writes lost`),
    tile(
      "rto",
      "RTO",
      escapeHtml(headline.rto),
      incidents === 0 ? "no incident" : `longest of ${plural(incidents, "incident")}`,
    ),
    tile("ttd", "Time to detect", escapeHtml(headline.ttd), ttdDetail),
    verdict.runs.some((run) => run.simulated.fidelity === "fluid")
      ? tile("latency", "Latency p50 / p99", "—", "not measured: a fluid run simulates rates, not requests")
      : tile(
          "latency",
          "Latency p50 / p99",
          `${roundMs(most((run) => run.latencyMs.p50))} / ${roundMs(summarizeScenario(verdict).latencyP99Ms)} <small>ms</small>`,
          `max ${formatCount(most((run) => run.latencyMs.max))}ms`,
        ),
    "</div>",
    scope,
  ].join("\n");
}

/** Three significant digits are plenty on a tile: 41.6, 123, 4,183. */
function roundMs(ms: number): string {
  return ms >= 100 ? formatCount(ms) : String(Number(ms.toPrecision(3)));
}

function targetTable(verdict: ScenarioVerdict): string {
  if (verdict.targets.length === 0) return '<p class="aside">No SLO targets or expectations.</p>';
  const rows = verdict.targets.map((target) => targetRow(verdict, target));
  return [
    '<div class="scroll"><table class="targets">',
    "<thead><tr><th></th><th>Target</th><th>Required</th><th>Measured</th><th>Worst seed</th><th>Replay</th></tr></thead>",
    "<tbody>",
    ...rows,
    "</tbody>",
    "</table></div>",
  ].join("\n");
}

function targetRow(verdict: ScenarioVerdict, target: TargetVerdict): string {
  const mark = target.pass ? '<span class="mark pass">✓</span>' : '<span class="mark fail">✗</span>';
  const over =
    target.percentile === undefined
      ? ""
      : ` <span class="aside">p${target.percentile} of ${verdict.seeds.length} seeds</span>`;
  const where = target.position ? ` <span class="aside">line ${target.position.line}</span>` : "";
  return [
    `<tr class="${target.pass ? "pass" : "fail"}">`,
    `<td>${mark}</td>`,
    `<td><span class="kind">${target.kind === "slo" ? "SLO" : "expect"}</span> ${escapeHtml(target.name)}${where}</td>`,
    `<td class="num"><code>${escapeHtml(target.target)}</code></td>`,
    `<td class="num measured">${escapeHtml(target.actualText)}${over}</td>`,
    verdict.seeds.length === 1
      ? `<td class="num">${target.worstSeed}</td>`
      : `<td class="num">${target.worstSeed} <span class="aside">(${escapeHtml(target.worstActualText)})</span></td>`,
    `<td><code class="command">${escapeHtml(targetReplay(verdict, target.worstSeed))}</code></td>`,
    "</tr>",
  ].join("");
}

/**
 * Each service's calls to each dependency and what its defences did: how many attempts a call
 * cost (retry amplification), how many calls failed, and how many of those failed fast.
 */
/** What a dependency row is (a service, a fallback) and what its fallback took. */
function dependencyNote(d: RunResult["dependencies"][number]): string {
  const notes: string[] = [];
  if (d.callee === "service") notes.push("(service)");
  if (d.fallbackFor !== undefined) notes.push(`(fallback for ${d.fallbackFor})`);
  if (d.fallback !== undefined && d.fallback.fellBack > 0) {
    notes.push(
      d.fallback.to === "cached"
        ? `${formatCount(d.fallback.fellBack)} fell back on a cached answer, ${formatCount(d.fallback.servedCached)} found`
        : `${formatCount(d.fallback.fellBack)} fell back to ${d.fallback.to}`,
    );
  }
  return notes.map((note) => ` <span class="aside">${escapeHtml(note)}</span>`).join("");
}

function dependencySection(run: RunResult, seedNote: string): string {
  if (run.dependencies.length === 0) return "";
  const rows = run.dependencies.map((d) => {
    const attempts = d.calls === 0 ? "—" : ((d.calls + d.retries) / d.calls).toFixed(2);
    const failedShare = d.calls === 0 ? "" : ` <span class="aside">${formatPercent(d.failedCalls / d.calls, 1)}</span>`;
    const cells = [
      `<td>${escapeHtml(d.service)} <span class="aside">→</span> ${escapeHtml(d.dependency)}${dependencyNote(d)}</td>`,
      `<td class="num">${formatCount(d.calls)}</td>`,
      `<td class="num">${attempts}</td>`,
      `<td class="num">${formatCount(d.failedCalls)}${failedShare}</td>`,
      `<td class="num">${formatCount(d.fastFails)}</td>`,
      `<td class="num">${formatCount(d.breakerOpens)}</td>`,
      `<td class="num">${formatCount(d.retriesDenied)}</td>`,
    ];
    return `<tr>${cells.join("")}</tr>`;
  });
  return [
    `<h3>Dependencies <span class="aside">calls per service and dependency · ${escapeHtml(seedNote)}</span></h3>`,
    '<div class="scroll"><table class="dependencies">',
    '<thead><tr><th>Call</th><th class="num">Calls</th><th class="num">Attempts per call</th><th class="num">Failed calls</th><th class="num">Fast fails</th><th class="num">Breaker opens</th><th class="num">Retries denied</th></tr></thead>',
    `<tbody>${rows.join("\n")}</tbody>`,
    "</table></div>",
    '<p class="aside">Attempts per call: (calls + retries) ÷ calls. Fast fails: failed at once by an open breaker or a full bulkhead, without waiting. Retries denied: by the retry budget.</p>',
  ].join("\n");
}

function incidentSection(run: RunResult): string {
  if (run.incidents.length === 0)
    return '<p class="aside">No incident: the success ratio never fell below the SLI.</p>';
  const at = (s: number) => clockAt(s, run.simulated.startOfDayS);
  const items = run.incidents.slice(0, PHASE_ROWS_MAX).map((incident, i) => {
    const end = incident.recoveredS === null ? "not recovered by the end" : at(incident.recoveredS);
    const alert =
      incident.detectedS === null
        ? "no alert fired"
        : incident.usersFirst
          ? `users saw failures ${formatDuration(incident.detectedS - incident.startS)} before the first alert`
          : "alerted before users saw failures";
    return `<li><b>#${i + 1}</b> ${escapeHtml(at(incident.startS))} → ${escapeHtml(end)} · cause ${escapeHtml(incident.cause.join(", ") || "none recorded")} · worst window ${formatPercent(incident.worstSuccessRatio, 1)} success · ${escapeHtml(alert)}</li>`;
  });
  const more = run.incidents.length - PHASE_ROWS_MAX;
  return [
    `<h3>Recovery <span class="aside">RTO phases per incident, seed ${run.seed}</span></h3>`,
    renderPhaseBars(run.incidents, run.simulated.startOfDayS),
    phaseLegend(),
    `<ul class="incidents">${items.join("")}${more > 0 ? `<li>… ${plural(more, "more incident")}</li>` : ""}</ul>`,
  ].join("\n");
}

/** What each phase measures; hovering the reaction phase lists the reactions that end it. */
function phaseLegend(): string {
  const items = PHASES.map((phase) => {
    const name = "legend" in phase ? phase.legend : phase.name;
    const title = "detail" in phase ? ` title="${escapeHtml(`${name}: ${phase.detail}`)}"` : "";
    return `<span${title}><i class="swatch phase ${phase.name}"></i>${escapeHtml(name)} <span class="aside">${escapeHtml(phase.meaning)}</span></span>`;
  });
  return `<p class="legend">${items.join("")}</p>`;
}
