// `faultline compare`: exit codes and output, over the shipped scenario with variants, two files,
// and the input errors (a missing variant section, one file alone, an error in a variant).

import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli, TINY_YAML, tempFolder } from "./harness.js";

const MODES = "scenarios/region-outage-replica-modes.yaml";

let folder: ReturnType<typeof tempFolder>;

beforeAll(() => {
  folder = tempFolder({
    "tiny.yaml": TINY_YAML,
    "wider.yaml": TINY_YAML.replace("name: tiny", "name: wider").replace("concurrency: 8", "concurrency: 16"),
    "longer.yaml": TINY_YAML.replace("name: tiny", "name: longer").replace("duration: 60s", "duration: 120s"),
    "typo.yaml": `${TINY_YAML}variants:\n  more:\n    design.services.api.concurency: 16\n`,
    "priced.yaml": `${TINY_YAML}cost: { table: example-aws-2024 }\nvariants:\n  three:\n    design.services.api.instancesPerZone: 3\n`,
  });
});
afterAll(() => folder.cleanup());

describe("faultline compare", () => {
  it("prices designs with a cost: section, and says what a nine costs (text) and draws them against it (HTML)", async () => {
    const html = folder.path("priced.html");
    const args = ["compare", folder.path("priced.yaml"), "--variants", "--runs", "3", "--workers", "1"];
    const { code, stdout } = await runCli([...args, "--no-progress", "--format", "text", "--format", `html=${html}`]);
    expect(code).toBe(0);
    // Three instances cost three times one: the infrastructure row's difference is the instances'.
    expect(stdout).toMatch(/infrastructure per month \(lower is better\): winner tiny/);
    expect(stdout).toContain("What a nine costs");
    // Nothing fails in either: the same (infinite) nines, and the dearer design is dominated.
    expect(stdout).toMatch(
      / {2}tiny {2,}no failure seen \(100%\) {2}\$[\d,.]+\/month {2}on the front \(the cheapest\)/,
    );
    expect(stdout).toMatch(/ {2}three {2,}no failure seen \(100%\) {2}\$[\d,.]+\/month {2}dominated/);
    const page = readFileSync(html, "utf8");
    expect(page).toContain('<svg class="pareto"');
    expect(page.match(/<circle /g)).toHaveLength(2);
  });

  it("compares a file's variants on the same seeds: exit 0, JSON with the paired differences", async () => {
    const { code, stdout, stderr } = await runCli([
      "compare",
      MODES,
      "--variants",
      "--runs",
      "3",
      "--workers",
      "1",
      "--no-progress",
      "--format",
      "json",
    ]);
    expect(stderr).toBe("");
    expect(code).toBe(0);
    const result = JSON.parse(stdout);
    expect(result.kind).toBe("faultline.compare");
    expect(result.designs.map((d: { label: string }) => d.label)).toEqual([
      "region-outage-replica-modes",
      "strict-sync-beside",
      "sync-or-skip-across",
    ]);
    const row = (key: string) => result.rows.find((r: { key: string }) => r.key === key);
    // Both synchronous variants lose nothing where async lost writes: a significant difference.
    const lost = row("lostWrites");
    expect(lost.designs[0].mean).toBeGreaterThan(0);
    for (const difference of lost.differences.slice(1))
      expect(difference).toMatchObject({ significant: true, direction: "better" });
    // Strict sync beside the primary keeps the database down for the outage: availability falls.
    expect(row("availability").differences[1]).toMatchObject({ significant: true, direction: "worse" });
  });

  it("names, per design, the sweep that repeats its runs: the same scenario hash and traces", async () => {
    const args = ["--runs", "3", "--workers", "1", "--no-progress", "--format", "json"];
    const compared = JSON.parse((await runCli(["compare", MODES, "--variants", ...args])).stdout);
    const design = compared.designs[1];
    expect(design.variant).toBe("strict-sync-beside");
    const swept = await runCli(["sweep", MODES, "--variant", design.variant, "--fidelity", "fluid", ...args]);
    const sweep = JSON.parse(swept.stdout);
    expect(sweep.header.scenario.hash).toBe(design.hash);
    expect(sweep.tracesDigest).toBe(design.tracesDigest);
  });

  it("prints a side-by-side text report of two files, and writes Markdown and HTML files", async () => {
    const md = folder.path("out.md");
    const html = folder.path("out.html");
    const { code, stdout, stderr } = await runCli([
      "compare",
      folder.path("tiny.yaml"),
      folder.path("wider.yaml"),
      "--fidelity",
      "request",
      "--runs",
      "2",
      "--workers",
      "1",
      "--no-progress",
      "--format",
      "text",
      "--format",
      `md=${md}`,
      "--format",
      `html=${html}`,
    ]);
    expect(code).toBe(0);
    expect(stdout).toContain("faultline compare: tiny vs wider");
    expect(stdout).toMatch(/latency p99 \(lower is better\): winner /);
    expect(stdout).toMatch(/\n {2}wider +[\d.]+ms +\[.*\] +vs tiny: /);
    expect(stderr).toContain(`wrote md report ${md}`);
    expect(readFileSync(md, "utf8")).toContain("| figure | tiny | wider | winner |");
    expect(readFileSync(html, "utf8")).toContain("<h2>Against tiny: paired differences over the same seeds</h2>");
  });

  it("refuses one file without --variants, and --variants on a file without variants (exit 2)", async () => {
    const alone = await runCli(["compare", folder.path("tiny.yaml")]);
    expect(alone.code).toBe(2);
    expect(alone.stderr).toContain("give two scenario files or more to compare, or one file with --variants");
    const none = await runCli(["compare", folder.path("tiny.yaml"), "--variants"]);
    expect(none.code).toBe(2);
    expect(none.stderr).toContain("lists no variants");
    const unlike = await runCli(["compare", folder.path("tiny.yaml"), folder.path("longer.yaml"), "--no-progress"]);
    expect(unlike.code).toBe(2);
    expect(unlike.stderr).toContain("the designs run for different lengths (60s, 120s)");
  });

  it("reports an error in a variant at the variant's line with did you mean, and runs nothing (exit 2)", async () => {
    const file = folder.path("typo.yaml");
    const { code, stdout, stderr } = await runCli(["compare", file, "--variants", "--no-progress"]);
    expect(code).toBe(2);
    expect(stdout).toBe("");
    const line =
      readFileSync(file, "utf8")
        .split("\n")
        .findIndex((l) => l.includes("concurency")) + 1;
    expect(stderr).toContain(
      `${file}:${line}:5: variant more: design.services.api.concurency: unknown key "concurency"; did you mean concurrency?`,
    );
  });
});
