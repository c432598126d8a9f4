// Fallbacks (README.md, "Defences"): a call that failed after its retries, or failed fast, is
// served by its fallback: a second provider called in its place, or a cached answer found for a
// share of the calls (served degraded). With independent failures the call then succeeds with
// 1 − e₁·(1 − s), where s is the fallback's success: the one truth every case below checks.

import { describe, expect, it } from "vitest";
import { loadScenario, type RunResult, runScenario } from "../../src/scenario/index.js";

const RATE = 200;
const DURATION_S = 600;

interface Options {
  fidelity?: string;
  faults?: string[];
  breaker?: boolean;
  /** The primary provider's own error rate (30%). */
  primaryErrors?: string;
}

function fallbackYaml(fallback: string, options: Options = {}) {
  return `
name: fallback
duration: ${DURATION_S}s
fidelity: ${options.fidelity ?? "request"}
design:
  network: { jitter: 0% }
  regions: [{ name: eu, zones: [a] }]
  externals:
    - { name: primary-provider, latency: { distribution: constant, mean: 20ms }, errorRate: ${options.primaryErrors ?? "30%"} }
    - { name: backup-provider, latency: { distribution: constant, mean: 40ms }, errorRate: 20% }
  services:
    - name: api
      instancesPerZone: 2
      concurrency: 200
      serviceTime: { distribution: constant, mean: 1ms }
      calls:
        - { to: primary-provider, timeout: 200ms${options.breaker ? ", breaker: { failureRate: 50%, window: 20, minimumCalls: 10, coolDown: 10s }" : ""}${fallback === "" ? "" : `, fallback: ${fallback}`} }
workload:
  clients: [{ region: eu, service: api, rate: ${RATE}/s }]
faults:
${(options.faults ?? []).map((f) => `  - ${f}`).join("\n") || "  []"}
`;
}

const run = (yaml: string, seed = 1): RunResult =>
  runScenario(loadScenario(yaml, "fallback.yaml"), { version: "test", seed });

/** Within 4 binomial standard deviations of p over the run's requests. */
function expectNear(actual: number, p: number, n: number): void {
  expect(Math.abs(actual - p)).toBeLessThan(4 * Math.sqrt((p * (1 - p)) / n));
}

describe("a call's fallback", () => {
  const n = RATE * DURATION_S;

  it("to a second provider succeeds with 1 − e₁·e₂, against 1 − e₁ without", () => {
    const without = run(fallbackYaml(""));
    const withFallback = run(fallbackYaml("{ to: backup-provider, timeout: 200ms }"));
    expectNear(without.availability, 0.7, n);
    expectNear(withFallback.availability, 1 - 0.3 * 0.2, n);
    const primary = withFallback.dependencies.find((d) => d.dependency === "primary-provider");
    const backup = withFallback.dependencies.find((d) => d.dependency === "backup-provider");
    // Every failed primary call went to the backup, which took nothing else.
    expect(primary?.fallback?.fellBack).toBe(primary?.failedCalls);
    expect(backup?.calls).toBe(primary?.failedCalls);
    expect(backup?.fallbackFor).toBe("primary-provider");
    expect(withFallback.requests.failed).toBe(backup?.failedCalls);
    expect(withFallback.requests.degraded).toBe(0);
  });

  it("on a cached answer found for 60% serves 0.3 × 0.6 of the requests degraded", () => {
    const cached = run(fallbackYaml("{ cached: 60% }"));
    expectNear(cached.availability, 0.7 + 0.3 * 0.6, n);
    expectNear(cached.requests.degraded / cached.requests.total, 0.3 * 0.6, n);
    const primary = cached.dependencies.find((d) => d.dependency === "primary-provider");
    expect(primary?.fallback?.servedCached).toBe(cached.requests.degraded);
    const always = run(fallbackYaml("cached"));
    expect(always.availability).toBe(1);
  });

  it("takes the calls an open breaker fails fast while the provider is down", () => {
    const outage = ["{ kind: dependency-errors, dependency: primary-provider, errorRate: 100%, at: 60s, for: 300s }"];
    const options = { faults: outage, breaker: true, primaryErrors: "0%" };
    const broken = run(fallbackYaml("{ to: backup-provider, timeout: 200ms }", options));
    const primary = broken.dependencies.find((d) => d.dependency === "primary-provider");
    expect(primary?.breakerOpens).toBeGreaterThan(0);
    expect(primary?.fastFails).toBeGreaterThan(50_000); // the breaker was open most of the outage
    expect(primary?.fallback?.fellBack).toBe(primary?.failedCalls);
    // Failed fast or not, every failed call goes to the backup: outside the outage all succeed,
    // during it (half the run) the backup alone, 0.8.
    expectNear(broken.availability, 0.5 + 0.5 * 0.8, n);
  });

  it("gives the same availability in the fluid fidelity", () => {
    for (const fallback of ["{ to: backup-provider, timeout: 200ms }", "{ cached: 60% }"]) {
      const fluid = run(fallbackYaml(fallback, { fidelity: "fluid" }));
      const perRequest = run(fallbackYaml(fallback));
      expect(fluid.simulated.fidelity).toBe("fluid");
      expectNear(perRequest.availability, fluid.availability, n);
    }
  });

  it("is refused at its line when it names a service or an unknown provider", () => {
    const yaml = fallbackYaml("{ to: api }");
    expect(() => loadScenario(yaml, "fallback.yaml")).toThrow(
      /fallback\.yaml:\d+:\d+: .*fallback\.to.*an external \(another provider\), not a service of the design/,
    );
    expect(() => loadScenario(fallbackYaml("{ to: backup-provder }"), "fallback.yaml")).toThrow(/backup-provider/);
  });
});
