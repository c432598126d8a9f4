// The explore report as JSON (ARCHITECTURE.md, "Explore"): stable keys, the pair matrix as the
// error budget each pair of domains consumed, findings with their schedules and timelines.

import type { ExploreResult, Trial } from "../../explore/index.js";
import { SCHEMA_VERSION } from "../json.js";
import { pairMatrix } from "./matrix.js";
import { exploreReplay } from "./rows.js";

export function toExploreJson(result: ExploreResult) {
  const verdict = (trial: Trial) => ({
    broken: trial.broken,
    margin: trial.margin,
    budgetUsed: trial.budgetUsed,
    targets: trial.targets,
  });
  const matrix = pairMatrix(result);
  return {
    schemaVersion: SCHEMA_VERSION,
    kind: "explore",
    scenario: result.scenario,
    seed: result.seed,
    version: result.version,
    fidelity: result.fidelity,
    simulated: { durationS: result.durationS },
    runs: result.runs,
    domains: result.domains,
    spof: {
      atS: result.spof.atS,
      forS: result.spof.forS,
      baseline: verdict(result.spof.baseline),
      singlePoints: result.spof.singles
        .filter((s) => s.trial.broken)
        .map((s) => ({ domain: s.domain, ...verdict(s.trial) })),
      cutSets: result.spof.cutSets.map(([a, b]) => ({ domains: [a, b] })),
      pairsRun: result.spof.pairs.filter((p) => p.trial !== null).length,
      pairsSkipped: result.spof.pairsSkipped,
      matrix: { domains: matrix.domains, budgetUsed: matrix.used, broken: matrix.broken },
    },
    search: result.search,
    findings: result.findings.map((finding) => ({
      number: finding.number,
      origin: finding.origin,
      description: finding.description,
      foundAs: finding.foundAs,
      schedule: finding.trial.schedule,
      ...verdict(finding.trial),
      timeline: finding.timeline,
      ...(finding.file === undefined ? {} : { file: finding.file }),
      ...(finding.replay === undefined ? {} : { replay: finding.replay }),
    })),
    replay: exploreReplay(result),
  };
}

export function formatExploreJson(result: ExploreResult): string {
  return `${JSON.stringify(toExploreJson(result), null, 2)}\n`;
}
