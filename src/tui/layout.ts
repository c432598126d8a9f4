// Splits the terminal into header, topology | events, timeline, scorecard and help, never using
// the last row (a full screen makes Ink clear it every frame); below 80×24 it says so instead.

export const MIN_COLUMNS = 80;
export const MIN_ROWS = 24;
/** Rows of the middle panels (topology, events), borders included, before the scorecard shrinks. */
const MIDDLE_MIN = 8;

export interface Size {
  columns: number;
  rows: number;
}

export interface Rect {
  width: number;
  height: number;
}

export type Layout =
  | {
      fits: true;
      width: number;
      topology: Rect;
      events: Rect;
      timeline: Rect;
      scorecard: Rect;
    }
  | { fits: false; size: Size; need: Size };

/** `scorecardRows` says how many inner rows the scorecard wants at a given inner width. */
export function computeLayout(size: Size, scorecardRows: (innerWidth: number) => number): Layout {
  const columns = Math.floor(size.columns);
  const rows = Math.floor(size.rows);
  if (!(columns >= MIN_COLUMNS && rows >= MIN_ROWS)) {
    return { fits: false, size: { columns, rows }, need: { columns: MIN_COLUMNS, rows: MIN_ROWS } };
  }
  const usable = rows - 1;
  const timelineHeight = usable >= 36 ? 9 : 6;
  const free = usable - 2 - timelineHeight;
  const scorecardHeight = Math.max(3, Math.min(scorecardRows(columns - 2) + 2, free - MIDDLE_MIN));
  const middle = free - scorecardHeight;
  // The event log's sentences are longer than the topology's rows: it gets the larger share.
  const topologyWidth = Math.ceil(columns * 0.46);
  return {
    fits: true,
    width: columns,
    topology: { width: topologyWidth, height: middle },
    events: { width: columns - topologyWidth, height: middle },
    timeline: { width: columns, height: timelineHeight },
    scorecard: { width: columns, height: scorecardHeight },
  };
}
