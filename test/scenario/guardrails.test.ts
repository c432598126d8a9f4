// Guardrails (issue 13): valid designs that are most likely not what their author meant are
// warned about before the run, at the value that is suspicious, with what to write instead.
// Each is generated over its whole class, and its claim is held against what the run measures.

import { fc, test } from "@fast-check/vitest";
import { describe, expect, it } from "vitest";
import { formatCheckText, formatMarkdown, formatText } from "../../src/report/index.js";
import { type InputIssue, judgeScenario, loadScenario, runScenario } from "../../src/scenario/index.js";

interface CallOptions {
  distribution?: "constant" | "exponential" | "lognormal";
  meanMs?: number;
  timeoutMs?: number;
  retries?: string;
  errorRate?: string;
  slo?: string;
}

function scenario(options: CallOptions = {}): string {
  return `name: guard
duration: 5m
design:
  regions: [{ name: r, zones: [a] }]
  services:
    - name: api
      concurrency: 200
      serviceTime: { mean: 1ms }
      calls:
        - to: x
          timeout: ${options.timeoutMs ?? 500}ms
          retries: ${options.retries ?? "{ max: 0 }"}
  externals:
    - name: x
      latency: { distribution: ${options.distribution ?? "exponential"}, mean: ${options.meanMs ?? 20}ms, sigma: 0.5 }
      errorRate: ${options.errorRate ?? "0%"}
workload:
  clients: [{ region: r, service: api, rate: 100/s }]
${options.slo ?? 'slo: { availability: ">= 0%" }'}
`;
}

function warningsOf(yaml: string): InputIssue[] {
  return loadScenario(yaml, "guard.yaml").warnings;
}

/** 1-based line of the first line of `yaml` containing `needle`. */
const lineOf = (yaml: string, needle: string) => yaml.split("\n").findIndex((line) => line.includes(needle)) + 1;

describe("a call timeout below the dependency's typical latency", () => {
  test.prop(
    [
      fc.constantFrom("constant", "exponential", "lognormal" as const),
      fc.integer({ min: 1, max: 400 }),
      fc.integer({ min: 1, max: 400 }),
    ],
    { numRuns: 60 },
  )(
    "is a warning exactly when most calls would time out with no fault, at the timeout",
    (distribution, meanMs, timeoutMs) => {
      const yaml = scenario({ distribution, meanMs, timeoutMs });
      const warnings = warningsOf(yaml).filter((w) => w.message.startsWith("timeout"));
      // The median: the mean itself (constant), mean·ln 2 (exponential), mean·e^(−σ²/2) (lognormal, σ = 0.5).
      const median =
        distribution === "constant"
          ? meanMs
          : distribution === "exponential"
            ? meanMs * Math.LN2
            : meanMs * Math.exp(-0.125);
      if (Math.abs(timeoutMs - median) < 0.01 * median) return; // on the line either answer is right
      expect(warnings.length).toBe(timeoutMs < median ? 1 : 0);
      if (warnings.length === 0) return;
      expect(warnings[0]).toMatchObject({ line: lineOf(yaml, "timeout:"), severity: "warning" });
      expect(warnings[0].message).toMatch(
        /^timeout [\d.]+ms is below x's typical latency \(median [\d.]+m?s\): about \d+% of calls would time out with no fault at all; raise it to at least its p99/,
      );
    },
  );

  it("says the share of calls the run then sees time out", () => {
    const yaml = scenario({ distribution: "exponential", meanMs: 100, timeoutMs: 50 });
    const [warning] = warningsOf(yaml);
    const said = Number(/about (\d+)% of calls/.exec(warning.message)?.[1]);
    expect(said).toBe(61); // e^(−1/2)
    const run = runScenario(loadScenario(yaml, "guard.yaml"), { version: "test" });
    const external = run.externals[0];
    expect(external.timeouts / external.attempts).toBeCloseTo(0.61, 1);
  });
});

describe("an error rate written as a fraction where a percentage was likely meant", () => {
  test.prop([fc.double({ min: 0.0001, max: 1, noNaN: true }).map((x) => Number(x.toPrecision(3)))], { numRuns: 40 })(
    "is a warning for any bare number, saying both readings and how to write each",
    (value) => {
      const yaml = scenario({ errorRate: String(value) });
      const warnings = warningsOf(yaml).filter((w) => w.message.startsWith("errorRate"));
      expect(warnings).toHaveLength(1);
      expect(warnings[0].line).toBe(lineOf(yaml, "errorRate:"));
      expect(warnings[0].message).toContain(`if you meant ${value}%, write "${value}%"`);
    },
  );

  it.each(["0.5%", "50%", "0"])("is not a warning when written %s", (written) => {
    expect(warningsOf(scenario({ errorRate: written }))).toEqual([]);
  });

  it("covers the fault kinds' error rates and packet loss too", () => {
    const yaml = `${scenario()}faults:\n  - { kind: dependency-errors, dependency: x, errorRate: 0.5, at: 1m }\n  - { kind: packet-loss, between: [r, r/a], loss: 0.2, at: 1m }\n`;
    expect(warningsOf(yaml).map((w) => w.message.split(":")[0])).toEqual(["errorRate", "loss"]);
  });
});

describe("retries with a backoff far below the timeout", () => {
  test.prop([fc.integer({ min: 1, max: 10 }), fc.integer({ min: 1, max: 2000 }), fc.integer({ min: 100, max: 3000 })], {
    numRuns: 40,
  })("are a warning when the first wait is under 1% of the timeout, at the backoff", (max, backoffUs, timeoutMs) => {
    const yaml = scenario({ timeoutMs, retries: `{ max: ${max}, backoff: ${backoffUs}us }`, meanMs: 1 });
    const warnings = warningsOf(yaml).filter((w) => w.message.startsWith("retries"));
    expect(warnings.length).toBe(backoffUs < timeoutMs * 10 ? 1 : 0);
    if (warnings.length === 1) expect(warnings[0].message).toContain("far below the");
  });

  it("are not a warning without retries, or with the default backoff and timeout", () => {
    expect(warningsOf(scenario({ retries: "{ max: 0, backoff: 1us }" }))).toEqual([]);
    expect(warningsOf(scenario({ timeoutMs: 1000, retries: "{ max: 3 }" }))).toEqual([]);
  });
});

describe("a scenario with no targets", () => {
  it("is a warning, and its report says no targets rather than PASS", () => {
    const yaml = scenario({ slo: "" });
    const loaded = loadScenario(yaml, "guard.yaml");
    expect(loaded.warnings.map((w) => `${w.line}:${w.column} ${w.message}`)).toEqual([
      expect.stringMatching(/^1:7 no targets: the run reports what happened but judges nothing/),
    ]);
    const run = runScenario(loaded, { version: "test" });
    const text = formatText(run);
    expect(text.split("\n")[0]).toMatch(/^no targets {2}guard /);
    expect(text).not.toContain("PASS");
    const check = { version: "test", scenarios: [judgeScenario(loaded, [run])], errors: [], pass: true };
    const checkText = formatCheckText(check);
    expect(checkText).toMatch(/^---- {2}guard .*no targets · seed 1$/m);
    expect(checkText).toMatch(/1 scenario: 0 passed, 0 failed, 0 invalid, 1 with no targets/);
    expect(formatMarkdown(check)).toContain("➖ no targets");
  });
});
