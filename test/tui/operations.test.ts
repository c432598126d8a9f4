// The scorecard's line by operation (the shipped payments-per-operation-targets.yaml: the gateway
// fails from 00:20 to 00:30): while the run plays, each operation's availability so far from
// complete windows; at the end, the run's figures and whether each operation's own targets held;
// at 80×24 the frame still fits.

import { readFileSync } from "node:fs";
import { createElement } from "react";
import { beforeAll, describe, expect, it } from "vitest";
import { loadScenario, type RunResult, runScenario } from "../../src/scenario/index.js";
import { App, type PreparedRun, prepareRun } from "../../src/tui/index.js";
import { scorecardAt } from "../../src/tui/scorecard-model.js";
import { at, renderInTerminal, settle } from "./support.js";

const FILE = "scenarios/payments-per-operation-targets.yaml";
let result: RunResult;
let run: PreparedRun;

beforeAll(() => {
  result = runScenario(loadScenario(readFileSync(FILE, "utf8"), FILE), { version: "test" });
  run = prepareRun(result);
});

describe("the scorecard by operation", () => {
  it("has both operations at 100% before the outage, and create-payment alone below it during", () => {
    const before = scorecardAt(run, at(run, "00:19:00"));
    expect(before.byOperation.map((row) => row.operation)).toEqual(["create-payment", "payment-status"]);
    for (const row of before.byOperation) expect(row).toMatchObject({ availability: 1, pass: null });
    const during = scorecardAt(run, at(run, "00:25:00"));
    const [create, status] = during.byOperation;
    expect(create.availability).toBeLessThan(0.9);
    expect(status.availability).toBe(1);
  });

  it("ends with the run's figures and each operation's own verdict", () => {
    const end = scorecardAt(run, run.durationUs);
    expect(end.byOperation).toEqual(
      result.byOperation.map(({ operation, availability }) => ({ operation, availability, pass: true })),
    );
  });

  it.each([
    [120, 40, true],
    [80, 24, false],
  ])("at %i×%i, fits and shows the line: %s", async (columns, rows, shown) => {
    const props = { run, size: undefined, color: false, initial: { cursorUs: run.durationUs, playing: false } };
    const terminal = renderInTerminal(createElement(App, props), { columns, rows });
    await settle();
    const frame = terminal.lastFrame() ?? "";
    terminal.instance.unmount();
    const line = /by operation create-payment \d+(\.\d+)?% ✓ · payment-status 100% ✓/;
    if (shown) expect(frame).toMatch(line);
    else expect(frame).not.toMatch(line);
    expect(frame.split("\n").length).toBeLessThanOrEqual(rows);
  });
});
