// Mechanics of the traffic faults (traffic-spike, traffic-ramp) and of load shedding.
//
// Arrivals are Poisson: a 10 s window at λ/s holds 10λ ± √(10λ) requests, and each check allows 5
// standard deviations. The service is far from saturated in the traffic tests (1 ms of work,
// 512 slots), so every request completes in the window it arrived in (but for the last
// millisecond's, a handful against a tolerance of ~150).

import { describe, expect, it } from "vitest";
import { runYaml } from "../support/scenarios.js";

function trafficYaml(fault: string, duration = "5m"): string {
  return `
name: traffic
duration: ${duration}
design:
  network: { sameZone: 0us, crossZone: 0us, crossRegion: 0us, client: 0us, jitter: 0% }
  regions: [{ name: r, zones: [a] }]
  services: [{ name: s, concurrency: 512, serviceTime: { distribution: constant, mean: 1ms } }]
workload:
  clients: [{ name: shoppers, region: r, service: s, rate: 100/s }]
faults:
  - ${fault}
`;
}

/** Requests in the 10 s window starting at `startS`. */
function windowCount(result: ReturnType<typeof runYaml>, startS: number): number {
  expect(result.timeline.windowS).toBe(10);
  return result.timeline.points.find((p) => p.startS === startS)?.requests ?? 0;
}

const within = (count: number, expected: number) =>
  expect(Math.abs(count - expected), `${count} against ${expected}`).toBeLessThan(5 * Math.sqrt(expected));

describe("traffic-spike", () => {
  it("multiplies the named client's rate while it lasts, and only then", () => {
    const result = runYaml(trafficYaml("{ kind: traffic-spike, client: shoppers, multiplier: 4, at: 60s, for: 60s }"));
    for (let startS = 0; startS < 300; startS += 10) {
      within(windowCount(result, startS), startS >= 60 && startS < 120 ? 4_000 : 1_000);
    }
  });
});

describe("traffic-ramp", () => {
  // 210 s in 21 equal parts: the rate steps up every 10 s, by (3 − 1)/20 of the normal rate each
  // time — 100/s, 110/s, …, 300/s for the last 10 s — and is back to 100/s when the ramp ends.
  const result = runYaml(trafficYaml("{ kind: traffic-ramp, client: shoppers, to: 3, at: 60s, for: 210s }", "6m"));

  it("climbs in 20 equal steps from the normal rate to `to` times it", () => {
    for (let step = 0; step <= 20; step++) within(windowCount(result, 60 + 10 * step), 10 * (100 + 10 * step));
  });

  it("holds the normal rate before it and drops back as soon as it ends", () => {
    for (let startS = 0; startS < 60; startS += 10) within(windowCount(result, startS), 1_000);
    for (let startS = 270; startS < 360; startS += 10) within(windowCount(result, startS), 1_000);
  });

  it("makes each step the same size: the windows' counts rise linearly", () => {
    // Least-squares slope of the 21 windows against the step number: 100 requests per step. Its
    // s.d. is √(Σ var / Σ (k − 10)²) ≈ √(2,000 · 21 / 770) ≈ 7.4; allow 5.
    const counts = Array.from({ length: 21 }, (_, k) => windowCount(result, 60 + 10 * k));
    const meanCount = counts.reduce((a, b) => a + b, 0) / 21;
    const slope = counts.reduce((acc, c, k) => acc + (k - 10) * (c - meanCount), 0) / 770;
    expect(Math.abs(slope - 100)).toBeLessThan(5 * 7.4);
  });
});

describe("load shedding", () => {
  // One instance: 4 slots of exactly 10 ms (400/s of capacity) and a queue of 8, offered 1,000/s.
  const result = runYaml(`
name: shedding
duration: 60s
design:
  network: { sameZone: 0us, crossZone: 0us, crossRegion: 0us, client: 0us, jitter: 0% }
  regions: [{ name: r, zones: [a] }]
  services: [{ name: s, concurrency: 4, queue: 8, serviceTime: { distribution: constant, mean: 10ms } }]
workload:
  clients: [{ region: r, service: s, rate: 1000/s }]
`);

  it("serves at the instance's capacity and sheds the rest at once", () => {
    // The slots are never idle under this overload: 400/s × 60 s, but for the first few ms.
    expect(result.requests.succeeded).toBeLessThanOrEqual(24_000);
    expect(result.requests.succeeded).toBeGreaterThan(24_000 - 20);
    expect(result.failuresByReason["load-shed"]).toBe(result.requests.failed);
    within(result.requests.total, 60_000);
  });

  it("bounds the wait by the queue: at most (queue / slots + 1) service times", () => {
    expect(result.latencyMs.max).toBeLessThanOrEqual(30);
    // A full queue is the rule: the median request waits nearly the whole 20 ms.
    expect(result.latencyMs.p50).toBeGreaterThan(25);
    expect(result.queueing.waitedFraction).toBeGreaterThan(0.99);
  });
});
