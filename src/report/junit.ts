// The JUnit XML check report for CI systems (GitHub test reporters, GitLab, Jenkins): one suite
// per scenario, one test case per target; input errors and baseline regressions get suites too.

import type { BaselineComparison, CheckResult, InputIssue, ScenarioVerdict, TargetVerdict } from "../scenario/index.js";
import { formatIssue, issuePlace } from "../scenario/index.js";
import { formatBaselineChange } from "./baseline-values.js";
import { formatPercent } from "./format.js";
import { targetReplay } from "./markdown.js";

interface TestCase {
  name: string;
  classname: string;
  file?: string;
  line?: number;
  /** At most one outcome: absent means the case passed. */
  outcome?: { tag: "failure" | "error" | "skipped"; message: string; type?: string; body?: string };
}

interface TestSuite {
  name: string;
  properties: [string, string][];
  cases: TestCase[];
}

export function formatJunit(result: CheckResult): string {
  const suites = [
    ...result.scenarios.map((verdict) => scenarioSuite(verdict, result.version)),
    ...inputErrorSuites(result.errors),
    ...(result.baseline ? [baselineSuite(result.baseline)] : []),
  ];
  const totals = countOutcomes(suites.flatMap((suite) => suite.cases));
  const lines = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="faultline check" ${countAttributes(totals)} time="0">`,
    ...suites.flatMap(suiteLines),
    "</testsuites>",
  ];
  return `${lines.join("\n")}\n`;
}

function scenarioSuite(verdict: ScenarioVerdict, version: string): TestSuite {
  const cases: TestCase[] = verdict.targets.map((target) => targetCase(verdict, target));
  // A suite with no test case trips some CI parsers; a scenario without targets still ran.
  if (cases.length === 0) cases.push({ name: "runs to completion", classname: verdict.file, file: verdict.file });
  return {
    name: verdict.name,
    properties: [
      ["file", verdict.file],
      ["scenarioHash", verdict.hash],
      ["seeds", verdict.seeds.join(",")],
      ["traceHashes", verdict.runs.map((run) => `${run.seed}:${run.traceHash}`).join(",")],
      ["version", version],
    ],
    cases,
  };
}

function targetCase(verdict: ScenarioVerdict, target: TargetVerdict): TestCase {
  const testCase: TestCase = {
    name: `${target.kind} ${target.name} ${target.target}`,
    classname: verdict.file,
    file: verdict.file,
    ...(target.position ? { line: target.position.line } : {}),
  };
  if (target.pass) return testCase;
  const replay = targetReplay(verdict, target.worstSeed);
  const seeds = verdict.seeds.length;
  const measured =
    target.percentile === undefined
      ? target.actualText
      : `${target.actualText} (p${target.percentile} over ${seeds} seed${seeds === 1 ? "" : "s"})`;
  const body = [
    `measured: ${measured}`,
    `target: ${target.target}`,
    `worst seed: ${target.worstSeed} (${target.worstActualText})`,
    ...(target.position ? [`written at: ${verdict.file}:${target.position.line}:${target.position.column}`] : []),
    `replay: ${replay}`,
  ].join("\n");
  const message = `${target.name} ${measured} does not meet ${target.target}; worst seed ${target.worstSeed}: ${replay}`;
  return { ...testCase, outcome: { tag: "failure", type: target.kind, message, body } };
}

/** One suite per file with input errors, in the order the files first appear. */
function inputErrorSuites(errors: InputIssue[]): TestSuite[] {
  const byFile = new Map<string, InputIssue[]>();
  for (const issue of errors) byFile.set(issue.file, [...(byFile.get(issue.file) ?? []), issue]);
  return [...byFile].map(([file, issues]) => ({
    name: file,
    properties: [["file", file]],
    cases: issues.map((issue) => ({
      name: `input ${issuePlace(issue)}`,
      classname: file,
      file,
      ...(issue.override === undefined ? { line: issue.line } : {}),
      outcome: { tag: "error", type: "InputError", message: formatIssue(issue), body: formatIssue(issue) },
    })),
  }));
}

function baselineSuite(baseline: BaselineComparison): TestSuite {
  const cases: TestCase[] = baseline.changes.map((change) => {
    const { before, after } = formatBaselineChange(change);
    const testCase: TestCase = { name: `${change.scenario} ${change.metric}`, classname: "baseline" };
    if (!change.regression) return testCase;
    const message = `${change.metric} regressed: ${before} → ${after} (tolerance ${formatPercent(baseline.tolerance, 2)})`;
    return { ...testCase, outcome: { tag: "failure", type: "regression", message, body: message } };
  });
  for (const name of baseline.missing) {
    cases.push({
      name: `${name} not run`,
      classname: "baseline",
      outcome: { tag: "skipped", message: "in the baseline but not in this check" },
    });
  }
  for (const name of baseline.added) {
    cases.push({
      name: `${name} new`,
      classname: "baseline",
      outcome: { tag: "skipped", message: "not in the baseline: nothing to compare with" },
    });
  }
  if (cases.length === 0) cases.push({ name: "no headline metric changed", classname: "baseline" });
  return { name: "baseline", properties: [["tolerance", String(baseline.tolerance)]], cases };
}

interface Counts {
  tests: number;
  failures: number;
  errors: number;
  skipped: number;
}

function countOutcomes(cases: TestCase[]): Counts {
  const count = (tag: string) => cases.filter((testCase) => testCase.outcome?.tag === tag).length;
  return { tests: cases.length, failures: count("failure"), errors: count("error"), skipped: count("skipped") };
}

function countAttributes(counts: Counts): string {
  return `tests="${counts.tests}" failures="${counts.failures}" errors="${counts.errors}" skipped="${counts.skipped}"`;
}

function suiteLines(suite: TestSuite): string[] {
  const lines = [
    `  <testsuite name="${escapeAttribute(suite.name)}" ${countAttributes(countOutcomes(suite.cases))} time="0">`,
    "    <properties>",
    ...suite.properties.map(
      ([name, value]) => `      <property name="${escapeAttribute(name)}" value="${escapeAttribute(value)}"/>`,
    ),
    "    </properties>",
  ];
  for (const testCase of suite.cases) {
    const location =
      (testCase.file === undefined ? "" : ` file="${escapeAttribute(testCase.file)}"`) +
      (testCase.line === undefined ? "" : ` line="${testCase.line}"`);
    const open = `    <testcase name="${escapeAttribute(testCase.name)}" classname="${escapeAttribute(testCase.classname)}"${location} time="0"`;
    const outcome = testCase.outcome;
    if (!outcome) {
      lines.push(`${open}/>`);
      continue;
    }
    const type = outcome.type === undefined ? "" : ` type="${escapeAttribute(outcome.type)}"`;
    const head = `      <${outcome.tag} message="${escapeAttribute(outcome.message)}"${type}`;
    lines.push(
      `${open}>`,
      outcome.body === undefined ? `${head}/>` : `${head}>${escapeText(outcome.body)}</${outcome.tag}>`,
      "    </testcase>",
    );
  }
  lines.push("  </testsuite>");
  return lines;
}

// XML 1.0 cannot carry these characters at all, not even as character references; they are
// written as visible \uXXXX escapes so that nothing is silently lost.
const NOT_XML_CHAR = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;

function xmlSafe(value: string): string {
  return value.replace(NOT_XML_CHAR, (char) => `\\u${(char.codePointAt(0) ?? 0).toString(16).padStart(4, "0")}`);
}

/** Escapes character data; `>` too, so that `]]>` can never appear. */
function escapeText(value: string): string {
  return xmlSafe(value)
    .replaceAll("&", "&amp;")
    .replaceAll("<", "&lt;")
    .replaceAll(">", "&gt;")
    .replaceAll("\r", "&#13;");
}

/** Escapes an attribute value; whitespace as references, since parsers normalise it to spaces. */
function escapeAttribute(value: string): string {
  return escapeText(value)
    .replaceAll('"', "&quot;")
    .replaceAll("'", "&apos;")
    .replaceAll("\n", "&#10;")
    .replaceAll("\t", "&#9;");
}
