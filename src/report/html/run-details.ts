// The parts of one run the text report shows and the HTML report showed nowhere else: what data
// was lost (each loss with its database, cause, time and RPO), each service's cache, and each
// queue's backlog and how long it took to drain.

import type { RunResult, ScenarioVerdict } from "../../scenario/index.js";
import { clockAt, formatCount, formatDuration, formatPercent } from "../format.js";
import { escapeHtml, plural } from "./markup.js";

const LOSS_CAUSE: Record<RunResult["rpo"]["losses"][number]["cause"], string> = {
  failover: "failover: the promoted replica lacked them",
  restore: "restore after a corruption",
  deletion: "rows deleted, in no backup",
  "split-brain": "split brain: a replaced primary took them",
};

/** The run with the most acknowledged writes lost (ties go to the first seed), so the section agrees with the RPO tile. */
function mostLost(verdict: ScenarioVerdict): RunResult {
  return verdict.runs.reduce((most, run) => (run.rpo.lostWrites > most.rpo.lostWrites ? run : most));
}

export function dataLossSection(verdict: ScenarioVerdict): string {
  const run = mostLost(verdict);
  // A design that acknowledged no write has nothing to lose: no section.
  if (verdict.runs.every((r) => r.writesAcknowledged === 0 && r.rpo.losses.length === 0)) return "";
  const note =
    verdict.runs.length === 1
      ? `seed ${run.seed}`
      : `seed ${run.seed}, the most writes lost of ${plural(verdict.runs.length, "seed")}`;
  const heading = `<h3>Data loss <span class="aside">${escapeHtml(note)}</span></h3>`;
  if (run.rpo.losses.length === 0)
    return `${heading}\n<p class="aside">None: no acknowledged write was lost (${formatCount(run.writesAcknowledged)} acknowledged).</p>${staleReadsNote(run)}`;
  const at = (s: number) => clockAt(s, run.simulated.startOfDayS);
  const rows = run.rpo.losses.map((loss) =>
    [
      "<tr>",
      `<td>${escapeHtml(loss.database)}</td>`,
      `<td class="num">${formatCount(loss.lostWrites)}</td>`,
      `<td class="num">${escapeHtml(at(loss.atS))}</td>`,
      `<td class="num">${formatDuration(loss.rpoS)}</td>`,
      `<td class="wrap">${escapeHtml(LOSS_CAUSE[loss.cause])}</td>`,
      "</tr>",
    ].join(""),
  );
  return (
    [
      heading,
      '<div class="scroll"><table class="losses">',
      '<thead><tr><th>Database</th><th class="num">Acknowledged writes lost</th><th class="num">At</th><th class="num">RPO</th><th>Cause</th></tr></thead>',
      `<tbody>${rows.join("\n")}</tbody>`,
      "</table></div>",
      '<p class="aside">RPO: from the failure back to the oldest acknowledged write that was lost.</p>',
    ].join("\n") + staleReadsNote(run)
  );
}

/** Reads replicas answered before applying a write acknowledged earlier (none in a fluid run: not measured). */
function staleReadsNote(run: RunResult): string {
  const { fromReplicas, stale } = run.reads;
  if (fromReplicas === 0 || stale === null) return "";
  return `\n<p class="aside">Stale reads: ${formatCount(stale)} of ${formatCount(fromReplicas)} replica reads (${formatPercent(stale / fromReplicas, 2)}) were answered before the replica applied a write acknowledged before the read began.</p>`;
}

export function cacheSection(run: RunResult, seedNote: string): string {
  if (run.caches.length === 0) return "";
  const rows = run.caches.map((cache) =>
    [
      "<tr>",
      `<td>${escapeHtml(cache.service)}</td>`,
      `<td class="num">${formatPercent(cache.hitRatio, 2)}</td>`,
      `<td class="num">${formatCount(cache.hits)}</td>`,
      `<td class="num">${formatCount(cache.misses)}</td>`,
      "</tr>",
    ].join(""),
  );
  return [
    `<h3>Caches <span class="aside">reads each service's cache answered · ${escapeHtml(seedNote)}</span></h3>`,
    '<div class="scroll"><table class="caches">',
    '<thead><tr><th>Service</th><th class="num">Reads answered</th><th class="num">Hits</th><th class="num">Misses</th></tr></thead>',
    `<tbody>${rows.join("\n")}</tbody>`,
    "</table></div>",
  ].join("\n");
}

export function queueSection(run: RunResult, seedNote: string): string {
  if (run.queues.length === 0) return "";
  const at = (s: number) => clockAt(s, run.simulated.startOfDayS);
  const rows = run.queues.map((queue) => {
    // As the text report says it: a backlog of 10 or fewer is no backlog.
    const drain =
      queue.backlogMax <= 10
        ? "never backed up"
        : queue.drainS === null
          ? "still draining at the end"
          : `drained in ${formatDuration(queue.drainS)}`;
    return [
      "<tr>",
      `<td>${escapeHtml(queue.name)}</td>`,
      `<td class="num">${formatCount(queue.published)}</td>`,
      `<td class="num">${formatCount(queue.processed)}</td>`,
      `<td class="num">${formatCount(queue.backlogMax)}${queue.backlogMax <= 10 ? "" : ` <span class="aside">at ${escapeHtml(at(queue.backlogMaxAtS))}</span>`}</td>`,
      `<td>${escapeHtml(drain)}</td>`,
      "</tr>",
    ].join("");
  });
  return [
    `<h3>Queues <span class="aside">messages and backlog · ${escapeHtml(seedNote)}</span></h3>`,
    '<div class="scroll"><table class="queues">',
    '<thead><tr><th>Queue</th><th class="num">Published</th><th class="num">Processed</th><th class="num">Largest backlog</th><th>Drain</th></tr></thead>',
    `<tbody>${rows.join("\n")}</tbody>`,
    "</table></div>",
  ].join("\n");
}
