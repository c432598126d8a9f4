// Stale reads (ARCHITECTURE.md, "Data"): a read a replica answers is stale when the replica has
// not applied some write acknowledged before the read began. An async replica applies each write
// L after its commit, so a read begun d before it is answered is stale exactly when a write
// committed in the L − d before it began. Writes are a Poisson stream at rate w (a random share
// of Poisson arrivals), so P(stale) = 1 − e^(−w(L − d)).

import { describe, expect, it } from "vitest";
import { runYaml } from "../support/scenarios.js";

function staleYaml(mode: "async" | "sync", lag: string, reads: "local-replica" | "primary" = "local-replica"): string {
  return `
name: stale-reads
duration: 1h
design:
  network: { jitter: 0%, sameZone: 250us, crossZone: 1ms }
  regions: [{ name: r, zones: [a, b] }]
  services:
    - { name: api, instancesPerZone: 2, concurrency: 64, serviceTime: { distribution: constant, mean: 1ms }, database: { name: db, reads: ${reads}, timeout: 1s } }
  databases:
    - { name: db, primary: r/a, replicas: [{ zone: r/b, mode: ${mode}${mode === "async" ? `, lag: ${lag}` : ""} }], readTime: 1ms, writeTime: 1ms }
workload:
  clients:
    - { region: r, service: api, rate: 200/s, writeRatio: 5% }
`;
}

const WRITES_PER_S = 10;
/** A read's time at the replica: the round trip from its instance's zone and the read itself. */
const READ_US = { sameZone: 2 * 250 + 1000, crossZone: 2 * 1000 + 1000 };

/** Half the reads come from each zone (two instances in each, balanced evenly). */
function expectedStale(lagUs: number): number {
  const p = (readUs: number) => 1 - Math.exp((-WRITES_PER_S * (lagUs - readUs)) / 1e6);
  return (p(READ_US.sameZone) + p(READ_US.crossZone)) / 2;
}

describe("stale reads", () => {
  // Staleness is a property of the 0.1–0.3 s before each read, so an hour holds at least 12,000
  // independent stretches: the share's standard deviation is at most √(0.25/12,000) ≈ 0.0046.
  // The tolerance, 0.02, is over 4 of them.
  it.each([
    ["100ms", 100_000],
    ["300ms", 300_000],
  ])("from an async replica %s behind match 1 − e^(−w(L − d))", (lag, lagUs) => {
    const run = runYaml(staleYaml("async", lag));
    expect(run.reads.fromReplicas).toBeGreaterThan(600_000);
    const share = (run.reads.stale as number) / run.reads.fromReplicas;
    expect(Math.abs(share - expectedStale(lagUs))).toBeLessThan(0.02);
  });

  it("never come from a sync replica: it applies a write before the write is acknowledged", () => {
    const run = runYaml(staleYaml("sync", "0s"));
    expect(run.reads.fromReplicas).toBeGreaterThan(600_000);
    expect(run.reads.stale).toBe(0);
  });

  it("never come from the primary, and reads it answers are not replica reads", () => {
    const run = runYaml(staleYaml("async", "300ms", "primary"));
    expect(run.reads).toEqual({ fromReplicas: 0, stale: 0 });
  });
});
