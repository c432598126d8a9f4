// Mechanics of alert rules: every `every` a rule reads the user requests of the last `window`
// (whole seconds); `errorRate` compares the failed share with its bound, `latencyP99` is breached
// when more than 1% of the successes were slower than its bound. It fires while either is
// breached and resolves when neither is.
//
// The faults start and end on evaluation ticks and the windows are long enough that the share
// read at each tick is far from the bound (a third or two thirds against 50%; 0% or ≥ 18%
// against 1%), so the firing and resolving times are exact despite Poisson arrivals.

import { describe, expect, it } from "vitest";
import { runYaml } from "../support/scenarios.js";

function alertYaml(alert: string, fault: string): string {
  return `
name: alerts
duration: 4m
design:
  network: { sameZone: 0us, crossZone: 0us, crossRegion: 0us, client: 0us, jitter: 0% }
  regions: [{ name: r, zones: [a] }]
  externals: [{ name: pay, latency: { distribution: constant, mean: 10ms } }]
  services:
    - name: api
      concurrency: 256
      serviceTime: { distribution: constant, mean: 1ms }
      calls: [{ to: pay, timeout: 1s }]
  alerts:
    - ${alert}
workload:
  clients: [{ region: r, service: api, rate: 100/s }]
faults:
  - ${fault}
`;
}

const alertEvents = (result: ReturnType<typeof runYaml>) =>
  result.events.filter((e) => e.kind.startsWith("alert.")).map((e) => [e.kind, e.subject, e.timeUs / 1e6]);

describe("an error-rate alert", () => {
  // Every call fails from 60 s to 120 s. Window 30 s, every 10 s, bound 50%.
  const result = runYaml(
    alertYaml(
      '{ name: errors, errorRate: "> 50%", window: 30s, every: 10s }',
      "{ kind: dependency-errors, dependency: pay, errorRate: 100%, at: 60s, for: 60s }",
    ),
  );

  it("fires at the first tick whose window is more than half failures, and resolves likewise", () => {
    // At 70 s the window [40, 70) is one third failures; at 80 s, two thirds: it fires. At 130 s
    // the window [100, 130) is still two thirds failures; at 140 s one third: it resolves.
    expect(alertEvents(result)).toEqual([
      ["alert.fired", "errors", 80],
      ["alert.resolved", "errors", 140],
    ]);
    expect(result.counts.alertsFired).toBe(1);
  });

  it("gives the incident's time to detect", () => {
    expect(result.incidents).toHaveLength(1);
    expect(result.incidents[0].startS).toBe(60);
    expect(result.incidents[0].detectedS).toBe(80);
    expect(result.ttd.maxS).toBe(20);
  });

  it("ignores slowness", () => {
    const slow = runYaml(
      alertYaml(
        '{ name: errors, errorRate: "> 50%", window: 30s, every: 10s }',
        "{ kind: dependency-slowdown, dependency: pay, factor: 50, at: 60s, for: 65s }",
      ),
    );
    expect(alertEvents(slow)).toEqual([]);
  });
});

describe("a p99 latency alert", () => {
  // The dependency takes 500 ms instead of 10 ms from 60 s to 125 s: those requests succeed
  // 501 ms after they arrive, so slow successes are recorded from 60.501 s to 125.501 s.
  const result = runYaml(
    alertYaml(
      '{ name: slow, latencyP99: "> 300ms", window: 30s, every: 10s }',
      "{ kind: dependency-slowdown, dependency: pay, factor: 50, at: 60s, for: 65s }",
    ),
  );

  it("fires once more than 1% of the window's successes were slower than the bound", () => {
    // At 70 s the window [40, 70) holds ~9.5 s of slow successes of 30 s: 32%. At 150 s the
    // window [120, 150) still holds 5.5 s of them (18%); at 160 s none.
    expect(alertEvents(result)).toEqual([
      ["alert.fired", "slow", 70],
      ["alert.resolved", "slow", 160],
    ]);
    expect(result.requests.failed).toBe(0);
  });

  it("ignores failures that are fast", () => {
    const failing = runYaml(
      alertYaml(
        '{ name: slow, latencyP99: "> 300ms", window: 30s, every: 10s }',
        "{ kind: dependency-errors, dependency: pay, errorRate: 100%, at: 60s, for: 60s }",
      ),
    );
    expect(alertEvents(failing)).toEqual([]);
  });

  it("stays quiet while fewer than 1% of the successes are slow", () => {
    // Slow for 0.1 s of a 30 s window: ~10 of ~3,000 successes (0.33%; 1% is 6 s.d. away).
    const blip = runYaml(
      alertYaml(
        '{ name: slow, latencyP99: "> 300ms", window: 30s, every: 10s }',
        "{ kind: dependency-slowdown, dependency: pay, factor: 50, at: 60s, for: 100ms }",
      ),
    );
    expect(alertEvents(blip)).toEqual([]);
  });
});
