// Faults that recur (`recur:`): an alternating renewal process per fault. Its occurrences never
// overlap, start inside their window, draw their up and down times with the means asked for (for
// every shape), leave every lever as it was when they end, and draw from streams named by the
// fault, so a second design with the same fault sees the same failures.

import { describe, expect, it } from "vitest";
import { injectFaults } from "../../src/faults/index.js";
import { readLevers, World } from "../../src/model/index.js";
import { loadScenario, type RunResult, ScenarioInputError } from "../../src/scenario/index.js";
import { runYaml } from "../support/scenarios.js";

const S = 1e6;

function yaml(faults: string, options: { duration?: string; rollback?: boolean } = {}): string {
  return `
name: recurrence
duration: ${options.duration ?? "6h"}
design:
  network: { sameZone: 0us, crossZone: 1ms, crossRegion: 30ms, client: 0us, jitter: 0% }
  regions: [{ name: r, zones: [a, b] }]
  services:
    - name: api
      instancesPerZone: 1
      concurrency: 50
      serviceTime: { distribution: constant, mean: 5ms }
      healthCheck: { interval: 30s }
      database: { name: db, timeout: 1s }
${options.rollback ? '      deploy: { strategy: waves, waves: [100%], step: 1m, rollback: { errorRate: "> 5%" } }\n' : ""}  databases:
    - name: db
      primary: r/a
      replicas: [{ zone: r/b, mode: async, lag: 1s }]
      backups: { snapshotEvery: 1h }
workload:
  clients: [{ region: r, service: api, rate: 2/s, writeRatio: 20% }]
faults:
${faults}
`;
}

/** The occurrences of fault `index`, as [start, end] in seconds (end: the run's end when open). */
function occurrencesOf(result: RunResult, index: number): [number, number][] {
  return result.faults
    .filter((fault) => fault.index === index)
    .map((fault) => [fault.startS, fault.endS ?? result.simulated.durationS]);
}

/** Sample mean and its standard error. */
function meanAndError(values: number[]): { mean: number; error: number } {
  const mean = values.reduce((a, b) => a + b, 0) / values.length;
  const variance = values.reduce((sum, v) => sum + (v - mean) ** 2, 0) / (values.length - 1);
  return { mean, error: Math.sqrt(variance / values.length) };
}

/** Up times (from one end to the next start, the first from the window's start) and down times. */
function upAndDown(occurrences: [number, number][], windowStartS = 0): { up: number[]; down: number[] } {
  const up = occurrences.map(([start], i) => start - (i === 0 ? windowStartS : occurrences[i - 1][1]));
  const down = occurrences.slice(0, -1).map(([start, end]) => end - start); // the last may be cut by the run's end
  return { up, down };
}

describe("a lasting fault that recurs", () => {
  const zone = (recur: string) => `  - { kind: zone-outage, zone: r/b, recur: ${recur} }`;

  it("alternates between up and down without overlap, with the means asked for (exponential)", () => {
    const result = runYaml(yaml(zone("{ mtbf: 2m, mttr: 30s }"), { duration: "12h" }));
    const occurrences = occurrencesOf(result, 0);
    // About 12 h / 2.5 min = 288 cycles.
    expect(occurrences.length).toBeGreaterThan(200);
    for (let i = 1; i < occurrences.length; i++) expect(occurrences[i][0]).toBeGreaterThan(occurrences[i - 1][1]);
    const { up, down } = upAndDown(occurrences);
    // 4.4 standard errors: a false alarm about once in 100,000 runs; the seed is fixed anyway.
    const ups = meanAndError(up);
    const downs = meanAndError(down);
    expect(Math.abs(ups.mean - 120)).toBeLessThan(4.4 * ups.error);
    expect(Math.abs(downs.mean - 30)).toBeLessThan(4.4 * downs.error);
    // Exponential times: the standard deviation is the mean (±15% over ~280 draws).
    expect(ups.error * Math.sqrt(up.length)).toBeGreaterThan(120 * 0.85);
    expect(ups.error * Math.sqrt(up.length)).toBeLessThan(120 * 1.15);
  });

  it.each([
    ["weibull k=0.7", "{ distribution: weibull, shape: 0.7 }", 1 / 0.7],
    ["weibull k=3", "{ distribution: weibull, shape: 3 }", 0.3636],
    ["lognormal σ=1", "{ distribution: lognormal, sigma: 1 }", Math.sqrt(Math.E - 1)],
    ["constant", "{ distribution: constant }", 0],
  ])("draws %s times with the mean asked for and the spread of that shape", (_, shape, cv) => {
    const result = runYaml(
      yaml(zone(`{ mtbf: 2m, mttr: 30s, failureTimes: ${shape}, repairTimes: ${shape} }`), { duration: "12h" }),
    );
    const { up, down } = upAndDown(occurrencesOf(result, 0));
    const ups = meanAndError(up);
    const downs = meanAndError(down);
    // Means within 4.4 standard errors (constant: exact to the microsecond rounding).
    expect(Math.abs(ups.mean - 120)).toBeLessThanOrEqual(4.4 * ups.error + 1e-6);
    expect(Math.abs(downs.mean - 30)).toBeLessThanOrEqual(4.4 * downs.error + 1e-6);
    // Coefficient of variation of the shape: weibull Γ(1+2/k)/Γ(1+1/k)² − 1, lognormal √(e^σ² − 1).
    // ±25% over ~280 draws (the lognormal's spread estimate is itself heavy-tailed).
    const spread = (ups.error * Math.sqrt(up.length)) / ups.mean;
    if (cv === 0) expect(spread).toBe(0);
    else {
      expect(spread).toBeGreaterThan(cv * 0.75);
      expect(spread).toBeLessThan(cv * 1.25);
    }
  });

  it("starts occurrences only inside its window (at, for), and leaves every lever as it was", () => {
    const scenario = loadScenario(
      yaml(zone("{ mtbf: 1m, mttr: 20s }").replace("recur", "at: 1h, for: 1h, recur")),
      "r.yaml",
    );
    const world = new World(scenario.world);
    const injected = injectFaults(world, scenario.faults);
    const before = readLevers(world);
    world.run();
    const occurrences = injected.activity();
    expect(occurrences.length).toBeGreaterThan(20);
    for (const occurrence of occurrences) {
      expect(occurrence.startUs).toBeGreaterThanOrEqual(3600 * S);
      expect(occurrence.startUs).toBeLessThan(7200 * S);
      expect(occurrence.endUs).toBeDefined();
    }
    expect(readLevers(world)).toEqual(before);
  });

  it("names each occurrence as the cause of the incident it starts", () => {
    const result = runYaml(
      yaml(
        "  - { kind: region-outage, region: r, recur: { mtbf: 2h, mttr: 10m } }\n  - { kind: slow-node, node: api/r/a/1, factor: 2, at: 0s }",
      ),
    );
    const outages = occurrencesOf(result, 0);
    expect(outages.length).toBeGreaterThan(0);
    expect(result.incidents.length).toBe(outages.length);
    for (const [i, incident] of result.incidents.entries()) {
      // The region outage tipped it (it started last), though the slow node was active too.
      expect(incident.cause).toEqual(["region-outage r", "slow-node api/r/a/1 ×2"]);
      expect(Math.abs(incident.startS - outages[i][0])).toBeLessThan(1);
    }
  });
});

describe("an instant fault that recurs", () => {
  it("happens again only once its aftermath is over: a corruption after each restore, each loss with its own RPO", () => {
    const result = runYaml(
      yaml("  - { kind: data-corruption, database: db, detectedAfter: 10m, recur: { mtbf: 1h } }", { duration: "12h" }),
    );
    const occurrences = occurrencesOf(result, 0);
    expect(occurrences.length).toBeGreaterThan(4);
    for (let i = 1; i < occurrences.length; i++) expect(occurrences[i][0]).toBeGreaterThan(occurrences[i - 1][1]);
    // Each ended occurrence restored the database and lost the writes since the backup before it.
    const ended = occurrences.filter(([, end]) => end < result.simulated.durationS);
    expect(result.rpo.losses.length).toBe(ended.length);
    for (const [i, loss] of result.rpo.losses.entries()) {
      expect(loss.atS).toBeGreaterThanOrEqual(occurrences[i][0] - 0.001); // reported to the millisecond
      expect(loss.rpoS).toBeGreaterThan(0);
      expect(loss.rpoS).toBeLessThanOrEqual(3600 + 1);
    }
  });

  it("rolls back each bad deploy before the next, each with keys of its own", () => {
    const result = runYaml(
      yaml("  - { kind: bad-deploy, service: api, errorRate: 50%, recur: { mtbf: 30m } }", { rollback: true }),
    );
    const occurrences = occurrencesOf(result, 0);
    expect(occurrences.length).toBeGreaterThan(3);
    expect(result.events.filter((e) => e.kind === "deploy.started").length).toBe(occurrences.length);
    const reverted = result.events.filter((e) => e.kind === "deploy.reverted").length;
    expect(reverted).toBeGreaterThanOrEqual(occurrences.length - 1);
  });
});

describe("recurrence streams", () => {
  const failures = "  - { kind: zone-outage, zone: r/b, recur: { mtbf: 20m, mttr: 5m } }";
  const other = "  - { kind: node-crash, node: api/r/a/1, recur: { mtbf: 30m, mttr: 2m } }";
  const startsOf = (result: RunResult, label: string) =>
    result.faults.filter((fault) => fault.label === label).map((fault) => fault.startS);

  it("do not depend on the order faults are listed in", () => {
    const one = runYaml(yaml(`${failures}\n${other}`));
    const two = runYaml(yaml(`${other}\n${failures}`));
    expect(startsOf(two, "zone-outage r/b")).toEqual(startsOf(one, "zone-outage r/b"));
    expect(startsOf(two, "node-crash api/r/a/1")).toEqual(startsOf(one, "node-crash api/r/a/1"));
  });

  it("give a design that only repairs faster the same failure times (common random numbers)", () => {
    const slow = runYaml(yaml(failures));
    const fast = runYaml(yaml(failures.replace("mttr: 5m", "mttr: 1m")));
    // Up times to the microsecond (the report's seconds are sums of microseconds in floating point).
    const gaps = (result: RunResult) => upAndDown(occurrencesOf(result, 0)).up.map((s) => Math.round(s * 1e6));
    expect(gaps(fast).slice(0, 5)).toEqual(gaps(slow).slice(0, 5));
    expect(startsOf(fast, "zone-outage r/b")).not.toEqual(startsOf(slow, "zone-outage r/b"));
  });

  it("move with the seed", () => {
    expect(startsOf(runYaml(yaml(failures), 2), "zone-outage r/b")).not.toEqual(
      startsOf(runYaml(yaml(failures), 1), "zone-outage r/b"),
    );
  });
});

describe("recur in a scenario file", () => {
  const problems = (faults: string) => {
    try {
      loadScenario(yaml(faults), "bad.yaml");
      return [];
    } catch (error) {
      if (!(error instanceof ScenarioInputError)) throw error;
      return error.issues.map((issue) => issue.message);
    }
  };

  it("lets a recurring fault leave out at; a fault that happens once needs it", () => {
    expect(problems("  - { kind: zone-outage, zone: r/b, recur: { mtbf: 1d, mttr: 1h } }")).toEqual([]);
    expect(problems("  - { kind: zone-outage, zone: r/b, for: 1h }")).toEqual([
      'faults[0]: zone-outage needs a start: add "at:" (a time of day such as "02:00", or an offset such as 90m), or "recur:" to make it happen at random',
    ]);
  });

  it("asks a lasting fault for its mttr and refuses one on an instant", () => {
    expect(problems("  - { kind: zone-outage, zone: r/b, recur: { mtbf: 1d } }")[0]).toMatch(/mttr/);
    expect(problems("  - { kind: bad-config, service: api, errorRate: 5%, recur: { mtbf: 1d, mttr: 1h } }")[0]).toMatch(
      /mttr/,
    );
  });

  it("refuses for on an instant that does not recur, and recur on random crashes", () => {
    expect(problems("  - { kind: bad-deploy, service: api, at: 1h, for: 1h }")[0]).toMatch(/remove "for"/);
    expect(
      problems("  - { kind: random-crashes, service: api, mtbf: 1d, mttr: 1h, recur: { mtbf: 1d, mttr: 1h } }")[0],
    ).toMatch(/recur/);
  });

  it("needs a Weibull shape, and takes mean times in weeks and years", () => {
    expect(
      problems(
        "  - { kind: zone-outage, zone: r/b, recur: { mtbf: 2y, mttr: 4h, failureTimes: { distribution: weibull } } }",
      ),
    ).toEqual([
      "faults[0].recur.failureTimes: a weibull lifetime needs its shape, e.g. { distribution: weibull, shape: 1.5 }",
    ]);
    expect(problems("  - { kind: zone-outage, zone: r/b, recur: { mtbf: 2w, mttr: 4h } }")).toEqual([]);
  });

  it("refuses a mean time between failures under a second", () => {
    expect(problems("  - { kind: zone-outage, zone: r/b, recur: { mtbf: 500ms, mttr: 1s } }")[0]).toMatch(
      /at least 1s/,
    );
  });
});
