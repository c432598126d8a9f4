// Dependencies in the terminal UI (fixtures/dependencies.yaml, run once): the topology says which
// circuit breakers are open, the event log tells a breaker's opening once and its closing with
// the probes that failed, the scorecard counts degraded responses at the end, and the timeline's
// fault marks come from the result's list of faults.

import { beforeAll, describe, expect, it } from "vitest";
import { formatCount } from "../../src/report/index.js";
import type { RunResult } from "../../src/scenario/index.js";
import { clockAt, type PreparedRun, prepareRun, renderFrame } from "../../src/tui/index.js";
import { at, rowStarting, runFixture, stripAnsi } from "./support.js";

let result: RunResult;
let run: PreparedRun;

beforeAll(() => {
  result = runFixture("dependencies.yaml");
  run = prepareRun(result);
});

function frameAt(time: string | number): string {
  const cursorUs = typeof time === "number" ? time : at(run, time);
  return stripAnsi(renderFrame(run, { size: { columns: 120, rows: 40 }, cursorUs }));
}

/** The scorecard's first row, without its border. */
const scorecardHeadline = (frame: string) => {
  const lines = frame.split("\n");
  return lines[lines.findIndex((line) => line.startsWith("╭─ Scorecard")) + 1];
};

describe("dependencies in the topology", () => {
  it("shows the breaker closed before the fault, open while its dependency fails, closed after", () => {
    expect(rowStarting(frameAt("00:00:30"), "Breakers ")?.trimEnd()).toBe("│Breakers shop→payments closed");
    expect(rowStarting(frameAt("00:01:30"), "Breakers ")?.trimEnd()).toBe("│Breakers shop→payments OPEN");
    expect(rowStarting(frameAt("00:02:30"), "Breakers ")?.trimEnd()).toBe("│Breakers shop→payments closed");
  });
});

describe("dependencies in the event log", () => {
  it("tells the breaker opening once and closing with the number of failed probes", () => {
    const opens = result.events.filter((e) => e.kind === "breaker.opened").length;
    expect(opens).toBeGreaterThan(2);
    const breaker = run.story
      .filter((event) => event.kind.startsWith("breaker."))
      .map((event) => `${clockAt(run, event.timeUs)} ${event.text}`);
    expect(breaker).toEqual([
      "00:01:00 breaker shop→payments opened: calls fail fast",
      `00:02:00 breaker shop→payments closed (${opens - 1} failed probes)`,
    ]);
  });
});

describe("degraded responses on the scorecard", () => {
  it("counts them at the end of the run, with their share of the responses", () => {
    const { degraded, total } = result.requests;
    expect(degraded).toBeGreaterThan(0);
    const share = `${Number(((degraded / total) * 100).toFixed(1))}%`;
    expect(scorecardHeadline(frameAt(run.durationUs))).toMatch(
      new RegExp(
        `^│no targets {2}availability [\\d.]+% · ${formatCount(degraded)} degraded \\(${share} of responses\\)`,
      ),
    );
  });

  it("says nothing of them while the run plays (they are not counted per window)", () => {
    expect(scorecardHeadline(frameAt("00:03:30"))).not.toContain("degraded");
  });

  it("says nothing of them in a run without any", () => {
    const plain = prepareRun(runFixture("autoscaling.yaml"));
    const frame = stripAnsi(renderFrame(plain, { size: { columns: 120, rows: 40 }, cursorUs: plain.durationUs }));
    expect(scorecardHeadline(frame)).not.toContain("degraded");
  });
});

describe("fault marks on the timeline", () => {
  it("come from the result's faults, in file order; one outlasting the run stays open to its end", () => {
    const edited = prepareRun(
      runFixture("dependencies.yaml", (yaml) =>
        yaml.replace("faults:\n", "faults:\n  - { kind: node-crash, node: shop/eu/a/1, at: 4m, for: 5m }\n"),
      ),
    );
    expect(edited.faults).toEqual([
      { label: "node-crash shop/eu/a/1", startUs: 240e6, endUs: null },
      { label: "dependency-errors payments 100%", startUs: 60e6, endUs: 120e6 },
      { label: "dependency-errors recs 100%", startUs: 180e6, endUs: 240e6 },
    ]);
  });

  it("are read from result.faults, not rebuilt from the trace", () => {
    const faults = [{ index: 0, label: "declared elsewhere", startS: 30, endS: 90 }];
    const listed = prepareRun({ ...result, faults });
    expect(listed.faults).toEqual([{ label: "declared elsewhere", startUs: 30e6, endUs: 90e6 }]);
    const frame = stripAnsi(renderFrame(listed, { size: { columns: 120, rows: 40 }, cursorUs: listed.durationUs }));
    const overview = frame.split("\n").find((line) => line.startsWith("│   whole run│")) ?? "";
    // 105 columns for 5 minutes: 30 s falls in column 10, 90 s in column 31; nothing else is marked.
    const marks = [...overview.slice("│   whole run│".length)].flatMap((c, i) =>
      c === "▲" || c === "▼" ? [`${c}${i}`] : [],
    );
    expect(marks).toEqual(["▲10", "▼31"]);
  });
});

describe("a scenario with no targets on the scorecard", () => {
  // dependencies.yaml sets no slo: and no expect:, so nothing was judged: as the text report
  // says, that is "no targets", never PASS.
  it("says no targets in its title and its verdict at the end, as the text report does", () => {
    expect(result.slo).toEqual([]);
    expect(result.expectations).toEqual([]);
    const frame = frameAt(run.durationUs);
    expect(frame).toMatch(/╭─ Scorecard · no targets ─/);
    expect(scorecardHeadline(frame)).toMatch(/^│no targets {2}availability /);
    expect(frame).not.toContain("PASS");
    expect(frame).toContain("targets none set");
  });

  it("says so far while the run plays", () => {
    expect(frameAt("00:01:30")).toMatch(/╭─ Scorecard · so far at 00:01:30 ─/);
  });
});
