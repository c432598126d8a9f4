// Per-operation results and targets in every report (ARCHITECTURE.md, "Operations"): a block in
// the text report, a field in the JSON, a table per scenario in Markdown and HTML, the targets
// named by operation with their verdicts in every check format; and a target on an operation
// fails `faultline check` when, and only when, that operation misses it.

import { XMLParser } from "fast-xml-parser";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  formatCheckText,
  formatHtml,
  formatJunit,
  formatMarkdown,
  formatSweepText,
  formatText,
  toCheckJson,
  toJsonReport,
} from "../../src/report/index.js";
import { checkPassed, loadScenario } from "../../src/scenario/index.js";
import { aggregateSweep, runSweepRun, sweepHeader } from "../../src/sweep/index.js";
import { runCli, tempFolder } from "../cli/harness.js";
import { buildPassingCheck, judge } from "./fixture.js";

/**
 * The gateway fails every call for two of the ten minutes: checkout (20%, the only operation
 * that calls it) loses about a fifth of its requests, browse none. checkout's 99.9% target
 * fails; browse's holds.
 */
const SHOP = `
name: shop
seed: 2
seeds: 2
duration: 10m
design:
  regions: [{ name: r, zones: [a, b] }]
  externals:
    - { name: gateway, latency: { distribution: constant, mean: 20ms } }
  databases:
    - { name: orders, primary: r/a, replicas: [{ zone: r/b, mode: sync }] }
  services:
    - name: shop
      concurrency: 32
      serviceTime: { distribution: exponential, mean: 2ms }
      database: { name: orders }
      calls: [{ to: gateway, timeout: 500ms }]
workload:
  operations:
    - { name: checkout, share: 20%, write: true, calls: [gateway] }
    - { name: browse, share: 80% }
  clients: [{ region: r, service: shop, rate: 50/s }]
faults:
  - { kind: dependency-errors, dependency: gateway, errorRate: 100%, at: 4m, for: 2m }
slo:
  availability: ">= 90%"
  checkout: { availability: ">= 99.9%" }
  browse: { availability: ">= 99.9%", latencyP99: "<= 200ms" }
expect:
  checkout: { lostWrites: "== 0" }
`;

const verdict = judge(SHOP, "scenarios/shop.yaml");
const check = { version: "test", scenarios: [verdict], errors: [], pass: checkPassed([verdict], []) };
const run = verdict.runs[0];

describe("a target on an operation", () => {
  it("fails when that operation misses it, and only then", () => {
    const byName = Object.fromEntries(verdict.targets.map((t) => [t.name, t]));
    expect(Object.keys(byName)).toEqual([
      "availability",
      "checkout availability",
      "browse availability",
      "browse latencyP99",
      "checkout lostWrites",
    ]);
    expect(byName["checkout availability"]).toMatchObject({
      operation: "checkout",
      metric: "availability",
      pass: false,
    });
    // Two minutes of ten: about 80% of checkout's requests succeed on each seed.
    expect(byName["checkout availability"].actual).toBeGreaterThan(0.7);
    expect(byName["checkout availability"].actual).toBeLessThan(0.9);
    expect(byName["browse availability"]).toMatchObject({ actual: 1, pass: true });
    expect(byName.availability.pass).toBe(true);
    expect(verdict.pass).toBe(false);
  });

  it("reads the run's own row: the rows add up to the totals", () => {
    const sum = run.byOperation.reduce((s, row) => s + row.requests, 0);
    expect(sum).toBe(run.requests.total);
    expect(run.slo.find((t) => t.operation === "checkout")?.actual).toBe(run.byOperation[0].availability);
  });
});

describe("reports by operation", () => {
  it("show a block in the text report", () => {
    const text = formatText(run);
    expect(text).toMatch(
      /By operation\n {2}checkout {2}write 20% {2}availability [\d.]+% of [\d,]+ requests · p50 [\d.]+ms · p99 [\d.]+ms · 0 writes lost\n {23}failures: dependency-failed [\d,]+\n {2}browse {4}read 80% {3}availability 100% of/,
    );
    expect(text).toMatch(/✗ checkout availability +[\d.]+% {2}target >= 99.9%/);
  });

  it("give the JSON report the rows and each target's operation", () => {
    const json = toJsonReport(run);
    expect(json.byOperation).toEqual(run.byOperation);
    expect(json.slo).toContainEqual(
      expect.objectContaining({
        name: "checkout availability",
        operation: "checkout",
        metric: "availability",
        pass: false,
      }),
    );
    // A whole-run target keeps its old shape.
    expect((json.slo as object[])[0]).toEqual({
      name: "availability",
      target: ">= 90%",
      actual: run.availability,
      pass: true,
    });
    const report = toCheckJson(check);
    expect(report.scenarios[0].targets.filter((t) => t.operation === "checkout").map((t) => t.pass)).toEqual([
      false,
      true,
    ]);
  });

  it("give Markdown a table with each operation's verdict", () => {
    const markdown = formatMarkdown(check);
    expect(markdown).toContain("### By operation");
    expect(markdown).toMatch(
      /\| checkout \| write 20% \| [\d.]+% \| [\d,]+ \| [\d.]+ms \| [\d.]+ms \| 0 \| ✗ 1 of 2 missed \|\n\| browse \| read 80% \| 100% \| 0 \| [\d.]+ms \| [\d.]+ms \| — \| ✓ 2 met \|/,
    );
    expect(markdown).toContain("slo `checkout availability`: measured");
  });

  it("give HTML a table with each operation's verdict", () => {
    const html = formatHtml(check);
    expect(html).toContain('<table class="operations">');
    expect(html).toMatch(/<tr class="fail"><td>checkout <span class="aside">write 20%<\/span><\/td>/);
    expect(html).toMatch(/<tr class="pass"><td>browse <span class="aside">read 80%<\/span><\/td>/);
    expect(html).toContain("1 of 2 missed");
  });

  it("give check's text a line per operation with targets, and JUnit a case per target", () => {
    const text = formatCheckText(check);
    expect(text).toMatch(/ {6}FAIL {2}checkout {2}availability +[\d.]+% {2}1\/2 of its targets/);
    expect(text).toMatch(/ {6}pass {2}browse {4}availability +100% {2}2\/2 of its targets/);
    expect(text).toMatch(/✗ shop: checkout availability [\d.]+% \(worst seed \d\), target >= 99.9%/);
    const junit = new XMLParser({ ignoreAttributes: false }).parse(formatJunit(check));
    const cases = junit.testsuites.testsuite.testcase as { "@_name": string; failure?: unknown }[];
    const failed = cases.filter((c) => c.failure !== undefined).map((c) => c["@_name"]);
    expect(failed).toEqual(["slo checkout availability >= 99.9%"]);
  });

  it("show nothing of it when the workload declares no operations", () => {
    const plain = buildPassingCheck();
    const result = plain.scenarios[0].runs[0];
    expect(result.byOperation).toEqual([]);
    expect(formatText(result)).not.toContain("By operation");
    expect(formatMarkdown(plain)).not.toContain("By operation");
    expect(formatHtml(plain)).not.toContain('class="operations"');
  });
});

describe("faultline check with a target on an operation", () => {
  let folder: ReturnType<typeof tempFolder>;
  beforeAll(() => {
    const shop = SHOP.replace("seeds: 2\n", "");
    // Fluid runs measure no latency: the same file without the latency target.
    folder = tempFolder({ "shop.yaml": shop, "shop-fluid.yaml": shop.replace(', latencyP99: "<= 200ms"', "") });
  });
  afterAll(() => folder.cleanup());

  it("exits 1 naming the operation, and 0 once the target is one it meets", async () => {
    const failing = await runCli(["check", folder.path("shop.yaml")]);
    expect(failing.code).toBe(1);
    expect(failing.stdout).toContain("✗ shop: checkout availability");
    const met = await runCli(["check", folder.path("shop.yaml"), "--set", 'slo.checkout.availability=">= 70%"']);
    expect(met.code).toBe(0);
  });

  it("judges it in the fluid fidelity too", async () => {
    const fluid = await runCli(["check", folder.path("shop-fluid.yaml"), "--fidelity", "fluid", "--format", "json"]);
    const report = JSON.parse(fluid.stdout);
    const target = report.scenarios[0].targets.find((t: { name: string }) => t.name === "checkout availability");
    // Fluid: exactly the share of time the gateway answered, 8 minutes of 10.
    expect(target.actual).toBeCloseTo(0.8, 9);
    expect(target.pass).toBe(false);
    expect(fluid.code).toBe(1);
  });
});

describe("a sweep with a target on an operation", () => {
  it("judges it over the runs in its own unit", () => {
    const scenario = loadScenario(SHOP.replace("seeds: 2\n", ""), "shop.yaml");
    const header = sweepHeader(scenario, 2, 2, "test");
    const sweep = aggregateSweep(
      header,
      [0, 1].map((r) => runSweepRun(scenario, header, r)),
    );
    const checkout = sweep.targets.find((t) => t.name === "checkout availability");
    expect(checkout).toMatchObject({ operation: "checkout", metric: "availability" });
    expect(checkout?.met.successes).toBe(0);
    expect(formatSweepText(sweep)).toMatch(/✗ checkout availability >= 99.9%: mean [\d.]+% \(95%: [\d.]+% – [\d.]+%\)/);
  });
});
