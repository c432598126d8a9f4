// With/without pairs in the scenario library: the same fault with and without a defence. Each
// pair must differ in the direction the defence promises, by at least the margin stated here
// (set at roughly half of what the pair measured when it was written, so a weaker but still
// working defence passes and a broken one does not).

import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { loadScenario, runScenario } from "../../src/scenario/index.js";

const run = (name: string) => {
  const file = `scenarios/${name}.yaml`;
  return runScenario(loadScenario(readFileSync(file, "utf8"), file), { version: "pairs" });
};

describe("a circuit breaker against a hung dependency", () => {
  const without = run("dependency-timeout");
  const withBreaker = run("dependency-timeout-with-breaker");

  it("keeps the requests that do not need the dependency alive (availability +5 points or more)", () => {
    expect(withBreaker.availability - without.availability).toBeGreaterThanOrEqual(0.05);
  });

  it("fails the dependent calls fast instead of shedding unrelated load", () => {
    expect(without.failuresByReason["load-shed"]).toBeGreaterThan(50_000);
    expect(withBreaker.failuresByReason["load-shed"]).toBeUndefined();
    expect(withBreaker.dependencies[0].fastFails).toBeGreaterThan(10_000);
  });
});

describe("a retry budget against a retry storm", () => {
  const without = run("retry-storm");
  const withBudget = run("retry-storm-with-budget");

  it("caps the load retries put on the dependency (amplification ≤ 1.1 against ≥ 1.5)", () => {
    expect(withBudget.counts.retryAmplification).toBeLessThanOrEqual(1.1);
    expect(without.counts.retryAmplification).toBeGreaterThanOrEqual(1.5);
  });

  it("lets the system recover when the trigger ends (availability +30 points or more)", () => {
    expect(withBudget.availability - without.availability).toBeGreaterThanOrEqual(0.3);
    expect(without.incidents.at(-1)?.recoveredS).toBeNull();
    expect(withBudget.incidents.every((incident) => incident.recoveredS !== null)).toBe(true);
  });
});

describe("autoscaling against a traffic spike", () => {
  const fixed = run("traffic-spike");
  const scaling = run("traffic-spike-autoscaling");

  it("serves most of the spike once new instances are in (availability +15 points or more)", () => {
    expect(scaling.availability - fixed.availability).toBeGreaterThanOrEqual(0.15);
  });

  it("still sheds load while the instances boot: autoscaling is not instant", () => {
    expect(scaling.requests.failed).toBeGreaterThan(0);
    expect(scaling.incidents[0].rtoS).toBeLessThan(fixed.incidents[0].rtoS);
  });
});

describe("a canary with automated rollback against a bad deploy", () => {
  const allAtOnce = run("bad-deploy-no-canary");
  const canary = run("bad-deploy-canary-rollback");

  it("rolls back within bake time + evaluation window, before the bad version spreads", () => {
    const started = canary.events.find((e) => e.kind === "deploy.waveApplied");
    const rolledBack = canary.events.find((e) => e.kind === "deploy.rolledBack");
    expect(rolledBack).toBeDefined();
    expect((rolledBack?.timeUs ?? 0) - (started?.timeUs ?? 0)).toBeLessThanOrEqual(10 * 60e6 + 60e6);
    expect(canary.events.filter((e) => e.kind === "deploy.waveApplied")).toHaveLength(1);
  });

  it("keeps availability far higher than an all-at-once deploy (+5 points or more)", () => {
    expect(canary.availability - allAtOnce.availability).toBeGreaterThanOrEqual(0.05);
    expect(canary.rto.maxS * 10).toBeLessThan(allAtOnce.rto.maxS);
  });
});

describe("a blue-green switch with automated rollback against a bad deploy", () => {
  const allAtOnce = run("bad-deploy-no-canary");
  const blueGreen = run("bad-deploy-blue-green");

  it("switches back to the kept blue fleet in seconds instead of redeploying (RTO under a tenth)", () => {
    expect(blueGreen.rto.maxS * 10).toBeLessThan(allAtOnce.rto.maxS);
    const rolledBack = blueGreen.events.find((e) => e.kind === "deploy.rolledBack");
    const reverted = blueGreen.events.find((e) => e.kind === "deploy.reverted");
    expect((reverted?.timeUs ?? 0) - (rolledBack?.timeUs ?? 0)).toBe(10e6);
  });

  it("keeps availability far higher than an all-at-once deploy (+5 points or more)", () => {
    expect(blueGreen.availability - allAtOnce.availability).toBeGreaterThanOrEqual(0.05);
  });
});

describe("soft deletes against an accidental delete", () => {
  const restored = run("accidental-delete");
  const softDeleted = run("accidental-delete-soft-delete");

  it("lose no write, where restoring from the morning's snapshot loses hours of deleted rows", () => {
    expect(softDeleted.rpo.lostWrites).toBe(0);
    expect(restored.rpo.lostWrites).toBeGreaterThan(1_000);
    expect(restored.rpo.maxS).toBeGreaterThan(3_600);
  });

  it("bring the rows back sooner: an un-delete, not a restore (RTO 10 minutes shorter or more)", () => {
    expect(restored.rto.maxS - softDeleted.rto.maxS).toBeGreaterThanOrEqual(600);
  });
});

describe("a database bulkhead against a metastable cache failure", () => {
  const unbounded = run("cache-failure-metastable");
  const bounded = run("cache-failure-metastable-with-bulkhead");

  it("lets the empty cache refill and the site recover; without it the outage outlives the fault", () => {
    expect(unbounded.incidents.at(-1)?.recoveredS).toBeNull();
    expect(unbounded.caches[0].hitRatio).toBeLessThan(0.7);
    expect(bounded.incidents.every((incident) => incident.recoveredS !== null)).toBe(true);
    expect(bounded.rto.maxS).toBeLessThanOrEqual(300);
  });

  it("keeps availability far higher (+20 points or more)", () => {
    expect(bounded.availability - unbounded.availability).toBeGreaterThanOrEqual(0.2);
  });

  it("needs TTL jitter too: with 10% the refilled entries expire together and the stampede echoes", () => {
    const file = "scenarios/cache-failure-metastable-with-bulkhead.yaml";
    const yaml = readFileSync(file, "utf8").replace("ttlJitter: 50%", "ttlJitter: 10%");
    expect(yaml).toContain("ttlJitter: 10%");
    const echoing = runScenario(loadScenario(yaml, file), { version: "pairs" });
    expect(echoing.incidents.length).toBeGreaterThanOrEqual(2);
    expect(bounded.incidents).toHaveLength(1);
  });
});

describe("redundancy against random crashes", () => {
  const single = run("random-crashes-single-instance");
  const redundant = run("random-crashes-redundant");

  it("turns each repair into a detection: no incident longer than a minute, against repairs of ~30 min", () => {
    expect(redundant.rto.maxS).toBeLessThan(60);
    expect(single.rto.maxS).toBeGreaterThan(600);
  });

  it("lifts availability over the same week (+0.4 points or more; 0.85 measured)", () => {
    expect(redundant.availability - single.availability).toBeGreaterThanOrEqual(0.004);
  });
});

describe("a staged config rollout against a bad config", () => {
  const global = run("bad-config-global");
  const staged = run("bad-config-staged");

  it("never lets the bad config reach the second region", () => {
    const waves = staged.events.filter((e) => e.kind === "config.waveApplied");
    expect(waves).toHaveLength(1);
    expect(waves[0].detail).toContain("6 of 12");
  });

  it("keeps availability far higher than a global push (+5 points or more)", () => {
    expect(staged.availability - global.availability).toBeGreaterThanOrEqual(0.05);
  });
});

describe("an edge rate limit against a DDoS flood", () => {
  const unprotected = run("ddos-unprotected");
  const limited = run("ddos-rate-limited");

  it("keeps real users served (availability +10 points or more) by blocking the flood at the edge", () => {
    expect(limited.availability - unprotected.availability).toBeGreaterThanOrEqual(0.1);
    expect(limited.attack.blocked).toBeGreaterThan(0.9 * (limited.attack.blocked + limited.attack.served));
  });

  it("never counts attack traffic as user requests", () => {
    expect(unprotected.requests.total).toBeLessThan(800_000); // 400/s of users for 30 min
    expect(unprotected.attack.served + unprotected.attack.failed).toBeGreaterThan(3_000_000);
  });
});

describe("strict sync against sync-or-skip on a partition, then the loss of the primary's region", () => {
  const skipping = run("partition-then-region-loss-sync-or-skip");
  const strict = run("partition-then-region-loss-strict-sync");

  it("loses nothing acknowledged where sync-or-skip loses the writes since the cut (≥ 4,500 of them)", () => {
    expect(strict.rpo.lostWrites).toBe(0);
    expect(skipping.rpo.lostWrites).toBeGreaterThanOrEqual(4_500);
  });

  it("fails those writes instead of acknowledging them: about as many more failures as sync-or-skip lost", () => {
    const moreFailed = strict.requests.failed - skipping.requests.failed;
    expect(moreFailed).toBeGreaterThanOrEqual(0.5 * skipping.rpo.lostWrites);
    expect(moreFailed).toBeLessThanOrEqual(1.5 * skipping.rpo.lostWrites);
  });
});
