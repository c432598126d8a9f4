// What every explore report shows, as plain strings (ARCHITECTURE.md, "Explore"): each format
// lays these out its own way, so text, Markdown and HTML say the same things.

import { brokenText, durationText, type ExploreResult, type Finding, type Trial } from "../../explore/index.js";
import { clockAt, formatCount } from "../format.js";
import { overrideOptions, shellWord } from "../replay.js";

/** The command that repeats this exploration. */
export function exploreReplay(result: ExploreResult): string {
  const { asked } = result;
  const at = asked.atS === undefined ? "" : ` --fault-at ${durationText(asked.atS)}`;
  const length = asked.forS === undefined ? "" : ` --fault-for ${durationText(asked.forS)}`;
  return `faultline explore ${shellWord(result.scenario.file)} --seed ${result.seed} --runs ${asked.runs} --fidelity ${asked.fidelity}${at}${length}${overrideOptions(result.scenario.overrides)}`;
}

export function exploreFacts(result: ExploreResult): string {
  const { spof } = result;
  return `seed ${result.seed} · ${result.fidelity} · ${result.domains.length} failure domains · ${formatCount(result.runs)} runs · single and pair faults at ${durationText(spof.atS)} for ${durationText(spof.forS)}`;
}

/** What a trial broke, or how close it came. */
export function trialVerdict(trial: Trial): string {
  const broken = trial.targets.filter((t) => !t.pass);
  if (broken.length > 0) return `breaks ${broken.map(brokenText).join("; ")}`;
  return `holds (${Math.round((1 - trial.margin) * 100)}% of the tightest allowance used)`;
}

export interface SpofRow {
  domains: string;
  verdict: string;
}

export function singlePointRows(result: ExploreResult): SpofRow[] {
  return result.spof.singles
    .filter((s) => s.trial.broken)
    .map((s) => ({ domains: s.domain, verdict: trialVerdict(s.trial) }));
}

export function cutSetRows(result: ExploreResult): SpofRow[] {
  const byPair = new Map(result.spof.pairs.map((p) => [`${p.a}\n${p.b}`, p]));
  return result.spof.cutSets.map(([a, b]) => {
    const trial = byPair.get(`${a}\n${b}`)?.trial;
    return { domains: `${a} + ${b}`, verdict: trial ? trialVerdict(trial) : "" };
  });
}

/** "No single domain breaks a target" and the like: what the SPOF phase says in one line each. */
export function spofHeadlines(result: ExploreResult): string[] {
  const { spof } = result;
  if (spof.baseline.broken)
    return [`the design breaks a target with no fault at all (${trialVerdict(spof.baseline)}): nothing to explore`];
  const run = spof.pairs.filter((p) => p.trial !== null).length;
  const lines = [
    spof.singlePoints.length === 0
      ? "no single point of failure: no domain down alone breaks a target"
      : `${spof.singlePoints.length} single point${spof.singlePoints.length === 1 ? "" : "s"} of failure`,
    spof.cutSets.length === 0
      ? `no breaking pair: of ${formatCount(run)} pairs run, none breaks a target where neither domain alone does`
      : `${spof.cutSets.length} minimal cut set${spof.cutSets.length === 1 ? "" : "s"} of two, of ${formatCount(run)} pairs run`,
  ];
  if (spof.pairsSkipped > 0) lines.push(`${formatCount(spof.pairsSkipped)} pairs not run (past the pair limit)`);
  return lines;
}

export function searchHeadline(result: ExploreResult): string {
  const { search } = result;
  const stopped = search.stoppedEarly ? " (stopped by --time)" : "";
  const covered =
    search.covered === 0 ? "" : ` (${formatCount(search.covered)} of them hold every domain of an earlier finding)`;
  return `wider search: ${formatCount(search.steps)} schedules drawn${stopped}, ${formatCount(search.breaking)} broke a target${covered}`;
}

/** "found by the single point of failure phase as: …": where a finding came from, before shrinking. */
export function foundText(finding: Finding): string {
  const by = finding.origin === "search" ? "wider search" : `${finding.origin} phase`;
  return `found by the ${by} as: ${finding.foundAs}`;
}

/** What every format lays out, as plain strings. */
export interface ExploreSummary {
  facts: string;
  /** The single points, the cut sets and the search, one line each. */
  headlines: string[];
  singles: SpofRow[];
  cuts: SpofRow[];
  replay: string;
}

export function exploreSummary(result: ExploreResult): ExploreSummary {
  return {
    facts: exploreFacts(result),
    headlines: [...spofHeadlines(result), searchHeadline(result)],
    singles: singlePointRows(result),
    cuts: cutSetRows(result),
    replay: exploreReplay(result),
  };
}

export function timelineLines(result: ExploreResult, finding: Finding): string[] {
  return finding.timeline.map((entry) => `${clockAt(entry.atS, result.startOfDayS)}  ${entry.text}`);
}
