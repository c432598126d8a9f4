// Mechanics of an async queue and of consumer-outage: publishers answer at once whatever the
// consumers do; while the consumers are down the backlog grows at the publish rate; when they
// return it drains at their capacity minus the arrival rate.
//
// 100 messages/s; consumers of concurrency c and mean processing time 50 ms serve 20·c/s. A 60 s
// outage leaves a backlog of ~6,000 (Poisson: s.d. ≈ 77), and it drains in ~6,000 / (20c − 100) s.
// The drain time's s.d. combines the arrivals' and the completions' Poisson noise, about
// √(6,000 + 2·6,000)/(20c − 100) s, 1.3 s for c = 10; each check allows 5 of them.

import { describe, expect, it } from "vitest";
import { runYaml } from "../support/scenarios.js";

function queueYaml(consumers: number): string {
  return `
name: async-queue
duration: 5m
design:
  network: { sameZone: 0us, crossZone: 0us, crossRegion: 0us, client: 0us, jitter: 0% }
  regions: [{ name: r, zones: [a] }]
  services:
    - name: api
      concurrency: 64
      serviceTime: { distribution: constant, mean: 1ms }
      publishesTo: jobs
  queues:
    - { name: jobs, consumers: { concurrency: ${consumers}, processTime: 50ms } }
workload:
  clients: [{ region: r, service: api, rate: 100/s }]
faults:
  - { kind: consumer-outage, queue: jobs, at: 60s, for: 60s }
`;
}

describe("consumer-outage", () => {
  const result = runYaml(queueYaml(10));
  const [jobs] = result.queues;

  it("is invisible to users: publishers answer at once", () => {
    expect(result.requests.failed).toBe(0);
    expect(result.latencyMs.max).toBe(1); // the service time alone
    expect(result.incidents).toEqual([]);
    expect(jobs.published).toBe(result.requests.succeeded); // one message per successful request
  });

  it("grows the backlog at the publish rate while the consumers are down", () => {
    // 6,000 published in 60 s, plus the ≤ 10 in progress put back on the queue.
    expect(Math.abs(jobs.backlogMax - 6_000)).toBeLessThan(5 * Math.sqrt(6_000) + 10);
    expect(jobs.backlogMaxAtS).toBeGreaterThan(119.9);
    expect(jobs.backlogMaxAtS).toBeLessThanOrEqual(120);
    expect(result.counts.backlogMax).toBe(jobs.backlogMax);
  });

  it("drains at the consumers' capacity minus the arrival rate: 200 − 100 = 100/s", () => {
    const drainS = jobs.drainS ?? Number.NaN;
    expect(Math.abs(drainS - jobs.backlogMax / 100)).toBeLessThan(5 * 1.3);
    const drained = result.events.find((e) => e.kind === "queue.drained");
    expect((drained?.timeUs ?? 0) / 1e6).toBeCloseTo(jobs.backlogMaxAtS + drainS, 3);
  });

  it("loses no message: all but those in progress at the end are processed", () => {
    expect(jobs.published - jobs.processed).toBeGreaterThanOrEqual(0);
    expect(jobs.published - jobs.processed).toBeLessThanOrEqual(10);
  });

  it("drains faster with more spare capacity: 300 − 100 = 200/s with 15 consumers", () => {
    const [faster] = runYaml(queueYaml(15)).queues;
    const drainS = faster.drainS ?? Number.NaN;
    // s.d. ≈ √18,000 / 200 ≈ 0.7 s.
    expect(Math.abs(drainS - faster.backlogMax / 200)).toBeLessThan(5 * 0.7);
  });
});
