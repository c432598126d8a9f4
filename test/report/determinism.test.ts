// Reports are pure functions of the check: the same CheckResult renders to the same bytes, and
// so does a CheckResult rebuilt by running the same scenarios again or read back from JSON.

import { describe, expect, it } from "vitest";
import { formatHtml } from "../../src/report/html/index.js";
import { formatJunit } from "../../src/report/junit.js";
import { formatMarkdown } from "../../src/report/markdown.js";
import type { CheckResult } from "../../src/scenario/index.js";
import { buildCheck } from "./fixture.js";

const FORMATS: [string, (result: CheckResult) => string][] = [
  ["junit", formatJunit],
  ["markdown", formatMarkdown],
  ["html", formatHtml],
];

describe("report determinism", () => {
  const result = buildCheck();

  it.each(FORMATS)("%s renders the same CheckResult byte-identically twice", (_, format) => {
    const first = format(result);
    expect(first.length).toBeGreaterThan(0);
    expect(format(result)).toBe(first);
  });

  it.each(FORMATS)("%s renders a rerun of the same scenarios and seeds to the same bytes", (_, format) => {
    expect(format(buildCheck())).toBe(format(result));
  });

  it.each(FORMATS)("%s renders the check read back from JSON to the same bytes", (_, format) => {
    const readBack = JSON.parse(JSON.stringify(result)) as CheckResult;
    expect(format(readBack)).toBe(format(result));
  });

  it.each(FORMATS)("%s does not change the CheckResult it renders", (_, format) => {
    const before = JSON.stringify(result);
    format(result);
    expect(JSON.stringify(result)).toBe(before);
  });
});
