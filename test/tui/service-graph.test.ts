// A design whose services call services, in the terminal UI (the shipped
// scenarios/service-graph-optional-outage.yaml, run once): every frame renders, the topology
// shows each tier with its instances, the down callee's instances while they are down, and the
// scorecard counts the pages served without it.

import { readFileSync } from "node:fs";
import { beforeAll, describe, expect, it } from "vitest";
import { formatCount } from "../../src/report/index.js";
import { loadScenario, type RunResult, runScenario } from "../../src/scenario/index.js";
import { type PreparedRun, prepareRun, renderFrame } from "../../src/tui/index.js";
import { at, stripAnsi } from "./support.js";

const FILE = "scenarios/service-graph-optional-outage.yaml";
let result: RunResult;
let run: PreparedRun;

beforeAll(() => {
  result = runScenario(loadScenario(readFileSync(FILE, "utf8"), FILE), { version: "test" });
  run = prepareRun(result);
});

function frameAt(cursorUs: number): string {
  return stripAnsi(renderFrame(run, { size: { columns: 120, rows: 40 }, cursorUs }));
}

describe("a service graph in the terminal UI", () => {
  it("renders every minute of the run", () => {
    for (let minute = 0; minute <= 30; minute++) expect(frameAt(minute * 60e6).length).toBeGreaterThan(0);
  });

  it("shows every tier, and the callee's instances down during its outage", () => {
    const before = frameAt(at(run, "00:05:00"));
    for (const service of ["storefront", "catalog", "inventory", "recommendations"]) expect(before).toContain(service);
    expect(frameAt(at(run, "00:15:00"))).toMatch(/down/i);
  });

  it("counts the degraded pages on the scorecard at the end", () => {
    expect(result.requests.degraded).toBeGreaterThan(0);
    expect(frameAt(run.durationUs)).toContain(`${formatCount(result.requests.degraded)} degraded`);
  });
});
