// `faultline sweep` and `faultline merge`: the same sweep gives the same bytes on 1 or 2 workers
// and split into any shards and merged; merge refuses partials of another sweep, a missing shard
// and a shard given twice; the exit code follows the targets.

import { readFileSync, writeFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli, tempFolder } from "./harness.js";

/** Zones that fail at random every few minutes, and random crashes: a run takes ~50 ms. */
const FLAKY_YAML = `name: flaky
seed: 5
duration: 20m
design:
  regions: [{ name: r, zones: [a, b] }]
  services:
    - name: api
      instancesPerZone: 1
      concurrency: 8
      serviceTime: { mean: 5ms }
      healthCheck: { interval: 1s, unhealthyThreshold: 1, healthyThreshold: 1 }
workload:
  clients: [{ region: r, service: api, rate: 20/s }]
faults:
  - { kind: zone-outage, zone: r/a, recur: { mtbf: 5m, mttr: 1m } }
  - { kind: zone-outage, zone: r/b, recur: { mtbf: 5m, mttr: 1m } }
  - { kind: random-crashes, service: api, mtbf: 10m, mttr: 30s }
slo:
  availability: ">= 90%"
`;

let folder: ReturnType<typeof tempFolder>;
let flaky: string;

beforeAll(() => {
  folder = tempFolder({
    "flaky.yaml": FLAKY_YAML,
    "strict.yaml": FLAKY_YAML.replace('">= 90%"', '">= 99.99%"'),
    "other.yaml": FLAKY_YAML.replace(
      "zone: r/b, recur: { mtbf: 5m, mttr: 1m }",
      "zone: r/b, recur: { mtbf: 5m, mttr: 2m }",
    ),
  });
  flaky = folder.path("flaky.yaml");
});

afterAll(() => folder.cleanup());

async function sweepJson(...argv: string[]): Promise<string> {
  const { code, stdout, stderr } = await runCli(["sweep", flaky, "--runs", "8", "--format", "json", ...argv]);
  expect(stderr, stderr).not.toMatch(/error|warning/i);
  expect(code).toBe(0);
  return stdout;
}

describe("faultline sweep", () => {
  it("reports each figure with its interval, the targets met, and what ate the budget", async () => {
    const { code, stdout } = await runCli(["sweep", flaky, "--runs", "8", "--workers", "1"]);
    expect(code).toBe(0);
    // Nothing load-driven in it: auto runs it fluid.
    expect(stdout.split("\n")[0]).toMatch(/^PASS\s+flaky\s+8 runs of 20m00s .* fluid · seeds 5–12$/);
    expect(stdout).toMatch(/✓ availability >= 90%: mean \S+% \(95%: \S+% – \S+%\)/);
    expect(stdout).toMatch(/met in \d+ of 8 runs/);
    expect(stdout).toMatch(/availability >= 90% allows 876h00m of downtime a year/);
    expect(stdout).toMatch(/zone-outage r\/a\s+infrastructure/);
    expect(stdout).toMatch(/zone-outage r\/b\s+infrastructure/);
    expect(stdout).toMatch(/replay: faultline run \S+flaky.yaml --seed \d+ --fidelity fluid$/m);
  });

  it("runs per request when asked, or when load decides the answer (saying why), and refuses fluid there", async () => {
    const asked = await runCli(["sweep", flaky, "--runs", "2", "--workers", "1", "--fidelity", "request"]);
    expect(asked.code).toBe(0);
    expect(asked.stdout.split("\n")[0]).toMatch(/ per-request · seeds 5–6$/);
    const loaded = folder.path("loaded.yaml");
    writeFileSync(loaded, FLAKY_YAML.replace("rate: 20/s", "rate: 1500/s"));
    const auto = await runCli(["sweep", loaded, "--runs", "1", "--workers", "1", "--no-progress"]);
    expect(auto.stdout.split("\n")[0]).toMatch(/ per-request · /);
    expect(auto.stderr).toMatch(
      /note: runs go per request .*\n\s+- service api: at peak, with its largest region \(or zone\) lost, it runs at \d+% of its capacity/,
    );
    const fluid = await runCli(["sweep", loaded, "--runs", "1", "--fidelity", "fluid"]);
    expect(fluid.code).toBe(2);
    expect(fluid.stderr).toMatch(/the fluid fidelity cannot stand in for per-request runs of .*loaded.yaml/);
    expect(fluid.stderr).not.toMatch(/\n\s+at /); // no stack trace
  });

  it("gives the same JSON, byte for byte, on one worker and on two", async () => {
    const one = await sweepJson("--workers", "1");
    const two = await sweepJson("--workers", "2");
    expect(two).toBe(one);
    const parsed = JSON.parse(one) as { header: { runs: number }; targets: { met: { trials: number } }[] };
    expect(parsed.header.runs).toBe(8);
    expect(parsed.targets[0].met.trials).toBe(8);
  });

  it("gives the same JSON when split into shards and merged, whatever the split", async () => {
    const whole = await sweepJson("--workers", "1");
    for (const count of [2, 3, 4]) {
      const partials: string[] = [];
      for (let index = 1; index <= count; index++) {
        const file = folder.path(`part-${index}-of-${count}.json`);
        const { code } = await runCli([
          "sweep",
          flaky,
          "--runs",
          "8",
          "--shard",
          `${index}/${count}`,
          "-o",
          file,
          "--workers",
          "1",
        ]);
        expect(code).toBe(0);
        partials.push(file);
      }
      const merged = await runCli(["merge", ...partials.reverse(), "--format", "json"]);
      expect(merged.code).toBe(0);
      expect(merged.stdout).toBe(whole);
    }
  });

  it("takes its shard from a Kubernetes Indexed Job's JOB_COMPLETION_INDEX", async () => {
    const fromFlag = await runCli(["sweep", flaky, "--runs", "8", "--shard", "2/2", "--workers", "1"]);
    const fromJob = await runCli(["sweep", flaky, "--runs", "8", "--workers", "1"], {
      JOB_COMPLETION_INDEX: "1",
      FAULTLINE_SHARDS: "2",
    });
    expect(fromJob.code).toBe(0);
    expect(fromJob.stdout).toBe(fromFlag.stdout);
    const partial = JSON.parse(fromJob.stdout) as {
      shard: { index: number; count: number };
      summaries: { run: number }[];
    };
    expect(partial.shard).toEqual({ index: 2, count: 2 });
    expect(partial.summaries.map((s) => s.run)).toEqual([4, 5, 6, 7]);
  });

  it("exits 1 when a target is not met on average", async () => {
    const { code, stdout } = await runCli(["sweep", folder.path("strict.yaml"), "--runs", "4", "--workers", "1"]);
    expect(code).toBe(1);
    expect(stdout.split("\n")[0]).toMatch(/^FAIL/);
    expect(stdout).toMatch(/✗ availability >= 99.99%/);
  });

  it("refuses --runs with --years, a shard that is not i/n, and a report format on a shard", async () => {
    expect((await runCli(["sweep", flaky, "--runs", "2", "--years", "2"])).code).toBe(2);
    const bad = await runCli(["sweep", flaky, "--shard", "3/2"]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--shard 3\/2: i must be from 1 to n/);
    const formatted = await runCli(["sweep", flaky, "--shard", "1/2", "--format", "md"]);
    expect(formatted.code).toBe(2);
    expect(formatted.stderr).toMatch(/give the report formats to merge instead/);
  });

  it("writes its reports atomically to files, and never over the scenario", async () => {
    const md = folder.path("sweep.md");
    const html = folder.path("sweep.html");
    const { code } = await runCli(["sweep", flaky, "--runs", "2", "--format", `md=${md}`, "--format", `html=${html}`]);
    expect(code).toBe(0);
    expect(readFileSync(md, "utf8")).toMatch(/^## faultline sweep: flaky — ✅ pass/);
    expect(readFileSync(html, "utf8")).toContain('<svg class="chart"');
    const over = await runCli(["sweep", flaky, "--runs", "2", "-o", flaky]);
    expect(over.code).toBe(2);
    expect(readFileSync(flaky, "utf8")).toBe(FLAKY_YAML);
  });
});

describe("faultline merge", () => {
  async function shard(file: string, index: number, count: number, scenario = flaky): Promise<string> {
    const { code } = await runCli([
      "sweep",
      scenario,
      "--runs",
      "4",
      "--shard",
      `${index}/${count}`,
      "-o",
      file,
      "--workers",
      "1",
    ]);
    expect(code).toBe(0);
    return file;
  }

  it("refuses partials of another sweep, naming what differs", async () => {
    expect(readFileSync(folder.path("other.yaml"), "utf8")).not.toBe(FLAKY_YAML);
    const mine = await shard(folder.path("mine-1.json"), 1, 2);
    const theirs = await shard(folder.path("theirs-2.json"), 2, 2, folder.path("other.yaml"));
    const { code, stderr } = await runCli(["merge", mine, theirs]);
    expect(code).toBe(2);
    expect(stderr).toMatch(/is a shard of another sweep than .*: scenario hash \w+ ≠ \w+/);
  });

  it("refuses to merge a fluid shard with a per-request one", async () => {
    const fluid = await shard(folder.path("fluid-1.json"), 1, 2);
    const { code: shardCode } = await runCli([
      "sweep",
      flaky,
      "--runs",
      "4",
      "--shard",
      "2/2",
      "-o",
      folder.path("request-2.json"),
      "--workers",
      "1",
      "--fidelity",
      "request",
    ]);
    expect(shardCode).toBe(0);
    const { code, stderr } = await runCli(["merge", fluid, folder.path("request-2.json")]);
    expect(code).toBe(2);
    expect(stderr).toMatch(/fidelity fluid ≠ per-request|fidelity per-request ≠ fluid/);
  });

  it("refuses a set that misses a shard or repeats one", async () => {
    const first = await shard(folder.path("set-1.json"), 1, 2);
    const missing = await runCli(["merge", first]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/runs 2, 3 of 4 are in no partial given/);
    const twice = await runCli(["merge", first, first]);
    expect(twice.code).toBe(2);
    expect(twice.stderr).toMatch(/run 0 is in both/);
  });

  it("refuses a file that is not a partial result", async () => {
    const { code, stderr } = await runCli(["merge", flaky]);
    expect(code).toBe(2);
    expect(stderr).toMatch(/is not JSON: give the files that `faultline sweep --shard i\/n` wrote/);
  });
});
