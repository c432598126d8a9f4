// The largest design the UI promises to keep readable (fixtures/big-design.yaml: 3 regions × 3
// zones × 10 instances) must fit a 120×40 terminal with one glyph per instance, and every size
// from the minimum up must fit without a line too long or too many rows. With a circuit breaker
// added, the minimum 80×24 still shows the breakers row: the least needed rows give way first.

import { beforeAll, describe, expect, it } from "vitest";
import { clockAt, type PreparedRun, prepareRun, renderFrame } from "../../src/tui/index.js";
import { runFixture, stripAnsi } from "./support.js";

let run: PreparedRun;

beforeAll(() => {
  run = prepareRun(runFixture("big-design.yaml"));
});

function frame(columns: number, rows: number, cursorUs: number): string[] {
  return stripAnsi(renderFrame(run, { size: { columns, rows }, cursorUs })).split("\n");
}

const width = (line: string) => [...line].length;

/** Instants worth drawing: every notable event, just before each, and the two ends. */
function instants(): number[] {
  return [0, ...run.storyTimesUs.flatMap((t) => [t - 1, t]), run.durationUs].filter((t) => t >= 0);
}

describe("the 3 regions × 3 zones × 10 instances design", () => {
  it("fits 120×40 with one glyph per instance, at every notable instant", () => {
    for (const cursorUs of instants()) {
      const lines = frame(120, 40, cursorUs);
      expect(lines.length, `rows at ${cursorUs}`).toBeLessThanOrEqual(39);
      expect(Math.max(...lines.map(width)), `columns at ${cursorUs}`).toBeLessThanOrEqual(120);
      expect(lines[1]).toMatch(/^╭─ Topology ─/);
      const zoneRows = lines.filter((line) => /^│ [├└]─ [abc] /.test(line));
      expect(zoneRows).toHaveLength(9);
      for (const row of zoneRows) expect(row).toMatch(/api [●◐✗○◆]{10}(?![●◐✗○◆])/);
      for (const region of ["eu-west", "us-east", "ap-south"]) {
        expect(lines.some((line) => line.startsWith(`│${region} `))).toBe(true);
      }
    }
  });

  it("shows the dead region, its zones and instances as down at 02:05", () => {
    const lines = frame(120, 40, (2 * 3600 + 5 * 60 - 115 * 60) * 1e6);
    const topology = lines.map((line) => line.split("││")[0]);
    expect(topology.find((line) => line.startsWith("│eu-west "))).toMatch(/eu-west ✗ down {2}LB api ✗ down/);
    expect(topology.filter((line) => / api ✗{10}/.test(line))).toHaveLength(4); // eu-west a, b, c + us-east/c
  });

  it("collapses to counts per zone, then to one row per region, when there is no room", () => {
    const narrow = frame(90, 40, run.durationUs);
    expect(narrow[1]).toMatch(/Topology \(counts per zone\)/);
    expect(narrow.some((line) => /api ● 10\/10/.test(line))).toBe(true);
    const short = frame(120, 28, run.durationUs);
    expect(short[1]).toMatch(/Topology \(per region\)/);
    expect(short.some((line) => /│eu-west ● {2}a● b● c● {2}nodes 30\/30/.test(line))).toBe(true);
  });

  it("fits every terminal size from the minimum up", () => {
    for (const columns of [80, 81, 99, 100, 119, 120, 160, 200]) {
      for (const rows of [24, 25, 30, 35, 36, 39, 40, 60]) {
        for (const cursorUs of [run.openingUs + 150e6, run.durationUs]) {
          const lines = frame(columns, rows, cursorUs);
          expect(lines.length, `${columns}×${rows}`).toBeLessThanOrEqual(rows - 1);
          expect(Math.max(...lines.map(width)), `${columns}×${rows}`).toBeLessThanOrEqual(columns);
        }
      }
    }
  });

  it("says what size it needs on a terminal that is too small", () => {
    for (const [columns, rows] of [
      [79, 40],
      [120, 23],
      [20, 5],
    ]) {
      const text = frame(columns, rows, 0).join(" ");
      expect(text).toContain("too small");
      expect(text).toContain(`at least 80×24; this one is ${columns}×`);
    }
  });
});

/** big-design.yaml with `api` calling `payments` behind a breaker, which fails from 02:12 to 02:14. */
function withBreaker(yaml: string): string {
  const edited = yaml
    .replace(
      "  services:\n",
      "  externals:\n    - name: payments\n      latency: { distribution: lognormal, mean: 30ms, sigma: 0.3 }\n\n  services:\n",
    )
    .replace(
      "      healthCheck: { interval: 5s, unhealthyThreshold: 3, healthyThreshold: 2 }\n",
      "      healthCheck: { interval: 5s, unhealthyThreshold: 3, healthyThreshold: 2 }\n" +
        "      calls:\n        - to: payments\n          fraction: 30%\n          timeout: 500ms\n" +
        "          breaker: { failureRate: 50%, window: 20, minimumCalls: 10, coolDown: 10s, probes: 3 }\n",
    )
    .replace(
      "faults:\n",
      'faults:\n  - { kind: dependency-errors, dependency: payments, errorRate: 100%, at: "02:12", for: 2m }\n',
    );
  expect(edited).toContain("breaker:");
  expect(edited).toContain("dependency-errors");
  return edited;
}

describe("the same design with a circuit breaker, at 80×24", () => {
  let breaker: PreparedRun;
  beforeAll(() => {
    breaker = prepareRun(runFixture("big-design.yaml", withBreaker));
  });
  const topologyPanel = (cursorUs: number) =>
    stripAnsi(renderFrame(breaker, { size: { columns: 80, rows: 24 }, cursorUs }))
      .split("\n")
      .slice(1, 9)
      .map((line) => line.split("╮╭")[0].split("││")[0]);

  it("shows the breakers row at every notable instant, the alerts row giving way (said in the title)", () => {
    const times = [0, ...breaker.storyTimesUs, breaker.durationUs];
    expect(times.length).toBeGreaterThan(10);
    for (const cursorUs of times) {
      const panel = topologyPanel(cursorUs);
      const when = clockAt(breaker, cursorUs);
      expect(panel[0], when).toMatch(/^╭─ Topology · alerts hidden ─+$/);
      expect(
        panel.slice(1, 7).map((line) => line.slice(1).split(" ")[0]),
        when,
      ).toEqual(["eu-west", "us-east", "ap-south", "DNS", "DB", "Breakers"]);
    }
  });

  it("shows the breaker open while payments fails and closed after", () => {
    const breakersRow = (time: string) => {
      const [h, m] = time.split(":").map(Number);
      return topologyPanel((h * 3600 + m * 60) * 1e6 - breaker.startOfDayUs)[6].trimEnd();
    };
    expect(breakersRow("02:11")).toBe("│Breakers api→payments closed");
    expect(breakersRow("02:13")).toBe("│Breakers api→payments OPEN");
    expect(breakersRow("02:15")).toBe("│Breakers api→payments closed");
  });
});
