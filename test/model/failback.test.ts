// Failback (ARCHITECTURE.md, "Data"): once the design's primary has been back `failback` after a
// failover, writes pause while it catches up and it is made primary again, losing nothing, with
// the replicas' designed modes restored. The design: a primary in east/a and a replica in west/a.

import { describe, expect, it } from "vitest";
import { loadScenario, type RunResult, runScenario } from "../../src/scenario/index.js";

const S = 1_000_000;

function failbackYaml(options: { mode?: string; faults: string[]; failback?: string; fidelity?: string }): string {
  const mode = options.mode ?? "async, lag: 1s";
  return `
name: failback
duration: 10m
fidelity: ${options.fidelity ?? "request"}
design:
  network: { jitter: 0% }
  regions: [{ name: east, zones: [a] }, { name: west, zones: [a] }]
  services:
    - { name: api, concurrency: 64, serviceTime: { distribution: constant, mean: 1ms }, database: { name: db, timeout: 500ms } }
  databases:
    - name: db
      primary: east/a
      replicas: [{ zone: west/a, mode: ${mode} }]
      failover: { heartbeat: 1s, missedHeartbeats: 3, promotion: 5s${options.failback ? `, failback: ${options.failback}` : ""} }
workload:
  clients:
    - { region: west, service: api, rate: 100/s, writeRatio: 50% }
faults:
${options.faults.map((f) => `  - ${f}`).join("\n")}
`;
}

const run = (yaml: string, seed = 1): RunResult =>
  runScenario(loadScenario(yaml, "failback.yaml"), { version: "test", seed });
const timesOf = (result: RunResult, kind: string) =>
  result.events.filter((e) => e.kind === kind).map((e) => e.timeUs / S);
const finalPrimary = (result: RunResult) => {
  let state = result.controlPlane.initial.databases.db.primary;
  for (const event of result.events)
    if (event.kind === "db.promoted" || event.kind === "db.failedBack") state = event.subject;
  return state;
};

const EAST_LOST = "{ kind: region-outage, region: east, at: 60s, for: 2m }";

describe("failback", () => {
  it("switches back to the design's primary once it has been back for the failback time, losing nothing more", () => {
    const without = run(failbackYaml({ faults: [EAST_LOST] }));
    const withFailback = run(failbackYaml({ faults: [EAST_LOST], failback: "2m" }));
    // The failover itself is the same either way (its loss is the async lag's).
    expect(withFailback.rpo.losses).toEqual(without.rpo.losses);
    expect(finalPrimary(without)).toBe("db/west/a");
    expect(finalPrimary(withFailback)).toBe("db/east/a");
    // East is back at 180 s; two minutes later the switch starts, and the pause is the catch-up.
    const [started] = timesOf(withFailback, "db.failbackStarted");
    const [done] = timesOf(withFailback, "db.failedBack");
    expect(started).toBe(300);
    expect(done - started).toBeGreaterThan(0);
    expect(done - started).toBeLessThanOrEqual(1.1); // at most the replica's 1 s lag (+ the link)
    // Every write acknowledged after the switch is on the log the old replica now follows: a
    // second loss of east would lose the lag's worth again, no more.
    const twice = run(
      failbackYaml({ faults: [EAST_LOST, "{ kind: region-outage, region: east, at: 400s, for: 1m }"], failback: "2m" }),
    );
    expect(twice.rpo.losses).toHaveLength(2);
    expect(twice.rpo.losses[1].rpoS).toBeLessThanOrEqual(1.1);
  });

  it("gives the replicas their designed modes back: a sync-or-skip replica waits for writes again", () => {
    const result = run(failbackYaml({ mode: "sync-or-skip", faults: [EAST_LOST], failback: "2m" }));
    const step = result.events.find((e) => e.kind === "db.failedBack");
    expect(step).toBeDefined();
    // West's writes now cross to east and wait for west's sync-or-skip replica: a second loss of
    // east loses nothing.
    const twice = run(
      failbackYaml({
        mode: "sync-or-skip",
        faults: [EAST_LOST, "{ kind: region-outage, region: east, at: 400s, for: 1m }"],
        failback: "2m",
      }),
    );
    expect(twice.rpo.lostWrites).toBe(0);
    expect(timesOf(twice, "db.promoted")).toHaveLength(2);
  });

  it("waits until the design's primary has been back the whole failback time, the clock restarting when it fails again", () => {
    const flapping = run(
      failbackYaml({
        faults: [EAST_LOST, "{ kind: node-crash, node: db/east/a, at: 240s, for: 30s }"],
        failback: "2m",
      }),
    );
    // Back at 180 s, down at 240 s, back at 270 s: two minutes from then.
    expect(timesOf(flapping, "db.failbackStarted")).toEqual([390]);
    expect(finalPrimary(flapping)).toBe("db/east/a");
  });

  it("is cancelled when the design's primary fails while writes are paused, and tried again once it is back", () => {
    // A 10 s latency spike on the link makes the catch-up, and so the pause, 10 s long; the
    // design's primary crashes in the middle of it.
    const result = run(
      failbackYaml({
        faults: [
          EAST_LOST,
          "{ kind: latency-spike, between: [east, west], extra: 10s, at: 299s, for: 1m }",
          "{ kind: node-crash, node: db/east/a, at: 305s, for: 10s }",
        ],
        failback: "2m",
      }),
    );
    expect(timesOf(result, "db.failbackStarted")).toEqual([300, 435]);
    expect(timesOf(result, "db.failbackCancelled")).toEqual([305]);
    expect(timesOf(result, "db.failedBack")).toHaveLength(1);
    expect(timesOf(result, "db.failedBack")[0]).toBeGreaterThan(435);
    expect(finalPrimary(result)).toBe("db/east/a");
    // Writes paused for 5 s and then resumed on the same primary: nothing lost by the cancel.
    expect(result.rpo.losses).toHaveLength(1);
  });

  it("agrees between the fidelities", () => {
    const perRequest = run(failbackYaml({ faults: [EAST_LOST], failback: "2m" }));
    const fluid = run(failbackYaml({ faults: [EAST_LOST], failback: "2m", fidelity: "fluid" }));
    expect(fluid.simulated.fidelity).toBe("fluid");
    expect(timesOf(fluid, "db.failbackStarted")).toEqual(timesOf(perRequest, "db.failbackStarted"));
    expect(finalPrimary(fluid)).toBe("db/east/a");
    const [done] = timesOf(fluid, "db.failedBack");
    expect(Math.abs(done - timesOf(perRequest, "db.failedBack")[0])).toBeLessThan(1.1);
  });

  it("is refused for a majority database, which elects its leader", () => {
    const yaml = failbackYaml({ faults: [EAST_LOST], failback: "2m" }).replace(
      "      primary: east/a",
      "      replication: majority\n      primary: east/a",
    );
    expect(() => loadScenario(yaml, "failback.yaml")).toThrow(/failback\.yaml:\d+:\d+: .*elects its leader/);
  });
});
