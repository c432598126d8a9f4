// Operations (ARCHITECTURE.md, "Operations"): each request is of one request type, drawn by share;
// it makes only the calls and publishes its operation names, wherever on its path a service makes
// them, and writes only if its operation does. Per-operation results match theory within stated
// binomial tolerances, add up to the totals, and the fluid fidelity agrees with per-request runs.

import { describe, expect, it } from "vitest";
import type { OperationBreakdown } from "../../src/metrics/index.js";
import { loadScenario, type RunResult, runScenario, withFidelity } from "../../src/scenario/index.js";
import { runYaml } from "../support/scenarios.js";

/** Four standard deviations of a proportion p measured over n trials: a miss is a 1-in-15,000 event. */
function binomialTolerance(p: number, n: number): number {
  return 4 * Math.sqrt((p * (1 - p)) / n);
}

function row(result: RunResult, operation: string): OperationBreakdown {
  const found = result.byOperation.find((r) => r.operation === operation);
  if (found === undefined) throw new Error(`no row for ${operation}`);
  return found;
}

/**
 * api (1 ms, constant) calls `dep`, which fails 10% of calls at once (5 ms, constant), no retries:
 * only `pay` (30%) makes that call, `browse` (70%) does not. A pay request succeeds with
 * probability A = 0.9, a browse request always.
 */
const MIX = `
name: operations-mix
duration: 10m
design:
  network: { jitter: 0% }
  regions: [{ name: r, zones: [a, b] }]
  externals:
    - { name: dep, latency: { distribution: constant, mean: 5ms }, errorRate: 10% }
  services:
    - name: api
      concurrency: 64
      serviceTime: { distribution: constant, mean: 1ms }
      calls: [{ to: dep, timeout: 1s }]
workload:
  operations:
    - { name: pay, share: 30%, calls: [dep] }
    - { name: browse, share: 70% }
  clients: [{ region: r, service: api, rate: 200/s }]
slo:
  availability: ">= 90%"
`;

describe("a mix of operations with different calls", () => {
  const result = runYaml(MIX);
  const pay = row(result, "pay");
  const browse = row(result, "browse");
  const total = result.requests.total;

  it("draws each request's operation by its share", () => {
    // ≈ 120,000 requests: pay's share within 4σ = 4·√(0.3·0.7/n) ≈ 0.0053 of 30%.
    expect(total).toBeGreaterThan(110_000);
    expect(Math.abs(pay.requests / total - 0.3)).toBeLessThan(binomialTolerance(0.3, total));
    expect(pay).toMatchObject({ write: false, share: 0.3 });
  });

  it("gives the operation that calls a dependency of availability A about A, and the others 1", () => {
    // ≈ 36,000 pay requests: 4σ = 4·√(0.9·0.1/n) ≈ 0.0063.
    expect(Math.abs(pay.availability - 0.9)).toBeLessThan(binomialTolerance(0.9, pay.requests));
    expect(browse.availability).toBe(1);
    expect(browse.failed).toBe(0);
    expect(pay.failuresByReason).toEqual({ "dependency-failed": pay.failed });
  });

  it("adds up to the totals", () => {
    const sum = (pick: (r: OperationBreakdown) => number) => result.byOperation.reduce((s, r) => s + pick(r), 0);
    expect(sum((r) => r.requests)).toBe(total);
    expect(sum((r) => r.succeeded)).toBe(result.requests.succeeded);
    expect(sum((r) => r.failed)).toBe(result.requests.failed);
  });

  it("makes the call only for the operation that names it", () => {
    const calls = result.dependencies.find((d) => d.dependency === "dep")?.calls ?? 0;
    // Every pay request called dep once; a few were still in flight at the end.
    expect(calls).toBeGreaterThanOrEqual(pay.requests);
    expect(calls).toBeLessThanOrEqual(pay.requests + result.counts.inFlight);
  });

  it("measures each operation's latency apart: pay pays the dependency's 5 ms", () => {
    // Constant times, no jitter: the histograms' 0.4% buckets are the only error.
    const payP50 = pay.latencyMs?.p50 ?? 0;
    const browseP50 = browse.latencyMs?.p50 ?? 0;
    expect(payP50 - browseP50).toBeGreaterThan(4.9);
    expect(payP50 - browseP50).toBeLessThan(5.2);
    expect(result.latencyMs.p50).toBeCloseTo(browseP50, 0);
  });

  it("is judged per operation, and the fluid fidelity agrees", () => {
    const scenario = loadScenario(MIX, "mix.yaml");
    expect(scenario.fluidObstacles).toEqual([]);
    const fluid = runScenario(withFidelity(scenario, "fluid"), { version: "test" });
    // Fluid counts are expectations: pay's share of the rate and exactly A's success.
    expect(row(fluid, "pay").availability).toBeCloseTo(0.9, 12);
    expect(row(fluid, "browse").availability).toBe(1);
    expect(row(fluid, "pay").requests).toBeCloseTo(0.3 * 200 * 600, 6);
    expect(row(fluid, "pay").latencyMs).toBeNull();
    expect(Math.abs(row(fluid, "pay").availability - pay.availability)).toBeLessThan(
      binomialTolerance(0.9, pay.requests),
    );
  });
});

describe("a client with a mix of its own", () => {
  // A second client of the same rate sends pay 90% of the time: pay is (0.3 + 0.9) / 2 = 60% of all.
  const yaml = MIX.replace(
    "  clients: [{ region: r, service: api, rate: 200/s }]",
    "  clients:\n    - { region: r, service: api, rate: 200/s }\n    - { name: payers, region: r, service: api, rate: 200/s, operations: { pay: 90%, browse: 10% } }",
  );
  const scenario = loadScenario(yaml, "mixes.yaml");

  it("draws its requests' operations by its own shares", () => {
    const result = runScenario(scenario, { version: "test" });
    const total = result.requests.total;
    const pay = row(result, "pay");
    expect(Math.abs(pay.requests / total - 0.6)).toBeLessThan(binomialTolerance(0.6, total));
    expect(Math.abs(pay.availability - 0.9)).toBeLessThan(binomialTolerance(0.9, pay.requests));
  });

  it("and so does the fluid fidelity: pay's requests are both clients' shares of their rates", () => {
    const fluid = runScenario(withFidelity(scenario, "fluid"), { version: "test" });
    expect(row(fluid, "pay").requests).toBeCloseTo((0.3 + 0.9) * 200 * 600, 6);
    expect(fluid.availability).toBeCloseTo(1 - 0.6 * 0.1, 12);
  });
});

/**
 * A chain: api calls backend (a service), backend calls `flaky` (fails 20%). `deep` names both,
 * so its requests reach flaky through backend; `shallow` names backend only, so backend skips
 * flaky for it. Only `deep` publishes to api's queue.
 */
const CHAIN = `
name: operations-chain
duration: 5m
design:
  network: { jitter: 0% }
  regions: [{ name: r, zones: [a, b] }]
  externals:
    - { name: flaky, latency: { distribution: constant, mean: 2ms }, errorRate: 20% }
  queues:
    - { name: audit, consumers: { concurrency: 50, processTime: 1ms } }
  services:
    - name: api
      concurrency: 64
      serviceTime: { distribution: constant, mean: 1ms }
      calls: [{ to: backend, timeout: 1s }]
      publishesTo: audit
    - name: backend
      concurrency: 64
      serviceTime: { distribution: constant, mean: 1ms }
      calls: [{ to: flaky, timeout: 1s }]
workload:
  operations:
    - { name: deep, share: 40%, calls: [backend, flaky], publishes: [audit] }
    - { name: shallow, share: 60%, calls: [backend] }
  clients: [{ region: r, service: api, rate: 100/s }]
slo:
  availability: ">= 80%"
`;

describe("operations through a chain of services", () => {
  const result = runYaml(CHAIN);
  const deep = row(result, "deep");
  const shallow = row(result, "shallow");

  it("carry the operation into the callee: only deep's requests reach flaky", () => {
    // ≈ 12,000 deep requests: 4σ = 4·√(0.8·0.2/n) ≈ 0.015.
    expect(Math.abs(deep.availability - 0.8)).toBeLessThan(binomialTolerance(0.8, deep.requests));
    expect(shallow.availability).toBe(1);
    const flaky = result.dependencies.find((d) => d.dependency === "flaky")?.calls ?? 0;
    const backend = result.dependencies.find((d) => d.dependency === "backend")?.calls ?? 0;
    expect(flaky).toBeGreaterThanOrEqual(deep.requests);
    expect(flaky).toBeLessThanOrEqual(deep.requests + result.counts.inFlight);
    expect(backend).toBeGreaterThanOrEqual(deep.requests + shallow.requests);
  });

  it("agree with the fluid fidelity, which reads each operation's calls down the chain", () => {
    // Without the queue (a backlog is built message by message: per request only).
    const yaml = CHAIN.replace(/ {2}queues:\n.*\n/, "")
      .replace("      publishesTo: audit\n", "")
      .replace(", publishes: [audit]", "");
    const scenario = loadScenario(yaml, "chain.yaml");
    expect(scenario.fluidObstacles).toEqual([]);
    const fluid = runScenario(withFidelity(scenario, "fluid"), { version: "test" });
    expect(row(fluid, "deep").availability).toBeCloseTo(0.8, 12);
    expect(row(fluid, "shallow").availability).toBe(1);
    expect(Math.abs(row(fluid, "deep").availability - deep.availability)).toBeLessThan(
      binomialTolerance(0.8, deep.requests),
    );
  });

  it("publish only for the operation that names the queue", () => {
    // api publishes at its answer: once per successful deep request.
    const audit = result.queues.find((q) => q.name === "audit");
    expect(audit?.published).toBe(deep.succeeded);
  });
});

describe("with operations, the CDN", () => {
  // Half the reads are answered at the edge; a write must reach the origin's database.
  const result = runYaml(`
name: operations-edge
duration: 2m
design:
  network: { jitter: 0% }
  regions: [{ name: r, zones: [a, b] }]
  services:
    - { name: api, concurrency: 64, serviceTime: { distribution: constant, mean: 1ms }, database: { name: db } }
  databases:
    - { name: db, primary: r/a, replicas: [{ zone: r/b, mode: async }] }
  edge: { cacheHitRatio: 50% }
workload:
  operations:
    - { name: save, share: 20%, write: true }
    - { name: view, share: 80% }
  clients: [{ region: r, service: api, rate: 200/s }]
slo:
  availability: ">= 99%"
`);

  it("answers reads only: every write is committed at the origin", () => {
    const save = row(result, "save");
    expect(save.write).toBe(true);
    expect(result.counts.writesCommitted).toBeGreaterThanOrEqual(save.requests);
    expect(result.counts.writesCommitted).toBeLessThanOrEqual(save.requests + result.counts.inFlight);
  });
});

describe("a probe", () => {
  const withProbe = (operation: string) =>
    runYaml(
      MIX.replace(
        "  externals:",
        `  probes: [{ name: p, from: r, service: api, every: 1s${operation} }]\n  alerts: []\n  externals:`,
      ),
    );

  it.each([
    ["naming pay, makes pay's call", ", operation: pay", 600],
    ["naming browse, makes none", ", operation: browse", 0],
    ["naming none, makes every call of its service", "", 600],
  ])("%s", (_, operation, probeCalls) => {
    const result = withProbe(operation);
    const calls = result.dependencies.find((d) => d.dependency === "dep")?.calls ?? 0;
    const pay = row(result, "pay").requests;
    // One probe a second for 10 minutes (the last one may be in flight at the end).
    expect(calls - pay).toBeGreaterThanOrEqual(probeCalls - 1 - result.counts.inFlight);
    expect(calls - pay).toBeLessThanOrEqual(probeCalls + result.counts.inFlight);
  });
});

/**
 * Two write operations and a read: the primary's zone dies with an asynchronous replica 2 s
 * behind, so about 2 s of writes are lost, split between the writes by their shares (create 2:1
 * refund). The lost writes per operation add up to the loss, in both fidelities.
 */
const LOSS = `
name: operations-loss
duration: 6m
design:
  network: { jitter: 0% }
  regions: [{ name: r, zones: [a, b, c] }]
  services:
    - name: api
      concurrency: 64
      serviceTime: { distribution: constant, mean: 1ms }
      database: { name: db, timeout: 1s }
  databases:
    - name: db
      primary: r/a
      replicas: [{ zone: r/b, mode: async, lag: 2s }]
      failover: { heartbeat: 1s, missedHeartbeats: 3, promotion: 10s }
workload:
  operations:
    - { name: create, share: 20%, write: true }
    - { name: refund, share: 10%, write: true }
    - { name: status, share: 70% }
  clients: [{ region: r, service: api, rate: 500/s }]
faults:
  - { kind: zone-outage, zone: r/a, at: 3m }
expect:
  lostWrites: "> 100"
`;

describe.each(["request", "fluid"] as const)("lost writes per operation (%s)", (fidelity) => {
  const scenario = loadScenario(LOSS, "loss.yaml");
  it("has nothing the fluid fidelity cannot model", () => expect(scenario.fluidObstacles).toEqual([]));
  const result = runScenario(withFidelity(scenario, fidelity), { version: "test" });
  const lost = (operation: string) => row(result, operation).lostWrites;

  it("add up to the loss, and the read loses none", () => {
    const total = result.rpo.lostWrites;
    expect(total).toBeGreaterThan(100);
    expect(lost("create") + lost("refund") + lost("status")).toBe(total);
    expect(lost("status")).toBe(0);
    for (const loss of result.rpo.losses) expect(loss.lostWrites).toBeGreaterThan(0);
  });

  it("split between the writes by their shares", () => {
    const total = result.rpo.lostWrites;
    // create wrote 2/3 of the writes: per request within 4σ of a binomial over the ≈ 300 lost;
    // fluid splits the flow by its mix exactly, then rounds to whole writes.
    const tolerance = fidelity === "fluid" ? 1 / total : binomialTolerance(2 / 3, total);
    expect(Math.abs(lost("create") / total - 2 / 3)).toBeLessThanOrEqual(tolerance);
  });
});
