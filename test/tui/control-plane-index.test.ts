// The control-plane state at any instant, from checkpoints + patches, must equal replaying the
// recorded patches one by one from the start — going forwards, backwards or jumping about.

import { applyPatches } from "immer";
import { beforeAll, describe, expect, it } from "vitest";
import type { ControlPlaneState } from "../../src/model/index.js";
import type { RunResult } from "../../src/scenario/index.js";
import { ControlPlaneIndex } from "../../src/tui/control-plane-index.js";
import { runFixture } from "./support.js";

let result: RunResult;
let replayed: ControlPlaneState[];

beforeAll(() => {
  result = runFixture("big-design.yaml");
  // The reference: every prefix of the timeline, one step at a time.
  replayed = [result.controlPlane.initial];
  for (const step of result.controlPlane.timeline) {
    replayed.push(applyPatches(replayed[replayed.length - 1], step.patches));
  }
});

describe("control-plane index", () => {
  it("has enough steps to cross several checkpoints", () => {
    expect(result.controlPlane.timeline.length).toBeGreaterThan(3 * 32);
  });

  for (const every of [1, 7, 32, 10_000]) {
    it(`gives the replayed state after every step, forwards and backwards (checkpoint every ${every})`, () => {
      const index = new ControlPlaneIndex(result.controlPlane.initial, result.controlPlane.timeline, every);
      const n = result.controlPlane.timeline.length;
      for (let k = 0; k <= n; k++) expect(index.stateAfter(k)).toEqual(replayed[k]);
      for (let k = n; k >= 0; k--) expect(index.stateAfter(k)).toEqual(replayed[k]);
      // Jumps: a fixed pseudo-random walk over the steps.
      for (let i = 0, k = 0; i < 200; i++) {
        k = (k * 31 + 17) % (n + 1);
        expect(index.stateAfter(k)).toEqual(replayed[k]);
      }
    });
  }

  it("counts a change at exactly the cursor's time as happened, and one a microsecond later as not", () => {
    const index = new ControlPlaneIndex(result.controlPlane.initial, result.controlPlane.timeline);
    const timeline = result.controlPlane.timeline;
    for (let k = 0; k < timeline.length; k++) {
      const t = timeline[k].timeUs;
      const atOrBefore = timeline.filter((step) => step.timeUs <= t).length;
      const before = timeline.filter((step) => step.timeUs < t).length;
      expect(index.stepsAt(t)).toBe(atOrBefore);
      expect(index.stepsAt(t - 1)).toBe(before);
      expect(index.stateAt(t)).toEqual(replayed[atOrBefore]);
    }
    expect(index.stateAt(-1)).toBe(result.controlPlane.initial);
    expect(index.stateAt(Number.MAX_SAFE_INTEGER)).toEqual(replayed[replayed.length - 1]);
  });

  it("never changes the recorded states it starts from", () => {
    const initial = JSON.stringify(result.controlPlane.initial);
    const index = new ControlPlaneIndex(result.controlPlane.initial, result.controlPlane.timeline, 5);
    index.stateAfter(result.controlPlane.timeline.length);
    index.stateAfter(3);
    expect(JSON.stringify(result.controlPlane.initial)).toBe(initial);
  });

  it("refuses a checkpoint interval below one", () => {
    expect(() => new ControlPlaneIndex(result.controlPlane.initial, [], 0)).toThrow(/≥ 1/);
  });
});
