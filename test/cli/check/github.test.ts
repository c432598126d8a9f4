// GitHub annotations of a check: a regressed baseline metric points at the line of the target
// that judges it in the scenario file (or at the file when no target does), with its values
// written as the reports write them, never raw floats.

import { describe, expect, it } from "vitest";
import { githubAnnotations } from "../../../src/cli/check/github.js";
import { compareWithBaseline, summarizeScenario } from "../../../src/scenario/index.js";
import { buildPassingCheck, ZONE_OUTAGE, ZONE_OUTAGE_FILE } from "../../report/fixture.js";

/** The passing zone-outage check, compared with a baseline in which two metrics were better. */
function regressedCheck() {
  const check = buildPassingCheck();
  const [verdict] = check.scenarios;
  const summary = summarizeScenario(verdict);
  const baseline = compareWithBaseline(
    [{ name: verdict.name, summary: { ...summary, availability: 1 - 4 / 10.6e6, ttdS: 42.5 } }],
    [{ name: verdict.name, summary: { ...summary, availability: 1 - 1 / 10.6e6, ttdS: 12.25 } }],
    0.05,
  );
  return { ...check, baseline, pass: false };
}

describe("GitHub annotations", () => {
  it("point a regressed metric at the line of its target, with readable values", () => {
    const lines = ZONE_OUTAGE.split("\n");
    const line = lines.findIndex((text) => text.startsWith("  availability:"));
    const column = lines[line].indexOf('">=') + 1;
    // "%" is escaped as "%25" in workflow commands.
    expect(githubAnnotations(regressedCheck())).toContain(
      `::error file=${ZONE_OUTAGE_FILE},line=${line + 1},col=${column},title=faultline%3A zone-outage availability regressed::` +
        "availability 99.99999%25 → 99.99996%25: worse than the baseline by more than the 5%25 tolerance",
    );
  });

  it("point a regressed metric that no target judges at its scenario file", () => {
    expect(githubAnnotations(regressedCheck())).toContain(
      `::error file=${ZONE_OUTAGE_FILE},title=faultline%3A zone-outage ttdS regressed::` +
        "ttdS 12.3s → 42.5s: worse than the baseline by more than the 5%25 tolerance",
    );
  });

  it("never print a raw float", () => {
    for (const annotation of githubAnnotations(regressedCheck())) expect(annotation).not.toMatch(/\d\.\d{6,}/);
  });
});
