// Progress for long runs on stderr: a redrawn bar in a terminal, a plain line every few
// seconds otherwise (CI logs). Wall-clock time is allowed here, in the CLI only.

export interface ProgressReporter {
  update(fraction: number): void;
  done(): void;
}

const PLAIN_INTERVAL_MS = 5_000;
const TTY_INTERVAL_MS = 100;

export function createProgress(
  label: string,
  stream: NodeJS.WriteStream,
  mode: "tty" | "plain" | "off",
): ProgressReporter {
  if (mode === "off") return { update() {}, done() {} };
  const startedMs = Date.now();
  let lastMs = startedMs;
  let drawn = false;
  return {
    update(fraction) {
      const nowMs = Date.now();
      if (nowMs - lastMs < (mode === "tty" ? TTY_INTERVAL_MS : PLAIN_INTERVAL_MS)) return;
      lastMs = nowMs;
      const percent = Math.min(100, Math.floor(fraction * 100));
      const elapsedS = ((nowMs - startedMs) / 1000).toFixed(1);
      if (mode === "tty") {
        const width = 30;
        const filled = Math.round((percent / 100) * width);
        stream.write(`\r${label} [${"#".repeat(filled)}${" ".repeat(width - filled)}] ${percent}% ${elapsedS}s`);
        drawn = true;
      } else {
        stream.write(`${label}: ${percent}% simulated after ${elapsedS}s\n`);
      }
    },
    done() {
      if (drawn) stream.write("\r\u001b[2K");
    },
  };
}
