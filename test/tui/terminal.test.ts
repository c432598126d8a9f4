// The app in a terminal whose size and stdin the test controls: it re-lays out on resize, says
// what size it needs when the terminal is too small, ignores keys (and plays to the end, then
// exits) when stdin is not a TTY, and `runUi` resolves to the plain report's exit code after
// printing the verdict and the replay command.

import { EventEmitter } from "node:events";
import { createElement } from "react";
import { beforeAll, describe, expect, it } from "vitest";
import { formatText } from "../../src/report/index.js";
import type { RunResult } from "../../src/scenario/index.js";
import { App, ManualTicker, type PreparedRun, prepareRun, runUi } from "../../src/tui/index.js";
import { KEYS, renderInTerminal, runFixture, settle, stripAnsi } from "./support.js";

let result: RunResult;
let run: PreparedRun;

beforeAll(() => {
  result = runFixture("two-region.yaml");
  run = prepareRun(result);
});

const widest = (frame: string) => Math.max(...frame.split("\n").map((line) => [...line].length));

describe("the app in a terminal", () => {
  it("re-lays out when the terminal is resized, down to too small and back", async () => {
    const ticker = new ManualTicker();
    const terminal = renderInTerminal(createElement(App, { run, ticker, color: false }), { columns: 120, rows: 40 });
    await settle();
    expect(terminal.lastFrame().split("\n").length).toBeLessThanOrEqual(39);
    expect(widest(terminal.lastFrame())).toBe(120);

    terminal.stdout.resize(90, 26);
    await settle();
    expect(widest(terminal.lastFrame())).toBeLessThanOrEqual(90);
    expect(terminal.lastFrame().split("\n").length).toBeLessThanOrEqual(25);
    expect(terminal.lastFrame()).toMatch(/Scorecard/);

    terminal.stdout.resize(60, 15);
    await settle();
    expect(terminal.lastFrame()).toContain("too small");
    expect(terminal.lastFrame()).toContain("at least 80×24; this one is 60×15");

    // Keys and time still work while it is too small to draw.
    terminal.stdin.write(KEYS.end);
    await settle();
    terminal.stdout.resize(120, 40);
    await settle();
    expect(terminal.lastFrame()).toMatch(/■ end of run/);
    expect(widest(terminal.lastFrame())).toBe(120);
    terminal.instance.unmount();
  });

  it("ignores keys when stdin is not a TTY, plays to the end, then exits by itself", async () => {
    const ticker = new ManualTicker();
    const terminal = renderInTerminal(createElement(App, { run, ticker, color: false }), {
      columns: 120,
      rows: 40,
      stdinIsTTY: false,
    });
    await settle();
    expect(terminal.lastFrame()).toContain("keyboard off (stdin is not a terminal)");
    terminal.stdin.write("q");
    terminal.stdin.write(" ");
    await settle();
    expect(terminal.lastFrame()).toMatch(/▶ playing/);
    ticker.tick(10_000);
    await settle();
    expect(terminal.lastFrame()).toMatch(/02:08:00/);
    ticker.tick(30_000);
    await terminal.instance.waitUntilExit();
    expect(ticker.subscribers).toBe(0);
  });

  it("quits on Ctrl+C", async () => {
    const terminal = renderInTerminal(createElement(App, { run, ticker: new ManualTicker(), color: false }), {
      columns: 120,
      rows: 40,
    });
    await settle();
    terminal.stdin.write(KEYS.ctrlC);
    await terminal.instance.waitUntilExit();
  });
});

/** Streams for runUi: a non-TTY stdout (so no alternate screen) and a TTY stdin we type into. */
function streams() {
  const stdout = Object.assign(new EventEmitter(), {
    columns: 120,
    rows: 40,
    isTTY: false,
    text: "",
    write(chunk: string) {
      stdout.text += chunk;
      return true;
    },
  });
  const stdin = Object.assign(new EventEmitter(), {
    isTTY: true,
    pending: null as string | null,
    type(data: string) {
      stdin.pending = data;
      stdin.emit("readable");
    },
    read() {
      const data = stdin.pending;
      stdin.pending = null;
      return data;
    },
    setEncoding() {},
    setRawMode() {},
    resume() {},
    pause() {},
    ref() {},
    unref() {},
  });
  return { stdout, stdin };
}

describe("runUi", () => {
  for (const failing of [false, true]) {
    it(`resolves to ${failing ? 1 : 0} on q and leaves the verdict and the replay command behind`, async () => {
      const subject = failing
        ? runFixture("two-region.yaml", (yaml) => yaml.replace('rto: "<= 5m"', 'rto: "<= 10s"'))
        : result;
      const { stdout, stdin } = streams();
      const ticker = new ManualTicker();
      const exit = runUi(subject, {
        stdout: stdout as unknown as NodeJS.WriteStream,
        stderr: stdout as unknown as NodeJS.WriteStream,
        stdin: stdin as unknown as NodeJS.ReadStream,
        color: false,
        ticker,
      });
      await settle();
      // Outside debug mode Ink throttles frames on the wall clock, so only the first one is checked.
      expect(stripAnsi(stdout.text)).toMatch(/two-region-outage\s+seed \d+\s+01:58:00/);
      expect(ticker.subscribers).toBe(1);
      stdin.type("q");
      expect(await exit).toBe(failing ? 1 : 0);
      expect(ticker.subscribers).toBe(0);
      const report = formatText(subject).split("\n");
      const after = stdout.text.slice(stdout.text.lastIndexOf(report[0]));
      expect(after.startsWith(`${report[0]}\n${report[1]}\n`)).toBe(true);
      expect(after).toContain(`replay: faultline run test/tui/fixtures/two-region.yaml --seed ${subject.seed}\n`);
      if (failing) expect(after).toMatch(/✗ rto\s+\S+\s+target <= 10s/);
      expect(after).not.toContain("\u001b[");
    });
  }
});
