// Rolling out a change: canary waves with bake time and automated rollback, blue-green switches,
// staged (by-region) config pushes, and manual rollbacks — timed from the trace.

import { describe, expect, it } from "vitest";
import { loadScenario } from "../../src/scenario/index.js";
import { runYaml } from "../support/scenarios.js";

const MINUTE_US = 60e6;

/** One service of 12 instances (3 zones × 4; or 2 regions) under 500 req/s, a bad change at 10 min. */
function rolloutYaml(options: { deploy?: string; config?: string; fault: string; regions?: 1 | 2 }): string {
  const regions =
    options.regions === 2
      ? "[{ name: us-east, zones: [a, b] }, { name: us-west, zones: [a, b] }]"
      : "[{ name: us-east, zones: [a, b, c] }]";
  const clients =
    options.regions === 2
      ? "[{ region: us-east, service: api, rate: 250/s }, { region: us-west, service: api, rate: 250/s }]"
      : "[{ region: us-east, service: api, rate: 500/s }]";
  return `
name: rollout
duration: 2h
design:
  regions: ${regions}
  services:
    - name: api
      instancesPerZone: ${options.regions === 2 ? 3 : 4}
      concurrency: 16
      serviceTime: { distribution: exponential, mean: 10ms }
      ${options.deploy ? `deploy: ${options.deploy}` : ""}
      ${options.config ? `config: ${options.config}` : ""}
workload:
  clients: ${clients}
faults:
  - ${options.fault}
`;
}

const badDeploy = "{ kind: bad-deploy, service: api, errorRate: 30%, at: 10m }";

function timesOf(result: ReturnType<typeof runYaml>, kind: string): number[] {
  return result.events.filter((event) => event.kind === kind).map((event) => event.timeUs);
}

describe("canary waves", () => {
  const result = runYaml(
    rolloutYaml({
      deploy: '{ waves: [15%, 50%, 100%], step: 2m, bake: 10m, rollback: { errorRate: "> 5%", window: 1m } }',
      fault: badDeploy,
    }),
  );

  it("apply the first wave after one step and stop there", () => {
    const waves = result.events.filter((event) => event.kind === "deploy.waveApplied");
    expect(waves).toHaveLength(1);
    expect(waves[0].timeUs).toBe(12 * MINUTE_US);
    expect(waves[0].detail).toBe("wave 1/3: 2 of 12 instances");
  });

  it("roll back automatically within the bake time plus the evaluation window", () => {
    const [rolledBack] = timesOf(result, "deploy.rolledBack");
    const [waveApplied] = timesOf(result, "deploy.waveApplied");
    expect(rolledBack - waveApplied).toBeGreaterThan(0);
    expect(rolledBack - waveApplied).toBeLessThanOrEqual(10 * MINUTE_US + MINUTE_US);
    // Reverting takes one step, like applying.
    expect(timesOf(result, "deploy.reverted")[0] - rolledBack).toBe(2 * MINUTE_US);
  });

  it("fail only the canary's share of requests: about 30% × 2/12 while it runs", () => {
    const failed = result.failuresByReason["bad-change"] ?? 0;
    const exposedS = (timesOf(result, "deploy.reverted")[0] - 12 * MINUTE_US) / 1e6;
    const expected = 500 * exposedS * 0.3 * (2 / 12);
    // Poisson counts: 5 standard deviations of the expected count.
    expect(Math.abs(failed - expected)).toBeLessThan(5 * Math.sqrt(expected));
  });
});

describe("blue-green deploys", () => {
  const deploy = (extra: string) => `{ strategy: blue-green, step: 5m, switch: 10s, bake: 30m${extra} }`;

  it("switch all traffic after the green fleet is up, then switch back within the switch time", () => {
    const result = runYaml(
      rolloutYaml({ deploy: deploy(', rollback: { errorRate: "> 5%", window: 1m }'), fault: badDeploy }),
    );
    const [switched] = timesOf(result, "deploy.switched");
    expect(switched).toBe(10 * MINUTE_US + 5 * MINUTE_US + 10e6);
    const [rolledBack] = timesOf(result, "deploy.rolledBack");
    // The rule reads whatever evidence its window holds: it breaches within the window plus a 10 s tick.
    expect(rolledBack - switched).toBeLessThanOrEqual(MINUTE_US + 10e6);
    expect(timesOf(result, "deploy.reverted")[0] - rolledBack).toBe(10e6);
    expect(timesOf(result, "deploy.waveApplied")).toEqual([]);
  });

  it("roll back by redeploying (one step) once blue has been retired", () => {
    const result = runYaml(rolloutYaml({ deploy: deploy(", manualRollback: 45m"), fault: badDeploy }));
    const [completed] = timesOf(result, "deploy.completed");
    expect(completed).toBe(10 * MINUTE_US + 5 * MINUTE_US + 10e6 + 30 * MINUTE_US);
    const [rolledBack] = timesOf(result, "deploy.rolledBack");
    expect(rolledBack).toBe(55 * MINUTE_US);
    expect(timesOf(result, "deploy.reverted")[0] - rolledBack).toBe(5 * MINUTE_US + 10e6);
  });

  it("fail nobody while the green fleet is being built", () => {
    const result = runYaml(rolloutYaml({ deploy: deploy(", manualRollback: 3m"), fault: badDeploy }));
    expect(result.failuresByReason["bad-change"]).toBeUndefined();
    expect(timesOf(result, "deploy.reverted")).toEqual([13 * MINUTE_US]);
  });

  it("refuse waves, which a blue-green switch does not have", () => {
    expect(() =>
      loadScenario(
        rolloutYaml({ deploy: "{ strategy: blue-green, waves: [10%, 100%] }", fault: badDeploy }),
        "bg.yaml",
      ),
    ).toThrow(/bg\.yaml:\d+:\d+: .*no waves/);
  });
});

describe("staged configuration pushes", () => {
  it("change one region per wave and revert before the second when the first breaches", () => {
    const result = runYaml(
      rolloutYaml({
        regions: 2,
        config: '{ waves: by-region, step: 10s, bake: 15m, rollback: { errorRate: "> 2%" } }',
        fault: "{ kind: bad-config, service: api, errorRate: 50%, at: 10m }",
      }),
    );
    const waves = result.events.filter((event) => event.kind === "config.waveApplied");
    expect(waves.map((wave) => wave.detail)).toEqual(["wave 1/2: 6 of 12 instances"]);
    const [rolledBack] = timesOf(result, "config.rolledBack");
    expect(rolledBack - waves[0].timeUs).toBeLessThanOrEqual(MINUTE_US + 10e6);
  });
});
