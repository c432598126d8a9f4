// Mechanics of an async queue and of consumer-outage: publishers answer at once whatever the
// consumers do; while the consumers are down the backlog grows at the publish rate; when they
// return it drains at their capacity minus the arrival rate.
//
// 100 messages/s; consumers of concurrency c and mean processing time 50 ms serve 20·c/s. A 60 s
// outage leaves a backlog of ~6,000 (Poisson: s.d. ≈ 77), and it drains in ~6,000 / (20c − 100) s.
// The drain time's s.d. combines the arrivals' and the completions' Poisson noise, about
// √(6,000 + 2·6,000)/(20c − 100) s, 1.3 s for c = 10; each check allows 5 of them.

import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { loadScenario, runScenario } from "../../src/scenario/index.js";
import { runYaml } from "../support/scenarios.js";

type Result = ReturnType<typeof runYaml>;

function queueYaml(consumers: number, options: { rate?: number; outage?: boolean } = {}): string {
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
  clients: [{ region: r, service: api, rate: ${options.rate ?? 100}/s }]
faults:${options.outage === false ? " []" : "\n  - { kind: consumer-outage, queue: jobs, at: 60s, for: 60s }"}
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

describe("the backlog's drained record at a busy queue", () => {
  // 180 messages/s against 10 consumers serving 200/s (ρ = 0.9): messages wait for a consumer
  // now and then, and more than 10 at once every few seconds, but a second's worth of work
  // (200 messages) essentially never (P ≈ 0.9^200): only an outage builds a backlog.
  const drained = (result: Result) =>
    result.events.filter((e) => e.kind === "queue.drained").map((e) => e.timeUs / 1e6);

  it("is never written for ordinary waiting, however often it crosses 10 messages", () => {
    const result = runYaml(queueYaml(10, { rate: 180, outage: false }));
    expect(result.queues[0].backlogMax).toBeGreaterThan(10); // it crossed 10…
    expect(result.queues[0].backlogMax).toBeLessThan(200);
    expect(drained(result)).toEqual([]); // …and no backlog drained
  });

  it("is written once per outage, when its backlog first gets back to 10, not again at each dip", () => {
    const result = runYaml(queueYaml(10, { rate: 180 }));
    // ~10,800 after the outage, draining at 200 − 180 = 20/s: longer than the run.
    expect(result.queues[0].backlogMax).toBeGreaterThan(10_000);
    expect(drained(result)).toEqual([]);
    // At 120/s: ~7,200, draining at 80/s, back to 10 about 90 s after the consumers return.
    const faster = runYaml(queueYaml(10, { rate: 120 }));
    const [jobs] = faster.queues;
    const times = drained(faster);
    expect(times, `drained at ${times.join(", ")} s`).toHaveLength(1);
    expect(times[0]).toBeCloseTo(jobs.backlogMaxAtS + (jobs.drainS ?? Number.NaN), 3);
    expect(Math.abs(times[0] - (120 + jobs.backlogMax / 80))).toBeLessThan(10);
  });

  it("is written once in the shipped scenario, at the seeds that logged it twice in one second", () => {
    // Seeds 26 and 113 logged it at 163.43 s and 163.44 s, and at 72.45 s and 72.46 s: before
    // the outage, from ordinary waiting.
    const file = "scenarios/async-queue-consumer-outage.yaml";
    const scenario = loadScenario(readFileSync(file, "utf8"), file);
    for (const seed of [26, 113]) {
      const times = drained(runScenario(scenario, { version: "test", seed }));
      expect(times, `seed ${seed}`).toHaveLength(1);
      expect(times[0], `seed ${seed}`).toBeGreaterThan(25 * 60); // after the consumers return
    }
  });
});
