// `faultline check`, the CI gate: exit codes, statistical targets over seeds (the same for any
// number of workers), baselines, the JSON report's schema, and GitHub annotations.

import { readFileSync, rmSync, writeFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { checkReportSchema } from "../../src/report/index.js";
import { BROKEN_YAML, LONG_YAML, runCli, TINY_YAML, tempFolder } from "./harness.js";

/** A primary in zone a and one replica in zone b; zone a dies at 2m. */
function replicatedYaml(mode: "sync" | "async", extra = ""): string {
  return `name: replicated
seed: 11
duration: 5m
design:
  regions: [{ name: r, zones: [a, b] }]
  services:
    - name: api
      zones: []
      concurrency: 32
      serviceTime: { distribution: constant, mean: 2ms }
      database: { name: db, timeout: 500ms }
  databases:
    - name: db
      primary: r/a
      replicas: [{ zone: r/b, mode: ${mode}, lag: 1s }]
      failover: { heartbeat: 1s, missedHeartbeats: 2, promotion: 5s }
workload:
  clients: [{ region: r, service: api, rate: 100/s, writeRatio: 50% }]
faults:
  - { kind: zone-outage, zone: r/a, at: 2m }
${extra}`.replace("      zones: []\n", "");
}

const SEEDED_YAML = replicatedYaml(
  "async",
  `seeds: 6
slo:
  availability: ">= 90% at p50"
expect:
  lostWrites: "<= 80"
`,
);

let folder: ReturnType<typeof tempFolder>;
beforeAll(() => {
  folder = tempFolder({
    "pass.yaml": TINY_YAML,
    "impossible.yaml": TINY_YAML.replace("name: tiny", "name: impossible").replace(
      'availability: ">= 99%"',
      'latencyP99: "<= 1ms"',
    ),
    "broken.yaml": BROKEN_YAML,
    "sync.yaml": replicatedYaml("sync"),
    "async.yaml": replicatedYaml("async"),
    "seeded.yaml": SEEDED_YAML,
  });
});
afterAll(() => folder.cleanup());

describe("faultline check", () => {
  it("exits 0 when every scenario meets its targets", async () => {
    const { code, stdout } = await runCli(["check", folder.path("pass.yaml")]);
    expect(code).toBe(0);
    expect(stdout).toMatch(/^PASS {2}tiny/);
    expect(stdout).toContain("PASS  1 scenario: 1 passed, 0 failed, 0 invalid");
  });

  it("exits 1 when a target is impossible and shows the measured value and the replay command", async () => {
    const { code, stdout } = await runCli(["check", folder.path("impossible.yaml")]);
    expect(code).toBe(1);
    expect(stdout).toMatch(/✗ impossible: latencyP99 \d+(\.\d+)?ms \(worst seed 3\), target <= 1ms/);
    expect(stdout).toContain(`replay: faultline run ${folder.path("impossible.yaml")} --seed 3`);
  });

  it("checks every scenario when one fails (mixed) and still exits 1", async () => {
    const { code, stdout } = await runCli(["check", folder.path("pass.yaml"), folder.path("impossible.yaml")]);
    expect(code).toBe(1);
    expect(stdout).toContain("2 scenarios: 1 passed, 1 failed, 0 invalid");
  });

  it("exits 2 on a bad file, reporting file:line:col, and still checks the others", async () => {
    const { code, stdout } = await runCli(["check", folder.path("pass.yaml"), folder.path("broken.yaml")]);
    expect(code).toBe(2);
    expect(stdout).toContain(`${folder.path("broken.yaml")}:4:1: YAML syntax`);
    expect(stdout).toContain("2 scenarios: 1 passed, 0 failed, 1 invalid");
  });

  it("exits 2 on a file that is not UTF-8, at its byte, and still checks the others", async () => {
    const latin1 = folder.path("latin1.yaml");
    writeFileSync(latin1, Buffer.concat([Buffer.from("name: caf"), Buffer.from([0xe9]), Buffer.from("\n")]));
    try {
      const { code, stdout } = await runCli(["check", folder.path("pass.yaml"), latin1]);
      expect(code).toBe(2);
      expect(stdout).toContain(`${latin1}:1:10: not UTF-8: byte 0xE9 at byte offset 9 `);
      expect(stdout).toContain("2 scenarios: 1 passed, 0 failed, 1 invalid");
    } finally {
      rmSync(latin1);
    }
  });

  it("judges a percentile target over seeds with the same verdict and worst seed for 1 and 2 workers", async () => {
    const one = await runCli(["check", folder.path("seeded.yaml"), "--workers", "1", "--format", "json"]);
    const two = await runCli(["check", folder.path("seeded.yaml"), "--workers", "2", "--format", "json"]);
    expect(two.code).toBe(one.code);
    const a = checkReportSchema.parse(JSON.parse(one.stdout));
    const b = checkReportSchema.parse(JSON.parse(two.stdout));
    expect(a.scenarios[0].seeds).toEqual([11, 12, 13, 14, 15, 16]);
    expect(b.scenarios[0].targets).toEqual(a.scenarios[0].targets);
    expect(b.scenarios[0].runs.map((r) => r.traceHash)).toEqual(a.scenarios[0].runs.map((r) => r.traceHash));
    // The lost-writes target is judged on the worst seed: it must be the seed with the most lost.
    const lost = a.scenarios[0].runs.map((r) => ({ seed: r.seed, lost: r.rpo.lostWrites }));
    const worst = [...lost].sort((x, y) => y.lost - x.lost || x.seed - y.seed)[0];
    const target = a.scenarios[0].targets.find((t) => t.name === "lostWrites");
    expect(target?.worstSeed).toBe(worst.seed);
    expect(target?.actual).toBe(worst.lost);
  });

  it("writes a JSON report that validates against its schema, one run per scenario and seed", async () => {
    const { stdout } = await runCli([
      "check",
      folder.path("pass.yaml"),
      folder.path("seeded.yaml"),
      "--format",
      "json",
    ]);
    const report = checkReportSchema.parse(JSON.parse(stdout));
    expect(report.scenarios.map((s) => s.runs.length)).toEqual([1, 6]);
    expect(report.scenarios[1].runs.map((r) => r.seed)).toEqual([11, 12, 13, 14, 15, 16]);
  });

  it("fails a worsened design against the baseline of the better one, naming the metric and both values", async () => {
    const baseline = folder.path("baseline.json");
    const written = await runCli(["check", folder.path("sync.yaml"), "--baseline", baseline, "--update-baseline"]);
    expect(written.code).toBe(0);
    expect(written.stderr).toContain(`wrote the baseline ${baseline}`);
    checkReportSchema.parse(JSON.parse(readFileSync(baseline, "utf8")));

    const same = await runCli(["check", folder.path("sync.yaml"), "--baseline", baseline]);
    expect(same.code).toBe(0);
    expect(same.stdout).toContain("no metric moved");

    const worse = await runCli(["check", folder.path("async.yaml"), "--baseline", baseline]);
    expect(worse.code).toBe(1);
    expect(worse.stdout).toMatch(/replicated: rpoS 0s → \d+ms {2}✗ regressed/);
    expect(worse.stdout).toContain("2 metrics regressed");
    expect(worse.stdout).toMatch(/replicated: lostWrites 0 → \d+ {2}✗ regressed/);
  });

  it("says how to create a missing baseline", async () => {
    const { code, stderr } = await runCli(["check", folder.path("pass.yaml"), "--baseline", folder.path("none.json")]);
    expect(code).toBe(2);
    expect(stderr).toContain("--update-baseline");
  });

  it("prints GitHub annotations pointing at the target's line when GITHUB_ACTIONS is set", async () => {
    const { stdout } = await runCli(["check", folder.path("impossible.yaml"), folder.path("broken.yaml")], {
      GITHUB_ACTIONS: "true",
    });
    const impossibleLine = TINY_YAML.split("\n").findIndex((line) => line.includes("availability")) + 1;
    expect(stdout).toContain(
      `::error file=${folder.path("impossible.yaml").replaceAll(":", "%3A")},line=${impossibleLine},col=`,
    );
    expect(stdout).toContain(`::error file=${folder.path("broken.yaml")},line=4,col=1,`);
  });

  it("writes several reports at once and appends the Markdown summary to GITHUB_STEP_SUMMARY", async () => {
    const summary = folder.path("summary.md");
    writeFileSync(summary, "earlier step\n");
    const junit = folder.path("junit.xml");
    const html = folder.path("report.html");
    const { code, stdout } = await runCli(
      [
        "check",
        folder.path("pass.yaml"),
        "--format",
        "text",
        "--format",
        `junit=${junit}`,
        "--format",
        "html",
        "--output",
        html,
      ],
      { GITHUB_STEP_SUMMARY: summary },
    );
    expect(code).toBe(0);
    expect(stdout).toContain("PASS  1 scenario");
    expect(readFileSync(junit, "utf8")).toMatch(/^<\?xml/);
    expect(readFileSync(html, "utf8")).toContain('<svg class="chart success"');
    const appended = readFileSync(summary, "utf8");
    expect(appended.startsWith("earlier step\n")).toBe(true);
    expect(appended).toContain("| tiny");
  });

  it.each([1, 2])(
    "prints plain progress lines from inside the runs on a stderr that is not a terminal (%i worker(s))",
    async (workers) => {
      // Every reading of this clock is 6 s after the one before: each progress update is due.
      let nowMs = 0;
      const clock = () => (nowMs += 6_000);
      const long = folder.path("long.yaml");
      writeFileSync(long, LONG_YAML.replace("name: tiny", "name: long"));
      const { code, stderr } = await runCli(
        ["check", long, "--seeds", String(workers), "--workers", String(workers)],
        {},
        clock,
      );
      expect(code).toBe(0);
      const percents = [
        ...stderr.matchAll(/^check: \d+ runs: (\d+)% simulated after \d+\.\ds(?:, about \S+ left)?$/gm),
      ].map((m) => Number(m[1]));
      // Lines only when runs finish would show 100% (one run) or 50% and 100% (two).
      expect(percents.filter((percent) => percent > 0 && percent < 100 && percent !== 50).length).toBeGreaterThan(0);
    },
  );

  it("refuses two reports on stdout and unknown formats", async () => {
    expect((await runCli(["check", folder.path("pass.yaml"), "--format", "text", "--format", "json"])).code).toBe(2);
    const unknown = await runCli(["check", folder.path("pass.yaml"), "--format", "pdf"]);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('unknown --format "pdf"');
  });
});
