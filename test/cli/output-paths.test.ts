// Where reports may be written (ARCHITECTURE.md, "Inputs and files"; issue 13 class 6), through the CLI in-process: never
// over an input, whether named directly, through a symlink or through a hard link; never a folder
// or into a missing one; never two reports to one file; and each of these found before any
// simulation. The scenario used hits its event limit when simulated, so an answer that is not
// that limit's error shows the run never started.

import { execFileSync } from "node:child_process";
import { chmodSync, linkSync, lstatSync, mkdirSync, readFileSync, statSync, symlinkSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { runCli, TINY_YAML, tempFolder } from "./harness.js";

/**
 * Would stop at its event limit (exit 2, "reached its limit") if it were ever simulated: its
 * 3,000 requests fit the limit, which lets it past the estimate, but their events do not.
 */
const RUNAWAY_YAML = `${TINY_YAML}limits: { eventsMax: 4000 }\n`;
const SIMULATED = "reached its limit";
const STACK_FRAME = "    at ";

let folder: ReturnType<typeof tempFolder>;
let scenario: string;

beforeEach(() => {
  folder = tempFolder({ "runaway.yaml": RUNAWAY_YAML, "tiny.yaml": TINY_YAML, "notes.txt": "keep me\n" });
  scenario = folder.path("runaway.yaml");
});
afterEach(() => folder.cleanup());

/** Runs the CLI and checks the common shape of a refused output: exit 2, one line, nothing simulated. */
async function refused(argv: string[]): Promise<string> {
  const { code, stdout, stderr } = await runCli(argv);
  expect({ code, stdout }).toEqual({ code: 2, stdout: "" });
  expect(stderr).not.toContain(SIMULATED);
  expect(stderr).not.toContain(STACK_FRAME);
  expect(stderr.split("\n")).toHaveLength(2);
  return stderr;
}

describe("report paths", () => {
  describe.each([
    {
      command: "run --output",
      argv: (output: string) => ["run", scenario, "--output", output],
      label: (output: string) => `--output ${output}`,
    },
    {
      command: "check --format json=FILE",
      argv: (output: string) => ["check", scenario, "--format", `json=${output}`],
      label: (output: string) => `--format json=${output}`,
    },
    {
      command: "check --update-baseline",
      argv: (output: string) => ["check", scenario, "--baseline", output, "--update-baseline"],
      label: (output: string) => `--baseline ${output}`,
    },
  ])("$command", ({ argv, label }) => {
    it("refuses the scenario itself and leaves it unchanged", async () => {
      const stderr = await refused(argv(scenario));
      expect(stderr).toBe(
        `faultline: ${label(scenario)} is one of the input files; choose another name so your scenario is not overwritten\n`,
      );
      expect(readFileSync(scenario, "utf8")).toBe(RUNAWAY_YAML);
    });

    it("refuses a symlink to the scenario, naming the scenario", async () => {
      const link = folder.path("report.json");
      symlinkSync(scenario, link);
      const stderr = await refused(argv(link));
      expect(stderr).toContain(`is one of the input files (the same file as ${scenario})`);
      expect(readFileSync(scenario, "utf8")).toBe(RUNAWAY_YAML);
    });

    it("refuses a hard link to the scenario", async () => {
      const link = folder.path("report.json");
      linkSync(scenario, link);
      const stderr = await refused(argv(link));
      expect(stderr).toContain(`is one of the input files (the same file as ${scenario})`);
      expect(statSync(link).nlink).toBe(2);
      expect(readFileSync(scenario, "utf8")).toBe(RUNAWAY_YAML);
    });

    it("refuses a path through a symlinked folder that ends at the scenario", async () => {
      symlinkSync(folder.dir, folder.path("alias-dir"));
      const stderr = await refused(argv(folder.path("alias-dir/runaway.yaml")));
      expect(stderr).toContain("is one of the input files (the same file as");
    });

    it("refuses a folder", async () => {
      mkdirSync(folder.path("reports"));
      expect(await refused(argv(folder.path("reports")))).toMatch(/ is a folder; name a file inside it\n$/);
    });

    it("refuses a folder that does not exist, before simulating", async () => {
      const stderr = await refused(argv(folder.path("missing/report.json")));
      expect(stderr).toContain(`: the folder ${folder.path("missing")} does not exist; create it first`);
    });

    it("refuses a path under a file", async () => {
      const stderr = await refused(argv(folder.path("notes.txt/report.json")));
      expect(stderr).toContain(`: ${folder.path("notes.txt")} is not a folder`);
      expect(readFileSync(folder.path("notes.txt"), "utf8")).toBe("keep me\n");
    });
  });

  it("refuses two reports to one file, even through a symlink", async () => {
    symlinkSync(folder.path("report.xml"), folder.path("same.xml"));
    const stderr = await refused([
      "check",
      scenario,
      "--format",
      `junit=${folder.path("report.xml")}`,
      "--format",
      "md",
      "--output",
      folder.path("same.xml"),
    ]);
    expect(stderr).toContain(
      `--output ${folder.path("same.xml")} and --format junit=${folder.path("report.xml")} are the same file`,
    );
  });

  it("refuses a report over the baseline it compares with", async () => {
    const baseline = folder.path("baseline.json");
    expect((await runCli(["check", folder.path("tiny.yaml"), "--baseline", baseline, "--update-baseline"])).code).toBe(
      0,
    );
    const before = readFileSync(baseline, "utf8");
    const stderr = await refused(["check", scenario, "--baseline", baseline, "--format", `json=${baseline}`]);
    expect(stderr).toContain("so your baseline is not overwritten");
    expect(readFileSync(baseline, "utf8")).toBe(before);
  });

  it("reports a missing --baseline before simulating", async () => {
    const stderr = await refused(["check", scenario, "--baseline", folder.path("none.json")]);
    expect(stderr).toBe(
      `faultline: baseline ${folder.path("none.json")} does not exist; create it with --baseline ${folder.path("none.json")} --update-baseline\n`,
    );
  });

  it("never lets --update-baseline replace a file that is not a check report, such as another scenario", async () => {
    const other = folder.path("tiny.yaml");
    const stderr = await refused(["check", scenario, "--baseline", other, "--update-baseline"]);
    expect(stderr).toContain(`--baseline ${other} exists and is not a faultline check report`);
    expect(readFileSync(other, "utf8")).toBe(TINY_YAML);
  });

  it("replaces a previous report whole and keeps its permissions", async () => {
    const output = folder.path("report.json");
    writeFileSync(output, "an older report\n");
    chmodSync(output, 0o640);
    const { code } = await runCli(["run", folder.path("tiny.yaml"), "--format", "json", "--output", output]);
    expect(code).toBe(0);
    expect(JSON.parse(readFileSync(output, "utf8"))).toMatchObject({ schemaVersion: 1, seed: 3 });
    expect(statSync(output).mode & 0o777).toBe(0o640);
  });

  it("writes through a symlink to a report elsewhere, leaving the link in place", async () => {
    mkdirSync(folder.path("out"));
    const real = folder.path("out/report.json");
    writeFileSync(real, "old\n");
    symlinkSync(real, folder.path("latest.json"));
    const { code } = await runCli([
      "run",
      folder.path("tiny.yaml"),
      "--format",
      "json",
      "--output",
      folder.path("latest.json"),
    ]);
    expect(code).toBe(0);
    expect(JSON.parse(readFileSync(real, "utf8"))).toMatchObject({ seed: 3 });
    expect(statSync(folder.path("latest.json")).ino).toBe(statSync(real).ino);
  });

  it("writes through a pipe or a device instead of renaming over it (--output /dev/stdout, a FIFO)", () => {
    const root = fileURLToPath(new URL("../../", import.meta.url));
    const tiny = folder.path("tiny.yaml");
    const fifo = folder.path("fifo");
    execFileSync("mkfifo", [fifo]);
    const faultline = `'${process.execPath}' --import tsx src/cli/bin.ts run '${tiny}' --format json --output`;
    const shell = (script: string) => execFileSync("bash", ["-c", script], { cwd: root, encoding: "utf8" });
    // /dev/stdout is a symlink to the process's own descriptor, here a pipe.
    expect(JSON.parse(shell(`${faultline} /dev/stdout | cat`))).toMatchObject({ seed: 3 });
    // A reader drains the FIFO while faultline writes it.
    expect(JSON.parse(shell(`cat '${fifo}' & ${faultline} '${fifo}'; wait`))).toMatchObject({ seed: 3 });
    expect(lstatSync(fifo).isFIFO()).toBe(true);
  }, 60_000);
});
