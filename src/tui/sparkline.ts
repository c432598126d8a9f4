// A small sparkline of block characters (asciichart is not a dependency): values → rows of
// text, top row first, `height` rows tall with eight levels per row. Null means "no data yet".

const BLOCKS = [" ", "▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"];

export interface SparklineOptions {
  /** The value drawn as empty. */
  min: number;
  /** The value drawn as full. */
  max: number;
  /** Rows of text (default 1). */
  height?: number;
}

/** One string per row, each exactly `values.length` characters. */
export function sparkline(values: readonly (number | null)[], options: SparklineOptions): string[] {
  const height = Math.max(1, Math.floor(options.height ?? 1));
  const range = options.max - options.min;
  const eighths = values.map((value) => {
    if (value === null || !Number.isFinite(value)) return -1;
    const fraction = range > 0 ? (value - options.min) / range : 1;
    const level = Math.round(Math.min(1, Math.max(0, fraction)) * height * 8);
    // A value that exists is never drawn as nothing: the lowest bar is one eighth.
    return Math.max(1, level);
  });
  const rows: string[] = [];
  for (let row = 0; row < height; row++) {
    const below = (height - 1 - row) * 8;
    rows.push(eighths.map((level) => (level < 0 ? " " : BLOCKS[Math.min(8, Math.max(0, level - below))])).join(""));
  }
  return rows;
}
