// Services that call services: a call names another service of the design and is served by its
// instances, through its balancer in the caller's region or the nearest that runs it; the
// caller's timeout, retries and breaker apply as to an external; latency crosses the network
// between the zones; a cycle is refused at compile time. Times are constant and there is no
// jitter, so latencies are exact sums.

import { describe, expect, it } from "vitest";
import type { InputIssue } from "../../src/scenario/errors.js";
import { loadScenario, ScenarioInputError } from "../../src/scenario/index.js";
import { runYaml } from "../support/scenarios.js";

interface ChainOptions {
  /** The call api makes to orders (flow mapping). */
  call?: string;
  /** orders' service time. */
  ordersTime?: string;
  /** orders' regions. */
  ordersRegions?: string;
  faults?: string;
  duration?: string;
}

/** api (1 ms) calls orders (2 ms by default); regions r1 and r2, 10 ms apart; nothing else takes time. */
function chainYaml(options: ChainOptions = {}): string {
  return `
name: service-calls
duration: ${options.duration ?? "2m"}
design:
  network: { sameZone: 0us, crossZone: 0us, crossRegion: 10ms, client: 0us, jitter: 0% }
  regions: [{ name: r1, zones: [a, b] }, { name: r2, zones: [a] }]
  services:
    - name: api
      regions: [r1]
      concurrency: 64
      serviceTime: { distribution: constant, mean: 1ms }
      calls:
        - ${options.call ?? "{ to: orders, timeout: 1s }"}
    - name: orders
      regions: ${options.ordersRegions ?? "[r1]"}
      concurrency: 64
      serviceTime: { distribution: constant, mean: ${options.ordersTime ?? "2ms"} }
      healthCheck: { interval: 1s, unhealthyThreshold: 1, healthyThreshold: 1 }
workload:
  clients: [{ region: r1, service: api, rate: 50/s }]
faults: ${options.faults ?? "[]"}
`;
}

function issuesOf(yaml: string): InputIssue[] {
  try {
    loadScenario(yaml, "graph.yaml");
    return [];
  } catch (error) {
    if (error instanceof ScenarioInputError) return error.issues;
    throw error;
  }
}

describe("a call to another service", () => {
  it("is served by the callee: latency is both service times when they share a region", () => {
    const result = runYaml(chainYaml());
    expect(result.availability).toBe(1);
    expect(result.latencyMs.mean).toBeCloseTo(3, 6);
    const dependency = result.dependencies.find((d) => d.dependency === "orders");
    expect(dependency).toMatchObject({ service: "api", callee: "service", failedCalls: 0 });
    // Every request made its call (a few were still in flight at the end).
    expect(dependency?.calls).toBeGreaterThanOrEqual(result.requests.succeeded);
    expect(dependency?.calls).toBe(result.counts.issued);
  });

  it("goes to the nearest region that runs the callee, and pays the crossing both ways", () => {
    const result = runYaml(chainYaml({ ordersRegions: "[r2]" }));
    expect(result.availability).toBe(1);
    expect(result.latencyMs.mean).toBeCloseTo(1 + 10 + 2 + 10, 6);
  });

  it("fails the caller's request when the callee is down, as a failed dependency", () => {
    const result = runYaml(
      chainYaml({ faults: "[{ kind: node-crash, node: orders/r1/a/1, at: 30s, for: 1m }]", ordersRegions: "[r1]" }),
    );
    // orders runs one instance in each of r1's zones: while one is down (and for at most the
    // 1 s before its balancer ejects it) half its calls fail, then none.
    expect(result.requests.failed).toBeGreaterThan(0);
    expect(result.requests.failed).toBeLessThanOrEqual(30);
    expect(Object.keys(result.failuresByReason)).not.toContain("instance-down");
  });

  it("times out at the caller's timeout when the callee is slower", () => {
    const result = runYaml(chainYaml({ call: "{ to: orders, timeout: 50ms }", ordersTime: "100ms" }));
    expect(result.availability).toBe(0);
    const dependency = result.dependencies.find((d) => d.dependency === "orders");
    // Every call failed, bar those of the requests still waiting out their timeout at the end.
    expect(dependency?.failedCalls).toBe((dependency?.calls ?? 0) - result.counts.inFlight);
  });

  it("degrades instead of failing when the call is optional", () => {
    const result = runYaml(
      chainYaml({
        call: "{ to: orders, timeout: 1s, criticality: optional }",
        faults: "[{ kind: zone-outage, zone: r2/a, at: 30s, for: 1m }]",
        ordersRegions: "[r2]",
      }),
    );
    expect(result.requests.failed).toBe(0);
    expect(result.availability).toBe(1);
    // 50/s for a minute, each waiting out its 1 s timeout (the zone answers nothing), then served without orders.
    expect(result.requests.degraded).toBeGreaterThan(2_900);
  });

  it("lets the caller's breaker fail calls fast while the callee has no healthy target", () => {
    const result = runYaml(
      chainYaml({
        call: "{ to: orders, timeout: 1s, breaker: { failureRate: 50%, window: 20, minimumCalls: 10, coolDown: 5s } }",
        faults: "[{ kind: random-crashes, service: orders, mtbf: 1s, mttr: 20m, at: 30s }]",
      }),
    );
    const dependency = result.dependencies.find((d) => d.dependency === "orders");
    expect(dependency?.breakerOpens).toBeGreaterThan(0);
    expect(dependency?.fastFails).toBeGreaterThan(0);
  });
});

describe("the service graph at compile time", () => {
  it("refuses a cycle, naming it at the call that closes it", () => {
    const yaml = chainYaml().replace(
      "      healthCheck: { interval: 1s",
      "      calls: [{ to: api }]\n      healthCheck: { interval: 1s",
    );
    const issues = issuesOf(yaml);
    expect(issues).toHaveLength(1);
    expect(issues[0].message).toMatch(/cycle \(api → orders → api\)/);
    const line = yaml.split("\n")[issues[0].line - 1];
    expect(line.slice(issues[0].column - 1)).toMatch(/^api/);
  });

  it("refuses a service named like an external: a call's to names one of them", () => {
    const yaml = chainYaml().replace(
      "  services:",
      "  externals: [{ name: orders, latency: { mean: 10ms } }]\n  services:",
    );
    expect(issuesOf(yaml).map((i) => i.message)).toEqual([expect.stringMatching(/has the name of an external/)]);
  });

  it("suggests a service or an external for an unknown name", () => {
    const issues = issuesOf(chainYaml({ call: "{ to: order }" }));
    expect(issues.map((i) => i.message)).toEqual([expect.stringMatching(/did you mean orders/)]);
  });
});
