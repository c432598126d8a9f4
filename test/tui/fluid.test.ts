// A fluid run in the terminal UI (ARCHITECTURE.md, "Fidelity"): it has no request latencies, so
// the timeline's latency rows and the scorecard say "not measured" instead of drawing zeros, and
// the replay command carries --fidelity fluid so that it replays the same run.

import { createElement } from "react";
import { describe, expect, it } from "vitest";
import { App, prepareRun } from "../../src/tui/index.js";
import { renderInTerminal, runFixture, settle } from "./support.js";

describe("a fluid run in the terminal UI", () => {
  it("shows no latency it did not measure, and replays as fluid", async () => {
    const result = runFixture("two-region.yaml", (yaml) => `fidelity: fluid\n${yaml}`);
    expect(result.simulated.fidelity).toBe("fluid");
    const run = prepareRun(result);
    const props = { run, size: undefined, color: false, initial: { cursorUs: run.durationUs, playing: false } };
    const terminal = renderInTerminal(createElement(App, props), { columns: 120, rows: 40 });
    await settle();
    const frame = terminal.lastFrame();
    terminal.instance.unmount();
    expect(frame).toMatch(/│\s+p99│ not measured \(fluid\)/);
    expect(frame).toMatch(/latency not measured: a fluid run simulates rates, not requests/);
    expect(frame).not.toMatch(/p99 \d+ms/);
    expect(frame).toMatch(/replay: faultline run \S+two-region.yaml --seed \d+ --fidelity fluid/);
  });
});
