// One frame of the UI for a playback state and a terminal size: pure (no hooks), so the live
// app, the tests and the benchmark all draw exactly the same thing.

import { Box, Text } from "ink";
import { eventLogLines, eventLogTitle } from "./event-log-lines.js";
import { headerLine, helpLine } from "./header-lines.js";
import { computeLayout, type Size } from "./layout.js";
import { Panel } from "./panel.js";
import type { Playback } from "./playback.js";
import { clockAt, type PreparedRun, topologyAtTime } from "./prepare.js";
import { scorecardLines, scorecardRows } from "./scorecard-lines.js";
import { scorecardAt, verdictOf } from "./scorecard-model.js";
import { renderLine } from "./text.js";
import { timelineLines, timelineTitle } from "./timeline-lines.js";
import { topologyLines, topologyTitle } from "./topology-lines.js";

export interface FrameProps {
  run: PreparedRun;
  playback: Playback;
  size: Size;
  color: boolean;
  keyboard: boolean;
}

export function Frame({ run, playback, size, color, keyboard }: FrameProps) {
  const finalCard = scorecardAt(run, run.durationUs);
  const layout = computeLayout(size, (width) => scorecardRows(finalCard, width));
  if (!layout.fits) {
    return (
      <Box flexDirection="column" width={Math.max(1, layout.size.columns)}>
        <Text bold>faultline: this terminal is too small for the run view.</Text>
        <Text>
          It needs at least {layout.need.columns}×{layout.need.rows}; this one is {layout.size.columns}×
          {layout.size.rows}.
        </Text>
        <Text dimColor>Enlarge the window, or quit (q) and run with --no-ui for the plain report.</Text>
      </Box>
    );
  }
  const cursorUs = playback.cursorUs;
  const topology = topologyAtTime(run, cursorUs);
  const inner = (rect: { width: number; height: number }) => ({ w: rect.width - 2, h: rect.height - 2 });
  const t = inner(layout.topology);
  const e = inner(layout.events);
  const tl = inner(layout.timeline);
  const sc = inner(layout.scorecard);
  const card = cursorUs >= run.durationUs ? finalCard : scorecardAt(run, cursorUs);
  const scoreTitle = `Scorecard · ${verdictOf(card) ?? `so far at ${clockAt(run, cursorUs)}`}`;
  return (
    <Box flexDirection="column" width={layout.width}>
      <Text>{renderLine(headerLine(run, playback, layout.width), color)}</Text>
      <Box flexDirection="row">
        <Panel
          title={topologyTitle(topology, t.w, t.h, layout.topology.width - 5)}
          width={layout.topology.width}
          height={layout.topology.height}
          lines={topologyLines(topology, t.w, t.h)}
          color={color}
        />
        <Panel
          title={eventLogTitle(run, cursorUs)}
          width={layout.events.width}
          height={layout.events.height}
          lines={eventLogLines(run, cursorUs, e.w, e.h)}
          color={color}
        />
      </Box>
      <Panel
        title={timelineTitle(run, cursorUs, tl.w)}
        width={layout.timeline.width}
        height={layout.timeline.height}
        lines={timelineLines(run, cursorUs, tl.w, tl.h)}
        color={color}
      />
      <Panel
        title={scoreTitle}
        width={layout.scorecard.width}
        height={layout.scorecard.height}
        lines={scorecardLines(run, card, sc.w, sc.h)}
        color={color}
      />
      <Text>{renderLine(helpLine(playback, keyboard, layout.width), color)}</Text>
    </Box>
  );
}
