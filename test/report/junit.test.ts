// The JUnit report must parse in CI systems and its counts must match the check it reports.

import { XMLParser, XMLValidator } from "fast-xml-parser";
import { describe, expect, it } from "vitest";
import { formatJunit } from "../../src/report/junit.js";
import type { CheckResult } from "../../src/scenario/index.js";
import { BROKEN_FILE, buildCheck, IMPOSSIBLE_FILE, ZONE_OUTAGE_FILE } from "./fixture.js";

interface Outcome {
  message: string;
  type?: string;
  "#text"?: string;
}
interface TestCase {
  name: string;
  classname: string;
  file?: string;
  line?: string;
  failure?: Outcome;
  error?: Outcome;
  skipped?: Outcome;
}
interface Suite {
  name: string;
  tests: string;
  failures: string;
  errors: string;
  skipped: string;
  testcase: TestCase[];
}
interface Report {
  testsuites: { tests: string; failures: string; errors: string; skipped: string; testsuite: Suite[] };
}

function parse(xml: string): Report {
  const parser = new XMLParser({
    ignoreAttributes: false,
    attributeNamePrefix: "",
    parseAttributeValue: false,
    htmlEntities: true,
    isArray: (name) => name === "testsuite" || name === "testcase" || name === "property",
  });
  return parser.parse(xml) as Report;
}

const result = buildCheck();
const xml = formatJunit(result);
const report = parse(xml).testsuites;
const suite = (name: string) => {
  const found = report.testsuite.find((s) => s.name === name);
  if (!found) throw new Error(`no testsuite named ${name}`);
  return found;
};

describe("JUnit report", () => {
  it("is well-formed XML with a declaration and one <testsuites> root", () => {
    expect(XMLValidator.validate(xml)).toBe(true);
    expect(xml.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n<testsuites ')).toBe(true);
  });

  it("has one suite per scenario, then one per file with input errors, then the baseline", () => {
    expect(report.testsuite.map((s) => s.name)).toEqual(["zone-outage", "impossible-latency", BROKEN_FILE, "baseline"]);
  });

  it("has one test case per target, named by kind, metric and target, classed by the scenario file", () => {
    const zone = suite("zone-outage").testcase;
    expect(zone.map((c) => c.name)).toEqual(["slo availability >= 99%", "slo rto <= 2m", "expectation incidents <= 1"]);
    expect(zone.every((c) => c.classname === ZONE_OUTAGE_FILE && c.file === ZONE_OUTAGE_FILE)).toBe(true);
    expect(zone.map((c) => c.line)).toEqual(result.scenarios[0].targets.map((t) => String(t.position?.line)));
    expect(suite("impossible-latency").testcase.map((c) => c.name)).toEqual([
      "slo availability >= 99.9%",
      "slo latencyP99 <= 1ms",
    ]);
  });

  it("counts tests, failures, errors and skipped exactly, per suite and in total", () => {
    const targets = result.scenarios.flatMap((s) => s.targets);
    const baseline = result.baseline;
    if (!baseline) throw new Error("the fixture compares with a baseline");
    const expected = {
      tests: targets.length + result.errors.length + baseline.changes.length + baseline.missing.length,
      failures: targets.filter((t) => !t.pass).length + baseline.regressions,
      errors: result.errors.length,
      skipped: baseline.missing.length + baseline.added.length,
    };
    expect(expected).toEqual({ tests: 11, failures: 2, errors: 3, skipped: 1 });
    const { tests, failures, errors, skipped } = report;
    expect({ tests, failures, errors, skipped }).toEqual({
      tests: String(expected.tests),
      failures: String(expected.failures),
      errors: String(expected.errors),
      skipped: String(expected.skipped),
    });
    for (const s of report.testsuite) {
      const count = (key: "failure" | "error" | "skipped") => String(s.testcase.filter((c) => c[key]).length);
      expect([s.tests, s.failures, s.errors, s.skipped], s.name).toEqual([
        String(s.testcase.length),
        count("failure"),
        count("error"),
        count("skipped"),
      ]);
    }
  });

  it("fails a broken target with the measured value, the target, the worst seed and the replay command", () => {
    const target = result.scenarios[1].targets[1];
    expect(target.pass).toBe(false);
    const failing = suite("impossible-latency").testcase.find((c) => c.failure);
    const replay = `faultline run ${IMPOSSIBLE_FILE} --seed ${target.worstSeed}`;
    expect(failing?.name).toBe("slo latencyP99 <= 1ms");
    for (const text of [failing?.failure?.message, failing?.failure?.["#text"]]) {
      expect(text).toContain(target.actualText);
      expect(text).toContain("<= 1ms");
      expect(text).toContain(`${target.worstSeed}`);
      expect(text).toContain(replay);
    }
    expect(failing?.failure?.["#text"]).toContain(`worst seed: ${target.worstSeed} (${target.worstActualText})`);
    expect(failing?.failure?.type).toBe("slo");
  });

  it("reports each input error as an <error> test case carrying file:line:col", () => {
    const cases = suite(BROKEN_FILE).testcase;
    expect(cases).toHaveLength(result.errors.length);
    cases.forEach((c, i) => {
      const issue = result.errors[i];
      expect(c.error?.message).toBe(`${issue.file}:${issue.line}:${issue.column}: ${issue.message}`);
      expect(c.name).toBe(`input ${issue.file}:${issue.line}:${issue.column}`);
      expect(c.failure).toBeUndefined();
    });
  });

  it("fails each baseline regression in the baseline suite and skips scenarios no longer run", () => {
    const cases = suite("baseline").testcase;
    const regression = cases.find((c) => c.name === "zone-outage availability");
    expect(regression?.failure?.message).toMatch(/^availability regressed: 99\.999% → 99\.\d+% \(tolerance 10%\)$/);
    expect(cases.find((c) => c.name === "impossible-latency latencyP99Ms")?.failure).toBeUndefined();
    expect(cases.find((c) => c.name === "retired-scenario not run")?.skipped).toBeDefined();
  });

  it("escapes markup and replaces characters XML cannot carry", () => {
    const hostile = "a <b> & \"c\" 'd' ]]> \u0001 \uFFFF \uD800";
    const tampered: CheckResult = {
      ...result,
      scenarios: result.scenarios.map((s) => ({ ...s, name: `${s.name} ${hostile}` })),
      errors: [{ file: `${BROKEN_FILE}&<x>`, line: 1, column: 2, message: `tab\there\nnew line ${hostile}` }],
    };
    const out = formatJunit(tampered);
    expect(XMLValidator.validate(out)).toBe(true);
    expect(out).not.toContain("<b>");
    const parsed = parse(out).testsuites;
    // The parser decodes entities: markup round-trips; what XML cannot hold reads as \uXXXX.
    expect(parsed.testsuite[0].name).toBe("zone-outage a <b> & \"c\" 'd' ]]> \\u0001 \\uffff \\ud800");
    const error = parsed.testsuite[2].testcase[0].error;
    expect(error?.message).toContain(`${BROKEN_FILE}&<x>:1:2: tab\there\nnew line a <b>`);
  });

  it("counts a passing scenario without failures and writes no wall-clock time", () => {
    expect(suite("zone-outage").failures).toBe("0");
    expect(xml).not.toMatch(/timestamp=|hostname=/);
    expect([...xml.matchAll(/ time="([^"]*)"/g)].every((match) => match[1] === "0")).toBe(true);
  });
});
