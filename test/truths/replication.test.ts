// Data-loss truths (ARCHITECTURE.md, "Truths"): async replication at write rate w and lag L loses ≈ w·L
// acknowledged writes with RPO ≈ L; sync replication loses none.

import { describe, expect, it } from "vitest";
import { mean, replicationYaml, runYaml } from "../support/scenarios.js";

describe("asynchronous replication", () => {
  const writesPerS = 200;
  const lagS = 2;
  const runs = [1, 2, 3, 4, 5, 6].map((seed) =>
    runYaml(replicationYaml({ mode: "async", lag: `${lagS}s`, writesPerS, failAt: "5m" }), seed),
  );

  it("loses about w·L = 400 acknowledged writes per failover", () => {
    // Writes are Poisson: the count in a 2 s window has mean 400 and s.d. 20. Each run must be
    // within 4 s.d. (±80), and the mean of six within 4 s.d. of the mean (±33).
    for (const run of runs) {
      expect(run.rpo.losses).toHaveLength(1);
      expect(Math.abs(run.rpo.lostWrites - writesPerS * lagS)).toBeLessThan(80);
    }
    expect(Math.abs(mean(runs.map((r) => r.rpo.lostWrites)) - writesPerS * lagS)).toBeLessThan(33);
  });

  it("has an RPO within one inter-write gap of the lag", () => {
    // RPO = L − (time from the failure minus L to the next write): an exponential gap of mean
    // 5 ms; exceeding 50 ms has probability e^−10.
    for (const run of runs) {
      expect(run.rpo.maxS).toBeLessThanOrEqual(lagS);
      expect(run.rpo.maxS).toBeGreaterThan(lagS - 0.05);
    }
  });

  it("follows the lag: ten times the lag, ten times the loss", () => {
    const long = runYaml(replicationYaml({ mode: "async", lag: "20s", writesPerS, failAt: "5m" }));
    expect(long.rpo.maxS).toBeGreaterThan(19.95);
    expect(Math.abs(long.rpo.lostWrites - 4000)).toBeLessThan(4 * Math.sqrt(4000));
  });
});

describe("synchronous replication", () => {
  it("loses no acknowledged write when the primary fails", () => {
    for (const seed of [1, 2, 3]) {
      const run = runYaml(replicationYaml({ mode: "sync", lag: "2s", writesPerS: 200, failAt: "5m" }), seed);
      expect(run.counts.promotions).toBe(1);
      expect(run.rpo.lostWrites).toBe(0);
      expect(run.rpo.maxS).toBe(0);
      expect(run.writesAcknowledged).toBeGreaterThan(100_000);
    }
  });
});
