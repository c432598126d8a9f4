// Mechanics of the dependency faults (dependency-errors, dependency-slowdown, dependency-timeout)
// and of the call policies the README promises against them: a timeout bounds an attempt to
// exactly its length, retries wait backoff × 2^n capped at maxBackoff, and a circuit breaker
// opens once the window's failure rate is reached, re-opens each cool-down while the fault
// lasts, and closes within one cool-down of its end.
//
// Network, service and dependency times are constant and there is no jitter, so latencies are
// exact sums. Counts of random errors are binomial: each check allows 5 standard deviations.

import { describe, expect, it } from "vitest";
import { runYaml } from "../support/scenarios.js";

interface CallOptions {
  call: string;
  fault: string;
  errorRate?: string;
  duration?: string;
  rate?: number;
}

/** One instance of `api` (1 ms of work) calling `pay` (constant 20 ms) on every request. */
function callYaml(options: CallOptions): string {
  return `
name: dependency-calls
duration: ${options.duration ?? "3m"}
design:
  network: { sameZone: 0us, crossZone: 0us, crossRegion: 0us, client: 0us, jitter: 0% }
  regions: [{ name: r, zones: [a] }]
  externals:
    - { name: pay, latency: { distribution: constant, mean: 20ms }, errorRate: ${options.errorRate ?? "0%"} }
  services:
    - name: api
      concurrency: 512
      queue: 512
      serviceTime: { distribution: constant, mean: 1ms }
      calls:
        - ${options.call}
workload:
  clients: [{ region: r, service: api, rate: ${options.rate ?? 100}/s }]
faults:
  - ${options.fault}
`;
}

const fiveSd = (n: number, p: number) => 5 * Math.sqrt(n * p * (1 - p));

describe("dependency-errors", () => {
  // Own error rate 10%; 40% from 1m to 2m. 100 req/s for 3 minutes, no retries.
  const result = runYaml(
    callYaml({
      call: "{ to: pay, timeout: 1s }",
      errorRate: "10%",
      fault: "{ kind: dependency-errors, dependency: pay, errorRate: 40%, at: 1m, for: 1m }",
    }),
  );
  const pay = result.externals[0];

  it("answers its share of calls with errors in place of the dependency's own rate", () => {
    const expected = 0.1 * 12_000 + 0.4 * 6_000;
    const tolerance = fiveSd(12_000, 0.1) + fiveSd(6_000, 0.4);
    expect(Math.abs(pay.errors - expected)).toBeLessThan(tolerance);
    expect(pay.timeouts).toBe(0);
    expect(result.failuresByReason["dependency-failed"]).toBe(pay.errors);
    expect(result.requests.failed).toBe(pay.errors);
  });

  it("raises the failure share only while it lasts", () => {
    // 10 s windows of ~1,000 requests: a ratio's s.d. is at most √(0.24/1000) ≈ 0.016; allow 5.
    for (const point of result.timeline.points.filter((p) => p.requests > 0)) {
      const failed = 1 - point.successRatio;
      const inside = point.startS >= 60 && point.startS < 120;
      expect(Math.abs(failed - (inside ? 0.4 : 0.1))).toBeLessThan(0.08);
    }
  });

  it("fails after the dependency's usual latency, not a timeout", () => {
    expect(result.latencyMs.max).toBe(21); // the successes: 1 ms of work + 20 ms
  });
});

describe("dependency-slowdown", () => {
  it("multiplies the dependency's latency while it lasts", () => {
    const result = runYaml(
      callYaml({
        call: "{ to: pay, timeout: 1s }",
        fault: "{ kind: dependency-slowdown, dependency: pay, factor: 5, at: 1m, for: 1m }",
      }),
    );
    expect(result.requests.failed).toBe(0);
    // Two thirds of the run at 1 + 20 ms (p50 is read from the histogram: within 0.4%).
    expect(Math.abs(result.latencyMs.p50 - 21)).toBeLessThan(21 * 0.004);
    expect(result.latencyMs.max).toBe(101); // 1 + 5 × 20 ms
    // A third of the requests at 101 ms: the mean is 21 + 80/3 ≈ 47.7 ms. 6,000 of 18,000 ± 5 s.d.
    const share = (result.latencyMs.mean - 21) / 80;
    expect(Math.abs(share * result.requests.total - 6_000)).toBeLessThan(5 * Math.sqrt(6_000) + 30);
  });

  it("fails as timeouts the attempts it pushes past their timeout, each after exactly the timeout", () => {
    const result = runYaml(
      callYaml({
        call: "{ to: pay, timeout: 100ms, criticality: optional }",
        fault: "{ kind: dependency-slowdown, dependency: pay, factor: 6, at: 1m, for: 1m }",
      }),
    );
    const pay = result.externals[0];
    // 120 ms > 100 ms: every attempt during the fault times out; none outside it.
    expect(Math.abs(pay.timeouts - 6_000)).toBeLessThan(5 * Math.sqrt(6_000));
    expect(pay.errors).toBe(0);
    expect(result.requests.degraded).toBe(pay.timeouts);
    expect(result.requests.failed).toBe(0);
    expect(result.latencyMs.max).toBe(101); // 1 ms + the 100 ms timeout, not 1 + 120 ms
  });
});

describe("dependency-timeout with a timeout and retries", () => {
  it("bounds each attempt to its timeout and waits backoff × 2^n (capped) between them", () => {
    // An optional call so the degraded requests' latency is visible: 1 ms of work, then four
    // attempts of exactly 100 ms each, with waits of 30, 60 and 80 ms (120 capped at 80).
    const result = runYaml(
      callYaml({
        call: "{ to: pay, timeout: 100ms, criticality: optional, retries: { max: 3, backoff: 30ms, maxBackoff: 80ms, jitter: false } }",
        fault: "{ kind: dependency-timeout, dependency: pay, at: 1m, for: 1m }",
      }),
    );
    const pay = result.externals[0];
    const channel = result.dependencies[0];
    expect(result.latencyMs.max).toBe(1 + 4 * 100 + 30 + 60 + 80);
    // Every call that failed made 4 attempts. Calls begun in the last 0.57 s of the fault time out
    // once or more and then succeed on a retry after it: at most 3 extra retries each, ~57 calls.
    const straddling = 3 * 100 * 0.6;
    expect(channel.retries - 3 * channel.failedCalls).toBeGreaterThanOrEqual(0);
    expect(channel.retries - 3 * channel.failedCalls).toBeLessThan(straddling);
    expect(pay.timeouts - 4 * channel.failedCalls).toBeGreaterThanOrEqual(0);
    expect(pay.timeouts - 4 * channel.failedCalls).toBeLessThan(straddling);
    expect(result.requests.degraded).toBe(channel.failedCalls);
    expect(Math.abs(channel.failedCalls - 6_000)).toBeLessThan(5 * Math.sqrt(6_000));
  });

  it("fails a required call after its timeout, holding the slot meanwhile", () => {
    const result = runYaml(
      callYaml({
        call: "{ to: pay, timeout: 500ms }",
        fault: "{ kind: dependency-timeout, dependency: pay, at: 1m, for: 1m }",
      }),
    );
    const pay = result.externals[0];
    expect(result.failuresByReason["dependency-failed"]).toBe(pay.timeouts);
    // 100/s each held 500 ms: about 50 attempts in flight at once (Poisson: 5 s.d. ≈ 35).
    expect(pay.inFlightMax).toBeGreaterThan(50);
    expect(pay.inFlightMax).toBeLessThan(50 + 5 * Math.sqrt(50));
  });
});

describe("a circuit breaker against a hung dependency", () => {
  // Fault from 60 s to 100 s. Timeout 100 ms, window 20, minimumCalls 10, failure rate 50%,
  // cool-down 10 s. Retries would triple the attempts if the breaker did not stop them.
  const result = runYaml(
    callYaml({
      duration: "150s",
      call: "{ to: pay, timeout: 100ms, retries: { max: 2, backoff: 10ms, jitter: false }, breaker: { failureRate: 50%, window: 20, minimumCalls: 10, coolDown: 10s, probes: 3 } }",
      fault: "{ kind: dependency-timeout, dependency: pay, at: 60s, for: 40s }",
    }),
  );
  const opened = result.events.filter((e) => e.kind === "breaker.opened").map((e) => e.timeUs / 1e6);
  const closed = result.events.filter((e) => e.kind === "breaker.closed").map((e) => e.timeUs / 1e6);

  it("opens once half of the last 20 attempts have failed: 10 timeouts after the fault starts", () => {
    // The window held 20 successes; 10 failed attempts (with retries, from ≥ 4 requests) make 50%.
    // The first ends at 60 s + 1 ms + 100 ms; ten need at most a few requests' worth of 110 ms.
    expect(opened[0]).toBeGreaterThanOrEqual(60.101);
    expect(opened[0]).toBeLessThan(60.6);
    expect(result.events.find((e) => e.kind === "breaker.opened")?.subject).toBe("api→pay");
  });

  it("half-opens after each cool-down, and re-opens on the failed probe while the fault lasts", () => {
    // Re-openings: cool-down + a probe's 100 ms timeout apart, until the fault ends at 100 s.
    expect(opened.length).toBeGreaterThanOrEqual(4);
    for (let i = 1; i < opened.length; i++) {
      expect(opened[i] - opened[i - 1]).toBeGreaterThanOrEqual(10.1);
      expect(opened[i] - opened[i - 1]).toBeLessThan(10.2);
    }
    expect(opened.at(-1)).toBeLessThan(100.2);
  });

  it("closes after its probes succeed, within one cool-down of the fault's end", () => {
    expect(closed).toHaveLength(1);
    expect(closed[0]).toBeGreaterThan(100);
    expect(closed[0]).toBeLessThan((opened.at(-1) ?? 0) + 10 + 0.2);
  });

  it("fails the calls fast while open, without retrying them", () => {
    const channel = result.dependencies[0];
    expect(channel.breakerOpens).toBe(opened.length);
    // Fast fails: nearly every one of the ~4,000 calls made during the fault.
    expect(channel.fastFails).toBeGreaterThan(3_500);
    // Retries only before each opening: far below the 2 per failed call an unguarded call makes.
    expect(channel.retries).toBeLessThan(20 * opened.length);
    expect(result.externals[0].timeouts).toBeLessThan(30 * opened.length);
  });
});
