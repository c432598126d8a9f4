// `faultline explore` on the command line: findings written as scenario files that replay, never
// over an existing file; the report formats; bad input is exit 2.

import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { ONE_REGION_YAML } from "../explore/fixtures.js";
import { IMPOSSIBLE_YAML, runCli, tempFolder } from "./harness.js";

describe("faultline explore", () => {
  const folders: { cleanup: () => void }[] = [];
  afterEach(() => {
    for (const folder of folders.splice(0)) folder.cleanup();
  });
  const folder = () => {
    const made = tempFolder({ "one-region.yaml": ONE_REGION_YAML });
    folders.push(made);
    return made;
  };

  it("writes each finding as a scenario that breaks its target when replayed, and exits 1", async () => {
    const dir = folder();
    const out = join(dir.dir, "found");
    const { code, stdout, stderr } = await runCli([
      "explore",
      dir.path("one-region.yaml"),
      "--runs",
      "4",
      "--out",
      out,
    ]);
    expect(stderr).toMatch(/wrote \d+ findings? to /);
    expect(code).toBe(1);
    expect(stdout).toMatch(/- \d+ single points? of failure/);
    expect(stdout).toMatch(/region us-east: breaks availability/);
    const replay = /replay: (faultline run \S+ --seed 4 --fidelity auto)/.exec(stdout)?.[1] as string;
    expect(replay).toBeDefined();
    const argv = replay.split(" ").slice(1);
    expect(existsSync(argv[1])).toBe(true);
    const run = await runCli([...argv, "--format", "json"]);
    expect(run.code).toBe(1);
    expect(JSON.parse(run.stdout).slo[0]).toMatchObject({ name: "availability", pass: false });
  });

  it("gives the same report on one worker or two (the single and pair phase runs on the pool)", async () => {
    const dir = folder();
    const report = async (workers: string) => {
      const out = join(dir.dir, `w${workers}`);
      const args = ["explore", dir.path("one-region.yaml"), "--runs", "6", "--workers", workers, "--out", out];
      const { stdout } = await runCli([...args, "--no-progress", "--format", "json"]);
      return stdout.replaceAll(out, "OUT");
    };
    const one = await report("1");
    const two = await report("2");
    expect(JSON.parse(two).runs).toBeGreaterThan(0);
    expect(two).toBe(one);
  });

  it("writes --set overrides into the findings' files and repeats them in the replay command", async () => {
    const dir = folder();
    const out = join(dir.dir, "found");
    const set = "design.services.api.instancesPerZone=3";
    const { stdout } = await runCli([
      "explore",
      dir.path("one-region.yaml"),
      "--runs",
      "0",
      "--set",
      set,
      "--out",
      out,
      "--format",
      "json",
    ]);
    const json = JSON.parse(stdout);
    expect(json.replay).toContain(`--set ${set}`);
    expect(json.domains.filter((d: { scope: string }) => d.scope === "node")).toHaveLength(6);
    const text = readFileSync(json.findings[0].file, "utf8");
    expect(text).toMatch(/instancesPerZone: 3/);
    expect(text).toContain(`# Written in from the command line: --set ${set}`);
  });

  it("never writes over a file already in --out: the finding takes a suffix", async () => {
    const dir = folder();
    const out = join(dir.dir, "found");
    await runCli(["explore", dir.path("one-region.yaml"), "--runs", "0", "--out", out]);
    const first = join(out, "one-region-finding-1.yaml");
    writeFileSync(first, "# mine\n");
    await runCli(["explore", dir.path("one-region.yaml"), "--runs", "0", "--out", out]);
    expect(readFileSync(first, "utf8")).toBe("# mine\n");
    expect(readdirSync(out)).toContain("one-region-finding-1-2.yaml");
  });

  it("renders JSON, Markdown and HTML with the pair heat map", async () => {
    const dir = folder();
    const args = ["explore", dir.path("one-region.yaml"), "--runs", "0", "--out", join(dir.dir, "f"), "--no-progress"];
    const json = JSON.parse((await runCli([...args, "--format", "json"])).stdout);
    expect(json.kind).toBe("explore");
    expect(json.spof.singlePoints.map((s: { domain: string }) => s.domain)).toContain("region us-east");
    const domains = json.domains.length;
    expect(json.spof.matrix.budgetUsed).toHaveLength(domains);
    const md = (await runCli([...args, "--format", "md"])).stdout;
    expect(md).toMatch(/^# faultline explore: one-region/);
    expect(md).toMatch(/\| region us-east \| breaks availability/);
    const html = (await runCli([...args, "--format", "html"])).stdout;
    expect(html).toMatch(/error budget consumed/);
    // One row per domain, one cell per domain in each.
    const rows = html.match(/<tr><th>\d+\. /g) ?? [];
    expect(rows).toHaveLength(domains);
    expect((html.match(/<td class="num"/g) ?? []).length).toBe(domains * domains);
  });

  it("stops the wider search when --time is up, by the clock it is given, and says so", async () => {
    const dir = folder();
    let nowMs = 0;
    // Each reading of the clock moves it on by a second: a 5 s budget lasts a few steps.
    const clock = () => (nowMs += 1000);
    const args = ["explore", dir.path("one-region.yaml"), "--runs", "500", "--time", "5s", "--out", join(dir.dir, "f")];
    const { stdout } = await runCli([...args, "--no-progress", "--format", "json"], {}, clock);
    const json = JSON.parse(stdout);
    expect(json.search.stoppedEarly).toBe(true);
    expect(json.search.steps).toBeGreaterThan(0);
    expect(json.search.steps).toBeLessThan(10);
  });

  it("says there is nothing to explore when a target breaks with no fault at all, and exits 1", async () => {
    const dir = folder();
    writeFileSync(dir.path("impossible.yaml"), IMPOSSIBLE_YAML);
    const { code, stdout } = await runCli(["explore", dir.path("impossible.yaml"), "--out", join(dir.dir, "f")]);
    expect(code).toBe(1);
    expect(stdout).toMatch(
      /the design breaks a target with no fault at all \(breaks latencyP99 .*\): nothing to explore/,
    );
    expect(stdout).not.toMatch(/Single points of failure|Findings/);
    expect(stdout).toMatch(/wider search: 0 schedules drawn/);
    expect(existsSync(join(dir.dir, "f"))).toBe(false);
  });

  it("exits 2 naming the file, line and column on a bad scenario, and on a bad --time", async () => {
    const dir = folder();
    writeFileSync(dir.path("bad.yaml"), ONE_REGION_YAML.replace("instancesPerZone: 2", "instancesPerZone: lots"));
    const bad = await runCli(["explore", dir.path("bad.yaml"), "--out", join(dir.dir, "f")]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/bad\.yaml:\d+:\d+/);
    writeFileSync(dir.path("no-slo.yaml"), ONE_REGION_YAML.replace(/\nslo:[\s\S]*$/, "\n"));
    const noSlo = await runCli(["explore", dir.path("no-slo.yaml"), "--out", join(dir.dir, "f")]);
    expect(noSlo.code).toBe(2);
    expect(noSlo.stderr).toMatch(/no-slo\.yaml has no slo: targets, so nothing can break/);
    const time = await runCli(["explore", dir.path("one-region.yaml"), "--time", "soon"]);
    expect(time.code).toBe(2);
    expect(time.stderr).toMatch(/--time takes a duration/);
  });
});
