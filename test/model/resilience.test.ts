// The defensive policies' state machines, step by step.

import { describe, expect, it } from "vitest";
import {
  BREAKER_CLOSED,
  BREAKER_HALF_OPEN,
  BREAKER_OPEN,
  CircuitBreaker,
  RetryBudget,
} from "../../src/model/dependencies/resilience.js";

const config = { failureRate: 0.5, window: 10, minimumCalls: 4, coolDownUs: 10_000_000, probes: 2 };

describe("circuit breaker", () => {
  it("stays closed below the minimum number of calls, however many fail", () => {
    const breaker = new CircuitBreaker(config);
    for (let i = 0; i < 3; i++) expect(breaker.record(true, i)).toBe(-1);
    expect(breaker.state).toBe(BREAKER_CLOSED);
  });

  it("opens when the failure rate over the window reaches the threshold", () => {
    const breaker = new CircuitBreaker(config);
    const states = [false, true, false, true].map((failed, i) => breaker.record(failed, i));
    expect(states).toEqual([-1, -1, -1, BREAKER_OPEN]);
    expect(breaker.opens).toBe(1);
  });

  it("forgets outcomes older than its window", () => {
    const breaker = new CircuitBreaker(config);
    for (let i = 0; i < 4; i++) breaker.record(true, 0); // would open…
    const fresh = new CircuitBreaker(config);
    for (let i = 0; i < 10; i++) fresh.record(false, 0);
    for (let i = 0; i < 4; i++) fresh.record(true, 0); // 4 failures in the last 10: below 50%
    expect(fresh.state).toBe(BREAKER_CLOSED);
    fresh.record(true, 0); // 5 of the last 10
    expect(fresh.state).toBe(BREAKER_OPEN);
    expect(breaker.state).toBe(BREAKER_OPEN);
  });

  it("fails calls fast while open and half-opens after the cool-down", () => {
    const breaker = new CircuitBreaker(config);
    for (let i = 0; i < 4; i++) breaker.record(true, 1_000_000);
    expect(breaker.allows(1_000_000 + 9_999_999)).toBe(false);
    expect(breaker.allows(1_000_000 + 10_000_000)).toBe(true);
    expect(breaker.state).toBe(BREAKER_HALF_OPEN);
  });

  it("lets only `probes` calls through while half-open; the others still fail fast", () => {
    const breaker = new CircuitBreaker(config);
    for (let i = 0; i < 4; i++) breaker.record(true, 0);
    const admitted = [0, 1, 2, 3].map((i) => breaker.allows(10_000_000 + i));
    expect(admitted).toEqual([true, true, false, false]);
    expect(breaker.state).toBe(BREAKER_HALF_OPEN);
    breaker.record(false, 10_000_010);
    breaker.record(false, 10_000_011);
    expect(breaker.state).toBe(BREAKER_CLOSED);
    expect(breaker.allows(10_000_012)).toBe(true);
  });

  it("counts a probe only in the half-open round that let it through", () => {
    const breaker = new CircuitBreaker(config); // probes: 2, cool-down 10 s
    for (let i = 0; i < 4; i++) breaker.record(true, 0);
    expect(breaker.allows(10_000_000)).toBe(true); // P1, round 1: hangs
    const firstRound = breaker.round;
    expect(breaker.allows(10_000_001)).toBe(true); // P2, round 1
    expect(breaker.record(true, 10_000_002, firstRound)).toBe(BREAKER_OPEN); // P2 fails
    expect(breaker.allows(20_000_002)).toBe(true); // P3, round 2
    const secondRound = breaker.round;
    expect(secondRound).toBe(firstRound + 1);
    expect(breaker.record(false, 20_000_003, secondRound)).toBe(-1); // P3: 1 of 2
    expect(breaker.record(false, 20_000_004, firstRound)).toBe(-1); // P1 comes back late: ignored
    expect(breaker.state).toBe(BREAKER_HALF_OPEN);
    expect(breaker.allows(20_000_005)).toBe(true); // P4, round 2
    expect(breaker.record(false, 20_000_006, secondRound)).toBe(BREAKER_CLOSED);
  });

  it("closes after enough successful probes, and reopens on a failed one", () => {
    const breaker = new CircuitBreaker(config);
    for (let i = 0; i < 4; i++) breaker.record(true, 0);
    breaker.allows(10_000_000);
    expect(breaker.record(false, 10_000_001)).toBe(-1);
    expect(breaker.record(false, 10_000_002)).toBe(BREAKER_CLOSED);
    for (let i = 0; i < 4; i++) breaker.record(true, 20_000_000);
    breaker.allows(30_000_000);
    expect(breaker.record(true, 30_000_001)).toBe(BREAKER_OPEN);
    expect(breaker.opens).toBe(3); // opened, closed, opened again, reopened by the failed probe
  });
});

describe("retry budget", () => {
  it("allows a burst of ten retries, then one per 1/ratio calls", () => {
    const budget = new RetryBudget(0.1);
    let allowed = 0;
    for (let call = 0; call < 1000; call++) {
      budget.deposit();
      if (budget.withdraw()) allowed++;
    }
    // 10 saved up + 0.1 per call (the bucket refills while the burst is spent): ≈ 10 + 100.
    expect(allowed).toBeGreaterThanOrEqual(109);
    expect(allowed).toBeLessThanOrEqual(111);
    expect(budget.denied).toBe(1000 - allowed);
  });
});
