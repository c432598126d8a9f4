// Autoscaling in the terminal UI (fixtures/autoscaling.yaml, run once): empty slots are drawn as
// empty, not failed, and not counted; the instances a scale-out asks for are shown booting, then
// out of rotation until their health checks pass, then healthy; a scale-in drains them (planned,
// so no trouble) and empties the slots again. The event log tells it in that order.

import { beforeAll, describe, expect, it } from "vitest";
import { clockAt, type PreparedRun, prepareRun, renderFrame } from "../../src/tui/index.js";
import { topologyAtTime } from "../../src/tui/prepare.js";
import { at, rowStarting, runFixture, stripAnsi } from "./support.js";

let run: PreparedRun;

beforeAll(() => {
  run = prepareRun(runFixture("autoscaling.yaml"));
});

function frameAt(time: string): string {
  return stripAnsi(renderFrame(run, { size: { columns: 120, rows: 40 }, cursorUs: at(run, time) }));
}

/** The topology's row for a zone: ` ├─ a ●  web ●··`, without the event log beside it. */
function zoneRow(frame: string, zone: string): string | undefined {
  return frame
    .split("\n")
    .find((line) => new RegExp(`^│ [├└]─ ${zone} `).test(line))
    ?.split("││")[0]
    .trimEnd();
}

describe("autoscaling in the topology", () => {
  it("draws the spare slots as empty before the spike, and counts only the instances there", () => {
    const frame = frameAt("00:01:00");
    expect(rowStarting(frame, "eu ")?.trimEnd()).toBe("│eu ● healthy  LB web ● 2/2 in rotation");
    expect(zoneRow(frame, "a")).toBe("│ ├─ a ●  web ●··");
    expect(zoneRow(frame, "b")).toBe("│ └─ b ●  web ●··");
    expect(frame).toContain("· empty slot");
    const view = topologyAtTime(run, at(run, "00:01:00"));
    expect(view.regions[0].zones[0].groups[0].members.map((m) => m.status)).toEqual(["healthy", "absent", "absent"]);
    expect(view.regions[0].balancers[0]).toMatchObject({ status: "healthy", inRotation: 2, total: 2, booting: 0 });
  });

  it("shows the instances asked for as booting, then out of rotation until their health checks pass", () => {
    const asked = frameAt("00:02:20");
    expect(rowStarting(asked, "eu ")?.trimEnd()).toBe("│eu ● healthy  LB web ● 2/2 in rotation, +2 booting");
    expect(zoneRow(asked, "a")).toBe("│ ├─ a ●  web ●··");
    const booted = frameAt("00:02:41");
    expect(rowStarting(booted, "eu ")?.trimEnd()).toBe("│eu ◐ degraded  LB web ◐ 2/4 in rotation, +1 booting");
    expect(zoneRow(booted, "a")).toBe("│ ├─ a ◐  web ●○·");
    expect(zoneRow(booted, "b")).toBe("│ └─ b ◐  web ●○·");
  });

  it("shows every new instance healthy once the scale-out is complete", () => {
    const frame = frameAt("00:03:30");
    expect(rowStarting(frame, "eu ")?.trimEnd()).toBe("│eu ● healthy  LB web ● 6/6 in rotation");
    expect(zoneRow(frame, "a")).toBe("│ ├─ a ●  web ●●●");
    expect(zoneRow(frame, "b")).toBe("│ └─ b ●  web ●●●");
    const view = topologyAtTime(run, at(run, "00:03:30"));
    expect(view.regions[0].zones.flatMap((z) => z.groups[0].members.map((m) => m.status))).toEqual(
      Array(6).fill("healthy"),
    );
  });

  it("drains instances for a scale-in without calling it trouble, then shows their slots empty", () => {
    const draining = frameAt("00:04:35");
    expect(rowStarting(draining, "eu ")?.trimEnd()).toBe("│eu ● healthy  LB web ● 4/4 in rotation, −2 draining");
    expect(zoneRow(draining, "a")).toBe("│ ├─ a ●  web ●●○");
    expect(zoneRow(draining, "b")).toBe("│ └─ b ●  web ●●○");
    const after = frameAt("00:05:50");
    expect(rowStarting(after, "eu ")?.trimEnd()).toBe("│eu ● healthy  LB web ● 2/2 in rotation");
    expect(zoneRow(after, "a")).toBe("│ ├─ a ●  web ●··");
    expect(zoneRow(after, "b")).toBe("│ └─ b ●  web ●··");
  });
});

describe("autoscaling in the event log", () => {
  it("tells the scale-out, the new instances joining, and the scale-in, in order", () => {
    const told = run.story.map((event) => `${clockAt(run, event.timeUs)} ${event.tone} ${event.text}`);
    expect(told).toEqual([
      "00:02:00 bad fault started: traffic-spike eu ×6",
      "00:02:00 bad incident #1: success fell below 99%",
      "00:02:10 warn scale-out +2 web/eu (100% busy, queue 14.5)",
      "00:02:30 warn scale-out +1 web/eu (100% busy, queue 14.5)",
      "00:02:40 good 2 new instances booted",
      "00:02:42 good LB put 2 new instances in rotation",
      "00:02:43 good SLI recovered: incident #1 over, RTO 43s",
      "00:02:50 warn scale-out +1 web/eu (72% busy, queue 0)",
      "00:03:00 good new instance web/eu/a/3 booted",
      "00:03:02 good LB put new web/eu/a/3 in rotation",
      "00:03:20 good new instance web/eu/b/3 booted",
      "00:03:22 good LB put new web/eu/b/3 in rotation",
      "00:04:00 good fault ended: traffic-spike eu ×6",
      "00:04:10 info LB draining web/eu/b/3 (scale-in)",
      "00:04:10 info scale-in −1 web/eu (10% busy)",
      "00:04:30 info LB draining web/eu/a/3 (scale-in)",
      "00:04:30 info scale-in −1 web/eu (3% busy)",
      "00:04:40 info instance web/eu/b/3 removed (scaled in)",
      "00:04:50 info LB draining web/eu/b/2 (scale-in)",
      "00:04:50 info scale-in −1 web/eu (9% busy)",
      "00:05:00 info instance web/eu/a/3 removed (scaled in)",
      "00:05:10 info LB draining web/eu/a/2 (scale-in)",
      "00:05:10 info scale-in −1 web/eu (8% busy)",
      "00:05:20 info instance web/eu/b/2 removed (scaled in)",
      "00:05:40 info instance web/eu/a/2 removed (scaled in)",
    ]);
  });
});

describe("autoscaling in the scorecard", () => {
  // Its incident's reaction phase lasted until the new instances were provisioned: a scale-out.
  const scorecard = (frame: string) => frame.slice(frame.indexOf("╭─ Scorecard"));

  it("names the reaction phase a scale-out while it is under way, not a failover", () => {
    const card = scorecard(frameAt("00:02:20"));
    expect(card).toContain("· scale-out under way");
    expect(card).toMatch(/detect 0s → scale-out 20s… → propagate 0s → recover 0s/);
    expect(card).not.toContain("failover");
  });

  it("names it a scale-out at the end, in the phases and in the bar's letters", () => {
    const [incident] = run.result.incidents;
    expect(incident.reactions).toEqual(["scale-out"]);
    const card = scorecard(frameAt("00:10:00"));
    expect(card).toContain(`detect 0s → scale-out ${incident.phases.failoverS}s → propagate 0s → recover`);
    expect(card).toMatch(/\[s{20,}r*\s*\]/);
    expect(card).not.toContain("failover");
  });
});
