// The command line in-process (README.md, "CLI"): exit codes 0 ok · 1 a target failed · 2 bad
// input, reports on stdout, located problems on stderr and never a stack trace.

import { readFileSync, writeFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { schemaText } from "../../src/cli/commands/schema.js";
import { readVersion } from "../../src/cli/version.js";
import { BROKEN_YAML, IMPOSSIBLE_YAML, runCli, TINY_YAML, tempFolder, VERSION } from "./harness.js";

const STACK_FRAME = "    at ";

let folder: ReturnType<typeof tempFolder>;
let tiny: string;

beforeAll(() => {
  folder = tempFolder({
    "tiny.yaml": TINY_YAML,
    "impossible.yaml": IMPOSSIBLE_YAML,
    "broken.yaml": BROKEN_YAML,
    // Its 3,000 requests fit 4,000 events (past the estimate), their completions do not.
    "runaway.yaml": `${TINY_YAML}limits: { eventsMax: 4000 }\n`,
    // Its 3,000 requests alone are more than 500 events: refused before it starts.
    "oversized.yaml": `${TINY_YAML}limits: { eventsMax: 500 }\n`,
  });
  tiny = folder.path("tiny.yaml");
});

afterAll(() => folder.cleanup());

interface JsonReport {
  schemaVersion: number;
  scenario: { name: string; file: string; hash: string };
  seed: number;
  traceHash: string;
  version: string;
  slo: { name: string; target: string; actual: number; pass: boolean }[];
  pass: boolean;
  replay: string;
}

async function runJson(...argv: string[]): Promise<JsonReport> {
  const result = await runCli(["run", ...argv, "--format", "json"]);
  expect(result.stderr).toBe("");
  return JSON.parse(result.stdout) as JsonReport;
}

describe("faultline run", () => {
  it("exits 0 and prints a plain-text report when every target is met", async () => {
    const { code, stdout, stderr } = await runCli(["run", tiny]);
    expect(code).toBe(0);
    expect(stderr).toBe("");
    expect(stdout.split("\n")[0]).toMatch(/^PASS\s+tiny\s+seed 3\b/);
    expect(stdout).toMatch(/✓ availability\s+\S+\s+target >= 99%/);
    expect(stdout).toContain(`replay: faultline run ${tiny} --seed 3`);
    expect(stdout).not.toContain("\u001b[");
  });

  it("exits 1 and names the failed target and the measured value", async () => {
    const file = folder.path("impossible.yaml");
    const { code, stdout } = await runCli(["run", file]);
    expect(code).toBe(1);
    expect(stdout.split("\n")[0]).toMatch(/^FAIL\s+tiny/);
    const measured = (await runJson(file)).slo.find((target) => target.name === "latencyP99");
    expect(measured).toMatchObject({ target: "<= 1ms", pass: false });
    expect(measured?.actual).toBeGreaterThan(1);
    expect(stdout).toMatch(new RegExp(`✗ latencyP99\\s+${measured?.actual}ms\\s+target <= 1ms`));
  });

  it("exits 2 on broken YAML with file:line:col on stderr and no stack trace", async () => {
    const file = folder.path("broken.yaml");
    const { code, stdout, stderr } = await runCli(["run", file]);
    expect(code).toBe(2);
    expect(stdout).toBe("");
    expect(stderr).toBe(
      `${file}:4:1: YAML syntax: Tabs are not allowed as indentation; indent with spaces, not tabs\n` +
        "1 problem found; fix it and run again\n",
    );
    expect(stderr).not.toContain(STACK_FRAME);
  });

  it("ends a run that hits its event limit with a clear error and exit 2, not a hang", async () => {
    const file = folder.path("runaway.yaml");
    const { code, stdout, stderr } = await runCli(["run", file]);
    expect(code).toBe(2);
    expect(stdout).toBe("");
    const [warning, error, end] = stderr.split("\n");
    expect(warning).toMatch(
      new RegExp(
        `^${file}:3:11: warning: this run will likely need about 6,\\d{3} events .*more than limits\\.eventsMax \\(4,000\\)`,
      ),
    );
    expect(error).toMatch(
      /^faultline: the run reached its limit of 4000 events at simulated time \d+\.\d{3}s; raise the scenario's limits\.eventsMax or shorten it$/,
    );
    expect(end).toBe("");
  });

  it("refuses up front a run whose requests alone pass its event limit, saying what fits", async () => {
    const file = folder.path("oversized.yaml");
    const { code, stdout, stderr } = await runCli(["run", file]);
    expect({ code, stdout }).toEqual({ code: 2, stdout: "" });
    expect(stderr).toBe(
      `${file}:3:11: duration: this run needs at least 3,006 events (3,000 requests over 60s at about 2 events each, and 6 periodic checks), more than limits.eventsMax (500): it would stop at the limit after running for a long time; shorten duration to 9s or less, lower the rates, or raise limits.eventsMax\n` +
        "1 problem found; fix it and run again\n",
    );
  });

  it("exits 2 on a missing file and says to check the path", async () => {
    const file = folder.path("no-such.yaml");
    const { code, stdout, stderr } = await runCli(["run", file]);
    expect(code).toBe(2);
    expect(stdout).toBe("");
    expect(stderr).toBe(`faultline: ${file}: no such file; check the path (scenarios live in scenarios/*.yaml)\n`);
  });

  it("exits 2 on a folder given as the scenario", async () => {
    const { code, stderr } = await runCli(["run", folder.dir]);
    expect(code).toBe(2);
    expect(stderr).toBe(`faultline: ${folder.dir}: is a folder; name a scenario file inside it\n`);
  });

  it.each(["abc", "-1", "1.5", "99999999999999999999"])(
    "exits 2 on --seed %s and says what a seed is",
    async (seed) => {
      const { code, stdout, stderr } = await runCli(["run", tiny, "--seed", seed]);
      expect(code).toBe(2);
      expect(stdout).toBe("");
      expect(stderr).toContain("--seed takes a whole number ≥ 0");
      expect(stderr).not.toContain(STACK_FRAME);
    },
  );

  it("exits 2 on an unknown option and names it", async () => {
    const { code, stdout, stderr } = await runCli(["run", tiny, "--bogus"]);
    expect(code).toBe(2);
    expect(stdout).toBe("");
    expect(stderr).toContain("unknown option '--bogus'");
    expect(stderr).toMatch(/^faultline: unknown option '--bogus' \(see faultline --help\)\n$/);
  });

  it("exits 2 with the help on stderr when no command is given", async () => {
    const { code, stdout, stderr } = await runCli([]);
    expect(code).toBe(2);
    expect(stdout).toBe("");
    expect(stderr).toContain("Usage: faultline");
  });

  it("exits 2 on an unknown --format and lists the formats", async () => {
    const { code, stdout, stderr } = await runCli(["run", tiny, "--format", "xml"]);
    expect(code).toBe(2);
    expect(stdout).toBe("");
    expect(stderr).toContain("'xml' is invalid");
    expect(stderr).toContain("text, json");
  });

  it("exits 2 on an unknown command", async () => {
    const { code, stderr } = await runCli(["rnu", tiny]);
    expect(code).toBe(2);
    expect(stderr).toContain("unknown command 'rnu'");
    expect(stderr).toContain("(Did you mean run?)");
  });

  it("prints a JSON report with the schema version, seed, trace hash and replay command", async () => {
    const report = await runJson(tiny);
    expect(report).toMatchObject({
      schemaVersion: 1,
      scenario: { name: "tiny", file: tiny },
      seed: 3,
      version: VERSION,
      pass: true,
      replay: `faultline run ${tiny} --seed 3`,
    });
    expect(report.traceHash).toMatch(/^[0-9a-f]{16}$/);
  });

  it("prints byte-identical JSON for the same file and seed", async () => {
    const first = await runCli(["run", tiny, "--format", "json"]);
    const second = await runCli(["run", tiny, "--format", "json"]);
    expect(first.code).toBe(0);
    expect(second.stdout).toBe(first.stdout);
  });

  it("changes the trace with --seed and puts the seed in the replay command", async () => {
    const base = await runJson(tiny);
    const seven = await runJson(tiny, "--seed", "7");
    expect(seven.seed).toBe(7);
    expect(seven.traceHash).not.toBe(base.traceHash);
    expect(seven.replay).toBe(`faultline run ${tiny} --seed 7`);
  });

  it("writes the report to --output instead of stdout", async () => {
    const output = folder.path("report.json");
    const { code, stdout, stderr } = await runCli(["run", tiny, "--format", "json", "--output", output]);
    expect(code).toBe(0);
    expect(stdout).toBe("");
    expect(stderr).toBe(`wrote ${output} (pass)\n`);
    expect(JSON.parse(readFileSync(output, "utf8"))).toMatchObject({ schemaVersion: 1, seed: 3 });
  });

  it("refuses to write --output over the scenario file and leaves it unchanged", async () => {
    const { code, stdout, stderr } = await runCli(["run", tiny, "--output", tiny]);
    expect(code).toBe(2);
    expect(stdout).toBe("");
    expect(stderr).toBe(
      `faultline: --output ${tiny} is one of the input files; choose another name so your scenario is not overwritten\n`,
    );
    expect(readFileSync(tiny, "utf8")).toBe(TINY_YAML);
  });

  it("verifies determinism with --verify and says so", async () => {
    const { code, stdout, stderr } = await runCli(["run", tiny, "--verify"]);
    expect(code).toBe(0);
    const { traceHash } = await runJson(tiny);
    expect(stderr).toBe(`verified: two runs gave trace ${traceHash}\n`);
    expect(stdout).toMatch(/^PASS/);
  });
});

describe("faultline validate", () => {
  it("exits 2 on a folder with a good and a bad file and lists both", async () => {
    const mixed = tempFolder({ "good.yaml": TINY_YAML, "bad.yaml": BROKEN_YAML, "notes.txt": "not a scenario" });
    try {
      const { code, stdout, stderr } = await runCli(["validate", mixed.dir]);
      expect(code).toBe(2);
      expect(stdout).toBe(
        `invalid  ${mixed.path("bad.yaml")}\nok       ${mixed.path("good.yaml")}\n1 valid, 1 invalid\n`,
      );
      expect(stderr).toBe(
        `${mixed.path("bad.yaml")}:4:1: YAML syntax: Tabs are not allowed as indentation; indent with spaces, not tabs\n`,
      );
    } finally {
      mixed.cleanup();
    }
  });

  it("exits 0 when every file is valid", async () => {
    const { code, stdout, stderr } = await runCli(["validate", tiny]);
    expect(code).toBe(0);
    expect(stdout).toBe(`ok       ${tiny}\n1 valid, 0 invalid\n`);
    expect(stderr).toBe("");
  });

  it("exits 2 on a path that does not exist", async () => {
    const missing = folder.path("nowhere");
    const { code, stderr } = await runCli(["validate", missing]);
    expect(code).toBe(2);
    expect(stderr).toBe(`faultline: ${missing}: no such file or folder\n`);
  });
});

describe("warnings and --strict", () => {
  const warned = () => folder.path("runaway.yaml");
  const WARNING = /:3:11: warning: this run will likely need about 6,\d{3} events/;

  it("validate prints a file's warnings on stderr and still calls it ok", async () => {
    const { code, stdout, stderr } = await runCli(["validate", warned()]);
    expect({ code, stdout }).toEqual({ code: 0, stdout: `ok       ${warned()}\n1 valid, 0 invalid\n` });
    expect(stderr).toMatch(WARNING);
  });

  it("validate --strict calls a file with warnings invalid (exit 2)", async () => {
    const { code, stdout, stderr } = await runCli(["validate", "--strict", warned()]);
    expect({ code, stdout }).toEqual({ code: 2, stdout: `invalid  ${warned()}\n0 valid, 1 invalid\n` });
    expect(stderr).toMatch(WARNING);
  });

  it("run --strict refuses to start a run with warnings (exit 2, nothing simulated)", async () => {
    const { code, stdout, stderr } = await runCli(["run", "--strict", warned()]);
    expect({ code, stdout }).toEqual({ code: 2, stdout: "" });
    expect(stderr).toMatch(WARNING);
    expect(stderr).not.toContain("reached its limit");
    expect(stderr).toMatch(/1 problem found; fix it and run again\n$/);
  });

  it("check --strict reports a scenario with warnings as an input error and runs the others", async () => {
    const { code, stdout } = await runCli(["check", "--strict", "--workers", "1", "--no-progress", tiny, warned()]);
    expect(code).toBe(2);
    expect(stdout).toMatch(/^PASS {2}tiny /m);
    expect(stdout).toMatch(new RegExp(`^ERROR ${warned()}: 1 input error$`, "m"));
  });
});

describe("hostile YAML through every command", () => {
  const bomb = `${TINY_YAML}lol: &l0 [a, a, a, a, a, a, a, a, a, a]
${Array.from({ length: 8 }, (_, i) => `l${i + 1}: &l${i + 1} [${Array(10).fill(`*l${i}`).join(", ")}]`).join("\n")}
`;
  const unresolved = TINY_YAML.replace("rate: 50/s", "rate: *rate");

  it.each([
    ["run", "an alias bomb", bomb, /:\d+:\d+: YAML aliases expand this file past 100000 values at \*l\d /],
    ["validate", "an alias bomb", bomb, /:\d+:\d+: YAML aliases expand this file past 100000 values at \*l\d /],
    ["check", "an alias bomb", bomb, /:\d+:\d+: YAML aliases expand this file past 100000 values at \*l\d /],
    ["run", "an unresolved alias", unresolved, /:16:13: YAML alias \*rate names no anchor set before it/],
    ["check", "an unresolved alias", unresolved, /:16:13: YAML alias \*rate names no anchor set before it/],
  ])("%s exits 2 on %s with file:line:col and no stack trace", async (command, _what, yaml, message) => {
    const hostile = tempFolder({ "hostile.yaml": yaml });
    try {
      const { code, stdout, stderr } = await runCli([command, hostile.path("hostile.yaml")]);
      expect(code).toBe(2);
      expect(`${stdout}${stderr}`).toMatch(new RegExp(`${hostile.path("hostile.yaml")}${message.source}`));
      expect(stderr).not.toContain("ReferenceError");
      expect(stderr).not.toContain("internal error");
      expect(stderr).not.toContain(STACK_FRAME);
    } finally {
      hostile.cleanup();
    }
  });
});

describe("input that is not UTF-8", () => {
  // "café" with its "é" in Latin-1 (0xE9) on line 2, after a line with a two-byte UTF-8 "ü".
  const latin1 = Buffer.concat([
    Buffer.from("# Zürich\ndescription: caf", "utf8"),
    Buffer.from([0xe9]),
    Buffer.from(`\n${TINY_YAML}`, "utf8"),
  ]);
  const offset = Buffer.byteLength("# Zürich\ndescription: caf", "utf8");
  const expected = (file: string) =>
    `${file}:2:17: not UTF-8: byte 0xE9 at byte offset ${offset} does not start a valid UTF-8 character (bytes here: 0xE9 0x0A 0x6E 0x61); save the file as UTF-8 (it may be Latin-1 or Windows-1252)\n`;

  it.each(["run", "validate"])("%s exits 2 with an encoding error at the byte, line and column", async (command) => {
    const folder = tempFolder({});
    const file = folder.path("latin1.yaml");
    writeFileSync(file, latin1);
    try {
      const { code, stderr } = await runCli([command, file]);
      expect(code).toBe(2);
      expect(stderr.startsWith(expected(file))).toBe(true);
      expect(stderr).not.toContain("YAML syntax");
      expect(stderr).not.toContain(STACK_FRAME);
    } finally {
      folder.cleanup();
    }
  });
});

describe("faultline schema", () => {
  it("prints the JSON Schema of scenario files", async () => {
    const { code, stdout, stderr } = await runCli(["schema"]);
    expect(code).toBe(0);
    expect(stderr).toBe("");
    expect(stdout).toBe(schemaText());
    const schema = JSON.parse(stdout) as { type: string; required: string[] };
    expect(schema.type).toBe("object");
    expect(schema.required).toEqual(expect.arrayContaining(["name", "duration", "design", "workload"]));
  });
});

describe("faultline help and version", () => {
  it("exits 0 on --help and lists run, validate and schema", async () => {
    const { code, stdout } = await runCli(["--help"]);
    expect(code).toBe(0);
    expect(stdout).toContain("Usage: faultline");
    for (const command of ["run", "validate", "schema"]) expect(stdout).toMatch(new RegExp(`^  ${command}\\b`, "m"));
  });

  it("exits 0 on run --help and explains the exit codes", async () => {
    const { code, stdout } = await runCli(["run", "--help"]);
    expect(code).toBe(0);
    expect(stdout).toContain("--seed <n>");
    expect(stdout).toContain("Exit codes: 0 all targets met · 1 an SLO target or expectation failed · 2 bad input");
  });

  it("prints the version it was given on --version", async () => {
    const { code, stdout } = await runCli(["--version"]);
    expect(code).toBe(0);
    expect(stdout).toBe(`${VERSION}\n`);
  });

  it("reads the version from package.json", async () => {
    const pkg = JSON.parse(readFileSync("package.json", "utf8")) as { version: string };
    expect(readVersion()).toBe(pkg.version);
  });
});
