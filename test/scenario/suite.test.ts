// Judging a scenario's targets over its seeds: the value a target's line shows is the worst
// seed's, the same the scenario's summary shows, for every operator including "==".

import { describe, expect, it } from "vitest";
import {
  judgeScenario,
  loadScenario,
  runScenario,
  seedsFor,
  summarizeScenario,
  type TargetVerdict,
} from "../../src/scenario/index.js";

/** An async replica loses a different number of acknowledged writes on each seed. */
const LOSSY = `name: lossy
seed: 11
seeds: 6
duration: 5m
design:
  regions: [{ name: r, zones: [a, b] }]
  services:
    - name: api
      concurrency: 32
      serviceTime: { distribution: constant, mean: 2ms }
      database: { name: db, timeout: 500ms }
  databases:
    - name: db
      primary: r/a
      replicas: [{ zone: r/b, mode: async, lag: 1s }]
      failover: { heartbeat: 1s, missedHeartbeats: 2, promotion: 5s }
workload:
  clients: [{ region: r, service: api, rate: 100/s, writeRatio: 50% }]
faults:
  - { kind: zone-outage, zone: r/a, at: 2m }
expect:
  lostWrites: "== 0"
  rpoS: "== 0"
  incidents: "== 1"
`;

const scenario = loadScenario(LOSSY, "lossy.yaml");
const verdict = judgeScenario(
  scenario,
  seedsFor(scenario).map((seed) => runScenario(scenario, { seed, version: "test" })),
);
const target = (name: string) => verdict.targets.find((t) => t.name === name) as TargetVerdict;

describe("judging targets over seeds", () => {
  it("shows the seed farthest from an == 0 target, the one the summary shows", () => {
    const lost = verdict.runs.map((run) => run.rpo.lostWrites);
    expect(new Set(lost).size).toBeGreaterThan(1); // the seeds differ, or the test shows nothing
    const summary = summarizeScenario(verdict);
    const lostWrites = target("lostWrites");
    expect(lostWrites.pass).toBe(false);
    expect(lostWrites.actual).toBe(summary.lostWrites);
    expect(lostWrites.worstActual).toBe(Math.max(...lost));
    expect(lostWrites.worstSeed).toBe(verdict.runs[lost.indexOf(Math.max(...lost))].seed);
    expect(target("rpoS").actual).toBe(summary.rpoS);
  });

  it("shows the first seed when every seed meets an == target", () => {
    const incidents = target("incidents");
    expect(verdict.runs.every((run) => run.incidents.length === 1)).toBe(true);
    expect(incidents).toMatchObject({ pass: true, actual: 1, worstSeed: 11 });
  });
});
