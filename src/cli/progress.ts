// Progress for long runs on stderr, with the time left: a redrawn bar in a terminal, a plain line every few
// seconds otherwise (CI logs). A line is due every PLAIN_INTERVAL_MS even when the work has not
// moved (a caller ticks it from a timer), so a log is never silent for longer than that.
// Wall-clock time is allowed here, in the CLI only; tests inject the clock.

export interface ProgressReporter {
  /** The share of the work done, 0..1; drawn or printed when a line is due. */
  update(fraction: number): void;
  /** Prints the line if one is due, with the last known share: call it from a timer. */
  tick(): void;
  done(): void;
}

export const PLAIN_INTERVAL_MS = 5_000;
const TTY_INTERVAL_MS = 100;

export function createProgress(
  label: string,
  stream: { write(text: string): unknown },
  mode: "tty" | "plain" | "off",
  now: () => number = Date.now,
): ProgressReporter {
  if (mode === "off") return { update() {}, tick() {}, done() {} };
  const startedMs = now();
  const intervalMs = mode === "tty" ? TTY_INTERVAL_MS : PLAIN_INTERVAL_MS;
  let lastMs = startedMs;
  let fraction = 0;
  let drawn = false;
  const draw = () => {
    const nowMs = now();
    if (nowMs - lastMs < intervalMs) return;
    lastMs = nowMs;
    const percent = Math.min(100, Math.floor(fraction * 100));
    const elapsedMs = nowMs - startedMs;
    const elapsedS = (elapsedMs / 1000).toFixed(1);
    const left = remaining(fraction, elapsedMs);
    if (mode === "tty") {
      const width = 30;
      const filled = Math.round((percent / 100) * width);
      stream.write(
        `\r${label} [${"#".repeat(filled)}${" ".repeat(width - filled)}] ${percent}% ${elapsedS}s${left ? `, ${left}` : ""}\u001b[K`,
      );
      drawn = true;
    } else {
      stream.write(`${label}: ${percent}% simulated after ${elapsedS}s${left ? `, ${left}` : ""}\n`);
    }
  };
  return {
    update(value) {
      fraction = Math.max(fraction, value);
      draw();
    },
    tick: draw,
    done() {
      if (drawn) stream.write("\r\u001b[2K");
    },
  };
}

/**
 * "about 1m20s left", extrapolated from the share done so far; nothing before 1% is done (too
 * early to say) or once all of it is.
 */
function remaining(fraction: number, elapsedMs: number): string | undefined {
  if (fraction < 0.01 || fraction >= 1) return undefined;
  const leftS = Math.round(((elapsedMs / 1000) * (1 - fraction)) / fraction);
  const text = leftS >= 60 ? `${Math.floor(leftS / 60)}m${String(leftS % 60).padStart(2, "0")}s` : `${leftS}s`;
  return `about ${text} left`;
}
