// The terminal UI's frame cost (`node bench/tui-frame.js [--json]`, after `npm run build`): the
// 3 regions × 3 zones × 10 instances design (test/tui/fixtures/big-design.yaml) drawn at 120×40
// at instants spread over the run, against a 16.7 ms frame interval (60 fps). Four measures:
// (a) the UI's own work (control-plane state + every panel's lines, no Ink), (b) a live Ink
// instance re-rendering the frame, as the app does on every tick, (c) ink's renderToString,
// and (d) Ink's floor: the same live instance drawing 39 rows of 120 plain characters.
import { readFileSync } from "node:fs";

// The CLI runs the UI with React's production build; measure the same thing.
process.env.NODE_ENV ??= "production";

const FRAMES = 300;
const WARM_UP = 30;
const SIZE = { columns: 120, rows: 40 };
const FRAME_BUDGET_MS = 1000 / 60;
const file = "test/tui/fixtures/big-design.yaml";

const { loadScenario, runScenario } = await import("../dist/scenario/index.js");
const { prepareRun, renderFrame, Frame } = await import("../dist/tui/index.js");
const { topologyAtTime } = await import("../dist/tui/prepare.js");
const { topologyLines } = await import("../dist/tui/topology-lines.js");
const { timelineLines } = await import("../dist/tui/timeline-lines.js");
const { eventLogLines } = await import("../dist/tui/event-log-lines.js");
const { scorecardAt } = await import("../dist/tui/scorecard-model.js");
const { scorecardLines } = await import("../dist/tui/scorecard-lines.js");
const { computeLayout } = await import("../dist/tui/layout.js");
const { Box, render, Text } = await import("ink");
const { createElement } = await import("react");
const { EventEmitter } = await import("node:events");

const result = runScenario(loadScenario(readFileSync(file, "utf8"), file), { version: "bench" });
const preparedAtMs = performance.now();
const run = prepareRun(result);
const prepareMs = performance.now() - preparedAtMs;

/** Instants spread over the whole run, in a scrambled order (scrubbing, not only playing). */
const instants = Array.from({ length: FRAMES }, (_, i) => Math.round((((i * 37) % FRAMES) / FRAMES) * run.durationUs));

function measure(drawOne) {
  for (let i = 0; i < WARM_UP; i++) drawOne(instants[i % FRAMES]);
  const startedMs = performance.now();
  for (const cursorUs of instants) drawOne(cursorUs);
  return (performance.now() - startedMs) / FRAMES;
}

// (a) The UI's own work for one frame, without Ink.
const layout = computeLayout(SIZE, () => 8);
const inner = (rect) => ({ w: rect.width - 2, h: rect.height - 2 });
const linesMs = measure((cursorUs) => {
  const t = inner(layout.topology);
  topologyLines(topologyAtTime(run, cursorUs), t.w, t.h);
  eventLogLines(run, cursorUs, inner(layout.events).w, inner(layout.events).h);
  timelineLines(run, cursorUs, inner(layout.timeline).w, inner(layout.timeline).h);
  scorecardLines(run, scorecardAt(run, cursorUs), inner(layout.scorecard).w, inner(layout.scorecard).h);
});

// (b) A live Ink instance in a 120×40 fake terminal, re-rendered per frame (debug mode writes
// every frame in full, synchronously, so the time includes layout and the frame's text).
class FakeTerminal extends EventEmitter {
  columns = SIZE.columns;
  rows = SIZE.rows;
  isTTY = true;
  bytes = 0;
  write(frame) {
    this.bytes += frame.length;
    return true;
  }
}
const stdout = new FakeTerminal();
const frameOf = (cursorUs) =>
  createElement(Frame, {
    run,
    playback: { cursorUs, playing: true, speedIndex: 4 },
    size: SIZE,
    color: true,
    keyboard: true,
  });
const instance = render(frameOf(0), {
  stdout,
  stderr: new FakeTerminal(),
  stdin: new FakeTerminal(),
  debug: true,
  patchConsole: false,
  exitOnCtrlC: false,
});
const liveMs = measure((cursorUs) => instance.rerender(frameOf(cursorUs)));
instance.unmount();

// (c) ink's renderToString: a fresh Ink tree per frame.
const toStringMs = measure((cursorUs) => renderFrame(run, { size: SIZE, cursorUs, color: true }));

// (d) Ink's own cost for a screen of the same size: plain rows, nothing else.
const plainOf = (cursorUs) =>
  createElement(
    Box,
    { flexDirection: "column" },
    ...Array.from({ length: SIZE.rows - 1 }, (_, row) =>
      createElement(Text, { key: row }, `${String(cursorUs + row).padStart(12)} ${"x".repeat(SIZE.columns - 13)}`),
    ),
  );
const plain = render(plainOf(0), {
  stdout: new FakeTerminal(),
  stdin: new FakeTerminal(),
  debug: true,
  patchConsole: false,
});
const floorMs = measure((cursorUs) => plain.rerender(plainOf(cursorUs)));
plain.unmount();

const figures = {
  design: "3 regions × 3 zones × 10 instances",
  size: `${SIZE.columns}×${SIZE.rows}`,
  frames: FRAMES,
  nodeEnv: process.env.NODE_ENV,
  prepareMs,
  linesMsPerFrame: linesMs,
  liveInkMsPerFrame: liveMs,
  renderToStringMsPerFrame: toStringMs,
  inkFloorMsPerFrame: floorMs,
  frameBudgetMs: FRAME_BUDGET_MS,
  bytesPerFrame: Math.round(stdout.bytes / (FRAMES + WARM_UP + 1)),
};

if (process.argv.includes("--json")) {
  console.log(JSON.stringify(figures));
} else {
  const share = (ms) =>
    `${ms.toFixed(2)} ms (${Math.round((ms / FRAME_BUDGET_MS) * 100)}% of a ${FRAME_BUDGET_MS.toFixed(1)} ms frame)`;
  console.log(`TUI frame: ${figures.design} at ${figures.size}, ${FRAMES} frames, NODE_ENV=${figures.nodeEnv}`);
  console.log(`  prepare (once per run): ${prepareMs.toFixed(1)} ms`);
  console.log(`  (a) state + panel lines, no Ink: ${share(linesMs)}`);
  console.log(`  (b) live Ink re-render:          ${share(liveMs)}`);
  console.log(`  (c) ink renderToString:          ${share(toStringMs)}`);
  console.log(`  (d) Ink floor, plain 120×39:     ${share(floorMs)}`);
  console.log(`  frame size: ${figures.bytesPerFrame.toLocaleString("en-US")} bytes`);
}
