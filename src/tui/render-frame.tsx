// One frame as a string, without a terminal (ink's renderToString): for the benchmark and for
// tests that need a size other than ink-testing-library's 100 columns.

import { renderToString } from "ink";
import { Frame } from "./frame.js";
import type { Size } from "./layout.js";
import { initialPlayback, type Playback } from "./playback.js";
import type { PreparedRun } from "./prepare.js";

export interface RenderFrameOptions {
  size: Size;
  cursorUs: number;
  color?: boolean;
  playback?: Partial<Playback>;
}

export function renderFrame(run: PreparedRun, options: RenderFrameOptions): string {
  const playback: Playback = {
    ...initialPlayback({ durationUs: run.durationUs, openingUs: run.openingUs, eventTimesUs: run.storyTimesUs }),
    ...options.playback,
    cursorUs: Math.max(0, Math.min(run.durationUs, Math.round(options.cursorUs))),
  };
  return renderToString(
    <Frame run={run} playback={playback} size={options.size} color={options.color ?? false} keyboard />,
    { columns: options.size.columns },
  );
}
