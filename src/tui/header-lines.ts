// The header (scenario, seed, simulated clock, playback state and speed) and the key help line.

import { formatDuration } from "../report/index.js";
import { type Playback, scrubStepUs, speedOf } from "./playback.js";
import { clockAt, type PreparedRun } from "./prepare.js";
import { fitLine, type Line, lineWidth, span, spread } from "./text.js";

/** `1m/s`: simulated time per wall second. */
export function formatSpeed(secondsPerSecond: number): string {
  if (secondsPerSecond >= 3600 && secondsPerSecond % 3600 === 0) return `${secondsPerSecond / 3600}h/s`;
  if (secondsPerSecond >= 60 && secondsPerSecond % 60 === 0) return `${secondsPerSecond / 60}m/s`;
  return `${secondsPerSecond}s/s`;
}

export type PlaybackState = "playing" | "paused" | "ended";

export function playbackState(playback: Playback, run: PreparedRun): PlaybackState {
  if (playback.cursorUs >= run.durationUs) return "ended";
  return playback.playing ? "playing" : "paused";
}

export function headerLine(run: PreparedRun, playback: Playback, width: number): Line {
  const { result } = run;
  const state = playbackState(playback, run);
  const left: Line = [
    span(" faultline ", { bold: true, inverse: true }),
    span(" "),
    span(result.scenario.name, { bold: true }),
    span(`  seed ${result.seed}`, { dim: true }),
    span("   "),
    span(clockAt(run, playback.cursorUs), { bold: true }),
  ];
  const stateSpan =
    state === "playing"
      ? span("▶ playing", { color: "green", bold: true })
      : state === "paused"
        ? span("❚❚ paused", { color: "yellow", bold: true })
        : span("■ end of run", { bold: true });
  const right: Line = [
    stateSpan,
    span(` · ${formatSpeed(speedOf(playback))}`),
    span(`  ${formatDuration(result.simulated.durationS)} run `, { dim: true }),
  ];
  return fitLine(spread(left, right, width), width);
}

export function helpLine(playback: Playback, keyboard: boolean, width: number): Line {
  if (!keyboard) {
    return fitLine(
      [span(" keyboard off (stdin is not a terminal): playing to the end, then exiting", { dim: true })],
      width,
    );
  }
  const step = formatDuration(scrubStepUs(playback) / 1e6);
  const full: [string, string][] = [
    ["space", "pause/play"],
    ["←/→", "prev/next event"],
    ["[/]", `∓${step}`],
    ["+/-", "speed"],
    ["Home/End", "start/end"],
    ["r", "restart"],
    ["q", "quit"],
  ];
  const short: [string, string][] = [
    ["space", "pause"],
    ["←/→", "events"],
    ["[/]", `∓${step}`],
    ["+/-", "speed"],
    ["r", "restart"],
    ["q", "quit"],
  ];
  const draw = (keys: [string, string][]): Line => {
    const line: Line = [span(" ")];
    keys.forEach(([key, what], i) => {
      if (i > 0) line.push(span("  "));
      line.push(span(key, { bold: true }), span(` ${what}`, { dim: true }));
    });
    return line;
  };
  const line = draw(full);
  return fitLine(lineWidth(line) <= width ? line : draw(short), width);
}
