// Progress lines on a stream that is not a terminal: one every 5 s of wall time, whether or not
// the work moved in between, so a CI log is never silent for long. The clock is injected.

import { describe, expect, it } from "vitest";
import { createProgress, PLAIN_INTERVAL_MS } from "../../src/cli/progress.js";

function recorder() {
  const lines: string[] = [];
  return { lines, stream: { write: (text: string) => lines.push(text) } };
}

describe("plain progress lines", () => {
  it("prints a line every 5 s of wall time even while the work does not move", () => {
    let nowMs = 1_000_000;
    const { lines, stream } = recorder();
    const progress = createProgress("check: 3 runs", stream, "plain", () => nowMs);
    nowMs += PLAIN_INTERVAL_MS - 1;
    progress.tick();
    expect(lines).toEqual([]);
    nowMs += 1;
    progress.tick();
    nowMs += 1_000;
    progress.update(0.42);
    nowMs += 4_000;
    progress.tick();
    nowMs += 5_000;
    progress.tick();
    progress.done();
    expect(lines).toEqual([
      "check: 3 runs: 0% simulated after 5.0s\n",
      "check: 3 runs: 42% simulated after 10.0s, about 14s left\n",
      "check: 3 runs: 42% simulated after 15.0s, about 21s left\n",
    ]);
  });

  it("prints at most one line per 5 s however often the work moves, and never goes backwards", () => {
    let nowMs = 0;
    const { lines, stream } = recorder();
    const progress = createProgress("run", stream, "plain", () => nowMs);
    for (let step = 1; step <= 100; step++) {
      nowMs += 200; // 20 s in all
      progress.update(step === 60 ? 0.1 : step / 100);
    }
    expect(lines).toEqual([
      "run: 25% simulated after 5.0s, about 15s left\n",
      "run: 50% simulated after 10.0s, about 10s left\n",
      "run: 75% simulated after 15.0s, about 5s left\n",
      "run: 100% simulated after 20.0s\n",
    ]);
  });

  it("prints nothing when switched off", () => {
    let nowMs = 0;
    const { lines, stream } = recorder();
    const progress = createProgress("run", stream, "off", () => nowMs);
    nowMs += 60_000;
    progress.update(0.5);
    progress.tick();
    progress.done();
    expect(lines).toEqual([]);
  });
});
