// Public face of the terminal UI (Ink). The CLI loads it with a dynamic import(), only when the
// UI is used: importing Ink costs about 0.4 s.

export { App, type AppProps } from "./app.js";
export { Frame, type FrameProps } from "./frame.js";
export { computeLayout, MIN_COLUMNS, MIN_ROWS, type Size } from "./layout.js";
export { type Playback, SPEEDS_S_PER_S } from "./playback.js";
export { clockAt, type PreparedRun, prepareRun } from "./prepare.js";
export { type RenderFrameOptions, renderFrame } from "./render-frame.js";
export { runUi, type UiOptions } from "./run-ui.js";
export { intervalTicker, ManualTicker, type Ticker } from "./ticker.js";
