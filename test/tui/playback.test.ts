// The pure parts under the app: the playback state machine, the key map and the sparkline.

import { describe, expect, it } from "vitest";
import { commandsFor } from "../../src/tui/keys.js";
import {
  DEFAULT_SPEED_INDEX,
  initialPlayback,
  type Playback,
  type PlaybackAction,
  reducePlayback,
  SPEEDS_S_PER_S,
} from "../../src/tui/playback.js";
import { sparkline } from "../../src/tui/sparkline.js";

const S = 1_000_000;
const bounds = { durationUs: 600 * S, openingUs: 100 * S, eventTimesUs: [120 * S, 180 * S, 300 * S] };

function play(actions: PlaybackAction[], from: Playback = initialPlayback(bounds)): Playback {
  return actions.reduce((state, action) => reducePlayback(state, action, bounds), from);
}

describe("playback", () => {
  it("starts at the opening, playing, at one simulated minute per wall second", () => {
    expect(initialPlayback(bounds)).toEqual({ cursorUs: 100 * S, playing: true, speedIndex: DEFAULT_SPEED_INDEX });
    expect(SPEEDS_S_PER_S[DEFAULT_SPEED_INDEX]).toBe(60);
  });

  it("advances by wall time × speed, only while playing, and stops at the end", () => {
    expect(play([{ type: "tick", wallMs: 500 }]).cursorUs).toBe(130 * S);
    expect(play([{ type: "toggle" }, { type: "tick", wallMs: 500 }]).cursorUs).toBe(100 * S);
    const end = play([{ type: "tick", wallMs: 60_000 }]);
    expect(end).toMatchObject({ cursorUs: 600 * S, playing: false });
    for (const wallMs of [0, -5, Number.NaN]) expect(play([{ type: "tick", wallMs }]).cursorUs).toBe(100 * S);
  });

  it("steps to the next and previous notable event, pausing", () => {
    const states = [{ type: "nextEvent" }, { type: "nextEvent" }, { type: "previousEvent" }] as PlaybackAction[];
    const cursors = states.map((_, i) => play(states.slice(0, i + 1)).cursorUs / S);
    expect(cursors).toEqual([120, 180, 120]);
    expect(play([{ type: "nextEvent" }]).playing).toBe(false);
    expect(play([{ type: "end" }, { type: "nextEvent" }]).cursorUs).toBe(600 * S);
    expect(play([{ type: "home" }, { type: "previousEvent" }]).cursorUs).toBe(0);
  });

  it("scrubs by half a wall second of playback, within the run", () => {
    expect(play([{ type: "scrub", direction: 1 }]).cursorUs).toBe(130 * S);
    expect(play([{ type: "faster" }, { type: "scrub", direction: -1 }]).cursorUs).toBe(40 * S);
    expect(play(Array(20).fill({ type: "scrub", direction: -1 })).cursorUs).toBe(0);
    expect(play(Array(30).fill({ type: "scrub", direction: 1 }))).toMatchObject({ cursorUs: 600 * S, playing: false });
  });

  it("keeps the speed within its presets", () => {
    expect(play(Array(30).fill({ type: "faster" })).speedIndex).toBe(SPEEDS_S_PER_S.length - 1);
    expect(play(Array(30).fill({ type: "slower" })).speedIndex).toBe(0);
  });

  it("restarts from the opening, and space at the end plays again from there", () => {
    expect(play([{ type: "end" }, { type: "restart" }])).toMatchObject({ cursorUs: 100 * S, playing: true });
    expect(play([{ type: "end" }, { type: "toggle" }])).toMatchObject({ cursorUs: 100 * S, playing: true });
  });
});

describe("keys", () => {
  it("maps the documented keys", () => {
    const type = (input: string, key = {}) => commandsFor(input, key).map((c) => c.type);
    expect(type(" ")).toEqual(["toggle"]);
    expect(type("+")).toEqual(["faster"]);
    expect(type("=")).toEqual(["faster"]);
    expect(type("-")).toEqual(["slower"]);
    expect(type("[")).toEqual(["scrub"]);
    expect(type("]")).toEqual(["scrub"]);
    expect(type("r")).toEqual(["restart"]);
    expect(type("q")).toEqual(["quit"]);
    expect(type("c", { ctrl: true })).toEqual(["quit"]);
    expect(type("", { leftArrow: true })).toEqual(["previousEvent"]);
    expect(type("", { rightArrow: true })).toEqual(["nextEvent"]);
    expect(type("", { home: true })).toEqual(["home"]);
    expect(type("", { end: true })).toEqual(["end"]);
  });

  it("takes pasted keys one by one and ignores everything else", () => {
    expect(commandsFor("]]x[ ", {}).map((c) => c.type)).toEqual(["scrub", "scrub", "scrub", "toggle"]);
    expect(commandsFor("hi wöld 🙂", {}).map((c) => c.type)).toEqual(["toggle", "toggle"]);
    expect(commandsFor("a", { ctrl: true })).toEqual([]);
    expect(commandsFor(undefined as unknown as string, {})).toEqual([]);
  });
});

describe("sparkline", () => {
  it("draws eight levels per row, top row first, blank where there is no data", () => {
    expect(sparkline([0, 0.5, 1, null], { min: 0, max: 1 })).toEqual(["▁▄█ "]);
    // Two rows: sixteen levels; zero still shows as the lowest bar.
    expect(sparkline([0, 0.25, 0.5, 0.75, 1], { min: 0, max: 1, height: 2 })).toEqual(["   ▄█", "▁▄███"]);
  });

  it("clamps values outside the range and survives a flat range", () => {
    expect(sparkline([-5, 5], { min: 0, max: 1 })).toEqual(["▁█"]);
    expect(sparkline([3, 3], { min: 3, max: 3 })).toEqual(["██"]);
  });
});
