// The plain-text report: the verdict and the three headline numbers first, then incidents with
// their RTO phases and data loss, the notable events, latency, and how to reproduce the run.

import type { TargetResult } from "../metrics/index.js";
import { kindsWhere } from "../model/index.js";
import type { RunResult } from "../scenario/index.js";
import { costTextLines } from "./cost.js";
import { clockAt, formatCount, formatDuration, formatPercent, plainStyle, type Style } from "./format.js";
import { reactionPhaseLetter, reactionPhaseName } from "./reaction-phase.js";
import { replayCommand } from "./replay.js";

/** How each kind of data loss reads: "… acknowledged writes lost <cause> 02:00:00". */
const LOSS_CAUSE = {
  failover: "when the primary failed at",
  restore: "to the restore after the corruption at",
  deletion: "with the rows deleted at",
  "split-brain": "by a replaced primary, found out at",
} as const;

/** Each service's calls to each dependency and what its defences did; then what each dependency saw. */
function dependencyLines(result: RunResult): string[] {
  const lines = result.dependencies.map((d) => {
    const parts = [`${formatCount(d.calls)} calls`];
    if (d.retries > 0)
      parts.push(
        `${formatCount(d.retries)} retries (${((d.calls + d.retries) / d.calls).toFixed(2)} attempts per call)`,
      );
    parts.push(`${formatCount(d.failedCalls)} failed`);
    if (d.fastFails > 0) parts.push(`${formatCount(d.fastFails)} failed fast`);
    if (d.breakerOpens > 0) parts.push(`breaker opened ${formatCount(d.breakerOpens)}×`);
    if (d.retriesDenied > 0) parts.push(`${formatCount(d.retriesDenied)} retries denied by the budget`);
    if (d.fallback !== undefined && d.fallback.fellBack > 0) {
      parts.push(
        d.fallback.to === "cached"
          ? `${formatCount(d.fallback.fellBack)} fell back on a cached answer (${formatCount(d.fallback.servedCached)} found, served degraded)`
          : `${formatCount(d.fallback.fellBack)} fell back to ${d.fallback.to}`,
      );
    }
    const kind =
      d.callee === "service" ? " (service)" : d.fallbackFor !== undefined ? ` (fallback for ${d.fallbackFor})` : "";
    return `  ${d.service} → ${d.dependency}${kind}: ${parts.join(" · ")}`;
  });
  for (const e of result.externals) {
    if (e.attempts === 0) continue;
    const lost =
      e.unanswered > 0
        ? ` · ${formatCount(e.unanswered)} answers lost on the way back (work done, the caller timed out)`
        : "";
    lines.push(
      `  ${e.name} was sent ${formatCount(e.attempts)} attempts: ${formatCount(e.errors)} errors · ${formatCount(e.timeouts)} timeouts · at most ${formatCount(e.inFlightMax)} in flight${lost}`,
    );
  }
  return lines;
}

/** Trace kinds too frequent to list one by one (a breaker reopens after every failed probe). */
const NOISY_KINDS = new Set<string>([...kindsWhere("burst"), ...kindsWhere("repeats")]);
const EVENTS_SHOWN_MAX = 40;

export function formatText(result: RunResult, style: Style = plainStyle): string {
  const lines: string[] = [];
  const at = (s: number) => clockAt(s, result.simulated.startOfDayS);
  const fluid = result.simulated.fidelity === "fluid";
  // A run judged by nothing did not pass anything: say so rather than PASS.
  const judged = result.slo.length + result.expectations.length > 0;
  const verdict = !judged
    ? style.yellow(style.bold("no targets"))
    : result.pass
      ? style.green(style.bold("PASS"))
      : style.red(style.bold("FAIL"));
  lines.push(
    `${verdict}  ${style.bold(result.scenario.name)}  ${style.dim(`seed ${result.seed} · ${formatDuration(result.simulated.durationS)} simulated${fluid ? " · fluid (traffic as rates)" : ""}`)}`,
  );
  lines.push(
    `      availability ${style.bold(formatPercent(result.availability))} · RPO ${style.bold(formatDuration(result.rpo.maxS))}` +
      ` (${formatCount(result.rpo.lostWrites)} writes lost) · RTO ${style.bold(formatDuration(result.rto.maxS))}`,
  );
  lines.push("");

  const r = result.requests;
  lines.push(style.bold("Requests"));
  lines.push(
    `  ${formatCount(r.total)} total · ${formatCount(r.succeeded)} succeeded · ${formatCount(r.failed)} failed`,
  );
  const reasons = Object.entries(result.failuresByReason).map(([reason, n]) => `${reason} ${formatCount(n)}`);
  if (reasons.length > 0) lines.push(`  failures: ${reasons.join(" · ")}`);
  if (r.degraded > 0) {
    lines.push(`  ${formatCount(r.degraded)} of the successes were degraded (an optional dependency failed)`);
  }
  const attack = result.attack;
  if (attack.served + attack.failed + attack.blocked > 0) {
    lines.push(
      `  attack traffic (not counted above): ${formatCount(attack.blocked)} blocked at the edge · ${formatCount(attack.served)} served · ${formatCount(attack.failed)} failed`,
    );
  }
  const tb = result.availabilityTimeBased;
  lines.push(
    `  ${formatPercent(tb.ratio, 2)} of ${formatDuration(tb.windowS)} windows had ≥ ${formatPercent(tb.threshold, 2)} success`,
  );
  lines.push("");

  if (result.byClientRegion.length > 1) {
    lines.push(style.bold("By client region"));
    lines.push(...clientRegionLines(result));
    lines.push("");
  }

  if (result.byOperation.length > 0) {
    lines.push(style.bold("By operation"));
    lines.push(...operationLines(result));
    lines.push("");
  }

  lines.push(style.bold(`Incidents (${result.incidents.length})`));
  if (result.incidents.length === 0) lines.push("  none: the success ratio never fell below the SLI threshold");
  result.incidents.forEach((incident, i) => {
    const end = incident.recoveredS === null ? "not recovered by the end" : at(incident.recoveredS);
    lines.push(
      `  #${i + 1} ${at(incident.startS)} → ${end}  RTO ${style.bold(formatDuration(incident.rtoS))}  worst window ${formatPercent(incident.worstSuccessRatio, 1)} success`,
    );
    lines.push(`     cause: ${incident.cause.join(", ")}`);
    const p = incident.phases;
    lines.push(
      `     detect ${formatDuration(p.detectS)} → ${reactionPhaseName(incident)} ${formatDuration(p.failoverS)} → propagate ${formatDuration(p.propagateS)} → recover ${formatDuration(p.recoverS)}`,
    );
    lines.push(`     ${phaseBar(incident)}`);
    if (incident.detectedS === null)
      lines.push(style.yellow("     no alert fired: users found this one before you did"));
    else if (incident.usersFirst) {
      lines.push(
        `     users saw failures ${formatDuration(incident.detectedS - incident.startS)} before the first alert`,
      );
    }
  });
  lines.push("");

  lines.push(style.bold("Data loss"));
  if (result.rpo.losses.length === 0) lines.push("  none: no acknowledged write was lost");
  for (const loss of result.rpo.losses) {
    lines.push(
      `  ${loss.database}: ${formatCount(loss.lostWrites)} acknowledged writes lost ${LOSS_CAUSE[loss.cause]} ${at(loss.atS)}; RPO ${formatDuration(loss.rpoS)}`,
    );
  }
  const reads = result.reads;
  if (reads.fromReplicas > 0 && reads.stale !== null) {
    lines.push(
      `  ${formatCount(reads.stale)} of ${formatCount(reads.fromReplicas)} replica reads were stale (${formatPercent(reads.stale / reads.fromReplicas, 2)}): the replica had not applied a write acknowledged before the read began`,
    );
  }
  lines.push("");

  if (result.dependencies.length > 0) {
    lines.push(style.bold("Dependencies"));
    lines.push(...dependencyLines(result));
    lines.push("");
  }

  if (result.caches.length > 0) {
    lines.push(style.bold("Caches"));
    for (const c of result.caches) {
      lines.push(
        `  ${c.service}: ${formatPercent(c.hitRatio, 2)} of reads answered · ${formatCount(c.hits)} hits · ${formatCount(c.misses)} misses`,
      );
    }
    lines.push("");
  }

  if (result.queues.length > 0) {
    lines.push(style.bold("Queues"));
    for (const q of result.queues) {
      const drain =
        q.backlogMax <= 10
          ? "never backed up"
          : q.drainS === null
            ? "still draining at the end"
            : `drained in ${formatDuration(q.drainS)}`;
      lines.push(
        `  ${q.name}: ${formatCount(q.published)} published · ${formatCount(q.processed)} processed · largest backlog ${formatCount(q.backlogMax)} at ${at(q.backlogMaxAtS)} · ${drain}`,
      );
    }
    lines.push("");
  }

  lines.push(style.bold("Timeline"));
  lines.push(...timelineLines(result, at));
  lines.push("");

  const l = result.latencyMs;
  lines.push(style.bold("Latency of successful requests"));
  if (fluid) lines.push("  not measured: a fluid run simulates rates, not requests (run with --fidelity request)");
  else lines.push(`  mean ${l.mean}ms · p50 ${l.p50}ms · p95 ${l.p95}ms · p99 ${l.p99}ms · max ${l.max}ms`);
  lines.push("");

  if (result.cost !== undefined) {
    lines.push(...costTextLines(result.cost, style));
    lines.push("");
  }

  lines.push(...targetLines("SLO targets", result.slo, style));
  lines.push(...targetLines("Expectations", result.expectations, style));

  lines.push(
    style.dim(
      `seed ${result.seed} · scenario ${result.scenario.hash} · trace ${result.traceHash} · faultline ${result.version} · ${formatCount(result.simulated.events)} events`,
    ),
  );
  lines.push(`replay: ${replayCommand(result)}`);
  return `${lines.join("\n")}\n`;
}

/**
 * One line per client region: what its users saw (latency only per request), and when the run
 * lost writes, how many of them its users had made.
 */
function clientRegionLines(result: RunResult): string[] {
  const width = Math.max(...result.byClientRegion.map((row) => row.region.length));
  return result.byClientRegion.map((row) => {
    const latency = row.latencyMs === null ? "" : ` · p50 ${row.latencyMs.p50}ms · p99 ${row.latencyMs.p99}ms`;
    const lost = result.rpo.lostWrites > 0 ? ` · ${formatCount(row.lostWrites)} writes lost` : "";
    return `  ${row.region.padEnd(width)}  availability ${formatPercent(row.availability)} of ${formatCount(row.requests)} requests${latency}${lost}`;
  });
}

/**
 * Per operation: what its requests saw, why those that failed did, their latency (per request
 * only), and for a write the acknowledged writes of it that were lost.
 */
function operationLines(result: RunResult): string[] {
  const width = Math.max(...result.byOperation.map((row) => row.operation.length));
  const kindOf = (row: RunResult["byOperation"][number]) =>
    `${row.write ? "write" : "read"} ${formatPercent(row.share, 2)}`;
  const kindWidth = Math.max(...result.byOperation.map((row) => kindOf(row).length));
  const lines: string[] = [];
  for (const row of result.byOperation) {
    const kind = kindOf(row);
    const parts = [`availability ${formatPercent(row.availability)} of ${formatCount(row.requests)} requests`];
    if (row.degraded > 0) parts.push(`${formatCount(row.degraded)} degraded`);
    if (row.latencyMs !== null) parts.push(`p50 ${row.latencyMs.p50}ms · p99 ${row.latencyMs.p99}ms`);
    if (row.write) parts.push(`${formatCount(row.lostWrites)} writes lost`);
    lines.push(`  ${row.operation.padEnd(width)}  ${kind.padEnd(kindWidth)}  ${parts.join(" · ")}`);
    const reasons = Object.entries(row.failuresByReason).map(([reason, n]) => `${reason} ${formatCount(n)}`);
    if (reasons.length > 0) lines.push(`  ${" ".repeat(width + 2 + kindWidth)}  failures: ${reasons.join(" · ")}`);
  }
  return lines;
}

function targetLines(title: string, targets: TargetResult[], style: Style): string[] {
  if (targets.length === 0) return [];
  const width = Math.max(...targets.map((t) => t.name.length));
  const lines = [style.bold(title)];
  for (const t of targets) {
    const mark = t.pass ? style.green("✓") : style.red("✗");
    const budget =
      t.budgetUsed === undefined
        ? ""
        : style.dim(`  (${formatPercent(Math.max(0, t.budgetUsed), 1)} of the period's error budget)`);
    lines.push(`  ${mark} ${t.name.padEnd(width)}  ${t.actualText.padStart(10)}  target ${t.target}${budget}`);
  }
  lines.push("");
  return lines;
}

/** A proportional bar of the RTO phases: d detect, f failover (or s scale-out…), p propagate, r recover. */
function phaseBar(incident: RunResult["incidents"][number]): string {
  const { phases, rtoS } = incident;
  const width = 40;
  if (rtoS <= 0) return "";
  const reacted = reactionPhaseLetter(incident);
  const parts: [string, number][] = [
    ["d", phases.detectS],
    [reacted, phases.failoverS],
    ["p", phases.propagateS],
    ["r", phases.recoverS],
  ];
  const bar = parts.map(([letter, s]) => letter.repeat(Math.round((s / rtoS) * width))).join("");
  const legend = `d=detect ${reacted}=${reactionPhaseName(incident)} p=propagate r=recover`;
  return `[${bar.padEnd(width, " ").slice(0, width)}]  ${legend}`;
}

function timelineLines(result: RunResult, at: (s: number) => string): string[] {
  const lines: string[] = [];
  let pendingNoise: { kind: string; count: number; timeS: number } | undefined;
  const flush = () => {
    if (pendingNoise) lines.push(`  ${at(pendingNoise.timeS)}  ${pendingNoise.kind} ×${pendingNoise.count}`);
    pendingNoise = undefined;
  };
  for (const event of result.events) {
    const timeS = event.timeUs / 1e6;
    if (NOISY_KINDS.has(event.kind)) {
      if (pendingNoise && pendingNoise.kind === event.kind && Math.floor(pendingNoise.timeS) === Math.floor(timeS)) {
        pendingNoise.count++;
        continue;
      }
      flush();
      pendingNoise = { kind: event.kind, count: 1, timeS };
      continue;
    }
    flush();
    lines.push(`  ${at(timeS)}  ${event.kind} ${event.subject}${event.detail ? ` (${event.detail})` : ""}`);
  }
  flush();
  if (lines.length > EVENTS_SHOWN_MAX) {
    const hidden = lines.length - EVENTS_SHOWN_MAX;
    return [...lines.slice(0, EVENTS_SHOWN_MAX), `  … ${hidden} more (see --format json)`];
  }
  return lines.length > 0 ? lines : ["  nothing notable happened"];
}
