// `--set path=value` on run, check, sweep and validate: a wrong override is an error at the
// override (exit 2, no stack trace), and every replay command repeats the overrides.

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli, TINY_YAML, tempFolder } from "./harness.js";

const STACK_FRAME = "    at ";

/** TINY with its one instance crashing for 20 of its 60 seconds: two instances keep it up. */
const CRASH_YAML = TINY_YAML.replace(
  "      concurrency: 8",
  "      instancesPerZone: 1\n      concurrency: 8\n      healthCheck: { interval: 1s, unhealthyThreshold: 1, healthyThreshold: 1 }",
).concat(`faults:\n  - { kind: node-crash, node: api/r1/a/1, at: 10s, for: 20s }\n`);

let folder: ReturnType<typeof tempFolder>;
let crash: string;

beforeAll(() => {
  folder = tempFolder({ "crash.yaml": CRASH_YAML });
  crash = folder.path("crash.yaml");
});

afterAll(() => folder.cleanup());

describe("--set", () => {
  it("reports a key that does not exist at the override, with did you mean, exit 2 and no stack", async () => {
    for (const command of [["run"], ["check"], ["sweep", "--runs", "2", "--workers", "1"], ["validate"]]) {
      const {
        code,
        stdout,
        stderr: errors,
      } = await runCli([command[0], crash, ...command.slice(1), "--set", "design.services.api.instancesPerZon=3"]);
      expect(code, command[0]).toBe(2);
      const stderr = `${stdout}${errors}`; // check reports input errors in its report
      expect(stderr, command[0]).toContain(
        '--set design.services.api.instancesPerZon=3: unknown key "instancesPerZon"; did you mean instancesPerZone?',
      );
      expect(stderr, command[0]).not.toContain(STACK_FRAME);
    }
  });

  it("changes the run, and the replay command repeats the overrides", async () => {
    const failing = await runCli(["run", crash]);
    expect(failing.code).toBe(1);
    const set = ["--set", "design.services.api.instancesPerZone=2", "--set", 'slo.availability=">= 95%"'];
    const passing = await runCli(["run", crash, ...set, "--format", "json"]);
    expect(passing.code).toBe(0);
    const report = JSON.parse(passing.stdout) as { replay: string; scenario: { overrides: string[] } };
    expect(report.scenario.overrides).toEqual(["design.services.api.instancesPerZone=2", 'slo.availability=">= 95%"']);
    expect(report.replay).toBe(
      `faultline run ${crash} --seed 3 --set design.services.api.instancesPerZone=2 --set 'slo.availability=">= 95%"'`,
    );
  });

  it("repeats the overrides in a check's and a sweep's replay lines", async () => {
    const set = ["--set", 'slo.availability=">= 99.9%"'];
    const check = await runCli(["check", crash, ...set, "--no-progress", "--workers", "1", "--no-color"]);
    expect(check.code).toBe(1);
    expect(check.stdout).toContain(`replay: faultline run ${crash} --seed 3 --set 'slo.availability=">= 99.9%"'`);
    const sweep = await runCli(["sweep", crash, "--runs", "2", "--workers", "1", "--no-progress", ...set]);
    expect(sweep.stdout).toMatch(
      /replay: faultline run \S+ --seed \d+( --fidelity fluid)? --set 'slo\.availability=">= 99\.9%"'/,
    );
  });

  it("makes a sweep another sweep: merge refuses partials made with other overrides", async () => {
    const shard = async (name: string, index: number, set: string[]) => {
      const file = folder.path(name);
      const args = ["sweep", crash, "--runs", "2", "--shard", `${index}/2`, "-o", file, "--workers", "1", ...set];
      expect((await runCli(args)).code).toBe(0);
      return file;
    };
    const plain = await shard("plain-1.json", 1, []);
    const overridden = await shard("set-2.json", 2, ["--set", "design.services.api.instancesPerZone=2"]);
    const { code, stderr } = await runCli(["merge", plain, overridden]);
    expect(code).toBe(2);
    expect(stderr).toMatch(/scenario hash \w+ ≠ \w+/);
  });
});
