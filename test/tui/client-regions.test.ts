// The scorecard's line by client region (two-region.yaml: east dies at 02:00 for 10 minutes):
// while the run plays, each region's availability so far from complete windows; at the end, the
// run's figures; at 80×24 too.

import { createElement } from "react";
import { describe, expect, it } from "vitest";
import { App, prepareRun } from "../../src/tui/index.js";
import { scorecardAt } from "../../src/tui/scorecard-model.js";
import { at, renderInTerminal, runFixture, settle } from "./support.js";

const result = runFixture("two-region.yaml");
const run = prepareRun(result);

describe("the scorecard by client region", () => {
  it("has every region at 100% before the outage, and east alone below it after", () => {
    const before = scorecardAt(run, at(run, "01:59"));
    expect(before.byClientRegion.map((r) => r.region)).toEqual(["east", "west"]);
    for (const row of before.byClientRegion) expect(row.availability).toBe(1);
    const after = scorecardAt(run, at(run, "02:20"));
    const [east] = after.byClientRegion;
    expect(east.availability).toBeLessThan(1);
    const end = scorecardAt(run, run.durationUs);
    // At the end, each region's lost writes too (this run loses some): they add up to the run's.
    expect(result.rpo.lostWrites).toBeGreaterThan(0);
    expect(end.byClientRegion).toEqual(
      result.byClientRegion.map(({ region, availability, lostWrites }) => ({ region, availability, lostWrites })),
    );
    const lost = end.byClientRegion.reduce((sum, row) => sum + (row.lostWrites ?? 0), 0);
    expect(lost).toBe(result.rpo.lostWrites);
    expect(before.byClientRegion.every((row) => row.lostWrites === null)).toBe(true);
  });

  // At 80×24 the scorecard has no row to spare: the line goes first (it is the least needed), and
  // the frame still fits.
  it.each([
    [120, 40, true],
    [80, 24, false],
  ])("at %i×%i, fits and shows one line of them: %s", async (columns, rows, shown) => {
    const props = { run, size: undefined, color: false, initial: { cursorUs: run.durationUs, playing: false } };
    const terminal = renderInTerminal(createElement(App, props), { columns, rows });
    await settle();
    const frame = terminal.lastFrame() ?? "";
    terminal.instance.unmount();
    const line = /by client region east \d+(\.\d+)?% \d+ lost · west \d+(\.\d+)?% \d+ lost/;
    if (shown) expect(frame).toMatch(line);
    else expect(frame).not.toMatch(line);
    expect(frame.split("\n").length).toBeLessThanOrEqual(rows);
  });
});
