// `--variant` and `extends:` through the CLI: validate checks every variant of a file, run
// applies one and its replay repeats it, and a file extends another beside it.

import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli, TINY_YAML, tempFolder } from "./harness.js";

const WITH_VARIANTS = `${TINY_YAML}variants:\n  wide:\n    design.services.api.concurrency: 16\n`;

let folder: ReturnType<typeof tempFolder>;

beforeAll(() => {
  folder = tempFolder({
    "tiny.yaml": WITH_VARIANTS,
    "broken-variant.yaml": `${WITH_VARIANTS}  bad:\n    design.services.api.concurrency: 0\n`,
    "child.yaml": "extends: tiny.yaml\nname: child\nduration: 30s\n",
  });
});
afterAll(() => folder.cleanup());

describe("variants and extends on the command line", () => {
  it("validate checks each variant: one that sets a bad value makes the file invalid, at the variant's line", async () => {
    const ok = await runCli(["validate", folder.path("tiny.yaml")]);
    expect(ok.code).toBe(0);
    expect(ok.stdout).toContain("(and its variant)");
    const file = folder.path("broken-variant.yaml");
    const broken = await runCli(["validate", file]);
    expect(broken.code).toBe(2);
    const line = WITH_VARIANTS.split("\n").length + 1; // the line after "  bad:"
    expect(broken.stderr.startsWith(`${file}:${line}:5: design.services[0].concurrency: `)).toBe(true);
  });

  it("run applies a variant, reports it and repeats it in the replay command", async () => {
    const { code, stdout } = await runCli(["run", folder.path("tiny.yaml"), "--variant", "wide", "--format", "json"]);
    expect(code).toBe(0);
    const report = JSON.parse(stdout);
    expect(report.scenario.variant).toBe("wide");
    expect(report.replay).toContain("--variant wide");
  });

  it("runs a file that extends another beside it, with the base's design and its own duration", async () => {
    const { code, stdout, stderr } = await runCli(["run", folder.path("child.yaml"), "--format", "json"]);
    expect(stderr).toBe("");
    expect(code).toBe(0);
    const report = JSON.parse(stdout);
    expect(report.scenario.name).toBe("child");
    expect(report.simulated.durationS).toBe(30);
  });

  it("never writes a report over a file the scenario extends (exit 2, the base intact)", async () => {
    const base = folder.path("tiny.yaml");
    const { code, stderr } = await runCli(["run", folder.path("child.yaml"), "--output", base]);
    expect(code).toBe(2);
    expect(stderr).toContain("choose another name so your base scenario is not overwritten");
    expect(readFileSync(base, "utf8")).toBe(WITH_VARIANTS);
  });
});
