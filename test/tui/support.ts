// Shared by the terminal UI tests: the fixture scenarios run once per test file, times of day as
// simulated microseconds, frames without ANSI codes, and an Ink render whose terminal size and
// stdin (TTY or not) the test chooses (ink-testing-library's is fixed at 100 columns and a TTY).

import { EventEmitter } from "node:events";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { type Instance, render } from "ink";
import type { ReactElement } from "react";
import { loadScenario, type RunResult, runScenario } from "../../src/scenario/index.js";
import type { PreparedRun } from "../../src/tui/index.js";

export const FIXTURES = fileURLToPath(new URL("./fixtures/", import.meta.url));

/** Runs a fixture scenario (a few hundred milliseconds for the small ones). */
export function runFixture(name: string, edit: (yaml: string) => string = (yaml) => yaml): RunResult {
  const file = `test/tui/fixtures/${name}`;
  return runScenario(loadScenario(edit(readFileSync(`${FIXTURES}${name}`, "utf8")), file), { version: "test" });
}

/** `"02:00:05"` → simulated microseconds in this run (its clock starts at the scenario's `start`). */
export function at(run: PreparedRun, timeOfDay: string): number {
  const [h, m, s] = timeOfDay.split(":").map(Number);
  return ((h * 60 + m) * 60 + (s ?? 0)) * 1e6 - run.startOfDayUs;
}

export function stripAnsi(text: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: ANSI escape sequences start with ESC
  return text.replace(/\u001b\[[0-9;?]*[A-Za-z]/g, "");
}

/** The topology panel's row that starts with `prefix`, without the event log beside it. */
export function rowStarting(frame: string, prefix: string): string | undefined {
  const row = frame.split("\n").find((line) => line.replace(/^│/, "").startsWith(prefix));
  return row?.split("││")[0];
}

/**
 * Lets React and Ink finish what a key or a tick set off. React schedules the render from a
 * microtask onto the next turn of the event loop, so a few turns are waited (no timers).
 */
export async function settle(turns = 5): Promise<void> {
  for (let i = 0; i < turns; i++) await new Promise((resolve) => setImmediate(resolve));
}

class FakeStdout extends EventEmitter {
  frames: string[] = [];
  isTTY = true;
  constructor(
    public columns: number,
    public rows: number,
  ) {
    super();
  }
  write = (frame: string) => {
    this.frames.push(frame);
    return true;
  };
  resize(columns: number, rows: number) {
    this.columns = columns;
    this.rows = rows;
    this.emit("resize");
  }
}

class FakeStdin extends EventEmitter {
  private pending: string | null = null;
  constructor(public isTTY: boolean) {
    super();
  }
  write(data: string) {
    this.pending = data;
    this.emit("readable");
    this.emit("data", data);
  }
  read = () => {
    const data = this.pending;
    this.pending = null;
    return data;
  };
  setEncoding() {}
  setRawMode() {}
  resume() {}
  pause() {}
  ref() {}
  unref() {}
}

export interface Terminal {
  instance: Instance;
  stdout: FakeStdout;
  stdin: FakeStdin;
  lastFrame(): string;
}

/** Renders in a fake terminal of the given size; `stdinIsTTY: false` is a pipe. */
export function renderInTerminal(
  element: ReactElement,
  options: { columns: number; rows: number; stdinIsTTY?: boolean },
): Terminal {
  const stdout = new FakeStdout(options.columns, options.rows);
  const stdin = new FakeStdin(options.stdinIsTTY ?? true);
  const instance = render(element, {
    stdout: stdout as unknown as NodeJS.WriteStream,
    stderr: new FakeStdout(options.columns, options.rows) as unknown as NodeJS.WriteStream,
    stdin: stdin as unknown as NodeJS.ReadStream,
    debug: true,
    exitOnCtrlC: false,
    patchConsole: false,
  });
  return { instance, stdout, stdin, lastFrame: () => stripAnsi(stdout.frames[stdout.frames.length - 1] ?? "") };
}

export const KEYS = {
  right: "\u001b[C",
  left: "\u001b[D",
  home: "\u001b[H",
  end: "\u001b[F",
  ctrlC: "\u0003",
} as const;
