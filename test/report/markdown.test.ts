// The Markdown summary: a verdict line, one table row per scenario, failing targets with their
// replay command, input errors and baseline changes, in tens of lines.

import { describe, expect, it } from "vitest";
import { formatMarkdown } from "../../src/report/markdown.js";
import { BROKEN_FILE, buildCheck, buildPassingCheck, IMPOSSIBLE_FILE } from "./fixture.js";

const result = buildCheck();
const markdown = formatMarkdown(result);
const lines = markdown.split("\n");

describe("Markdown report", () => {
  it("opens with the verdict and what made it", () => {
    expect(lines[0]).toBe("## ❌ faultline check failed");
    expect(lines[2]).toBe("**1 of 2 scenarios failed** · 3 runs · **3 input errors** · **1 baseline regression**");
  });

  it("has a table with one row per scenario, in check order", () => {
    const header = lines.findIndex((line) => line.startsWith("| Verdict | Scenario |"));
    expect(header).toBeGreaterThan(0);
    expect(lines[header + 1]).toMatch(/^\|(?:[-:]+\|)+$/);
    const rows: string[] = [];
    for (const line of lines.slice(header + 2)) {
      if (!line.startsWith("| ")) break;
      rows.push(line);
    }
    expect(rows).toHaveLength(result.scenarios.length);
    expect(rows[0]).toMatch(/^\| ✅ pass \| zone-outage \| 99\.\d+% \| 0s \(0\) \| \d+(\.\d+)?s \| /);
    expect(rows[1]).toMatch(/^\| ❌ fail \| impossible-latency \| 100% \| 0s \(0\) \| — \| — \| [\d.]+ms \| 7, 8 \|$/);
    // Every row has as many cells as the header.
    const cells = (line: string) => line.split(" | ").length;
    for (const row of rows) expect(cells(row)).toBe(cells(lines[header]));
  });

  it("names each failing target with its measured value, target, worst seed and replay command", () => {
    const target = result.scenarios[1].targets[1];
    const at = lines.findIndex((line) => line.includes("`latencyP99`"));
    expect(lines[at]).toContain(`measured **${target.actualText}**`);
    expect(lines[at]).toContain("target `<= 1ms`");
    expect(lines[at]).toContain(`worst seed ${target.worstSeed}`);
    expect(lines[at]).toContain(`\`${IMPOSSIBLE_FILE}:${target.position?.line}:${target.position?.column}\``);
    expect(lines[at + 1]).toBe(`  replay: \`faultline run ${IMPOSSIBLE_FILE} --seed ${target.worstSeed}\``);
    // Passing targets are not listed.
    expect(markdown).not.toContain("`availability`: measured");
  });

  it("lists input errors at file:line:col", () => {
    for (const issue of result.errors) {
      expect(lines).toContain(`- \`${issue.file}:${issue.line}:${issue.column}\` ${issue.message}`);
    }
    expect(markdown).toContain(`\`${BROKEN_FILE}:3:11\``);
  });

  it("shows baseline changes as before → after and names scenarios no longer run", () => {
    expect(markdown).toMatch(/\| zone-outage \| availability \| 99\.999% → 99\.\d+% \| ❌ regression \|/);
    expect(markdown).toMatch(/\| impossible-latency \| latencyP99Ms \| [\d.]+ms → [\d.]+ms \| ✅ better \|/);
    expect(markdown).toContain("In the baseline but not run: `retired-scenario`");
  });

  it("stays compact", () => {
    expect(lines.length).toBeLessThan(40);
  });

  it("says so when everything passed, without empty sections", () => {
    const passing = formatMarkdown(buildPassingCheck());
    expect(passing.split("\n")[0]).toBe("## ✅ faultline check passed");
    expect(passing).not.toMatch(/Failing targets|Input errors|Baseline/);
    expect(passing).not.toContain("\n\n\n");
  });

  it("escapes names that would break the table", () => {
    const tampered = { ...result, scenarios: result.scenarios.map((s) => ({ ...s, name: `a|b *c*` })) };
    const row = formatMarkdown(tampered)
      .split("\n")
      .find((line) => line.startsWith("| ✅ pass"));
    expect(row).toContain("| a\\|b \\*c\\* |");
  });
});
