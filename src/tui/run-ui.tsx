// Mounts the app on the alternate screen, then prints the verdict and replay command after Ink
// unmounts; resolves to the exit code: 0, or 1 when an SLO target or expectation failed.

import { render } from "ink";
import type { RunResult } from "../scenario/index.js";
import { App } from "./app.js";
import { epilogue } from "./epilogue.js";
import { prepareRun } from "./prepare.js";
import { intervalTicker, type Ticker } from "./ticker.js";

const ENTER_ALTERNATE_SCREEN = "\u001b[?1049h";
const LEAVE_ALTERNATE_SCREEN = "\u001b[?1049l";

export interface UiOptions {
  stdout: NodeJS.WriteStream;
  stdin: NodeJS.ReadStream;
  stderr: NodeJS.WriteStream;
  color?: boolean;
  /** Defaults to the wall clock. */
  ticker?: Ticker;
}

export async function runUi(result: RunResult, options: UiOptions): Promise<number> {
  const { stdout, stdin, stderr } = options;
  const color = options.color ?? true;
  const run = prepareRun(result);
  const fullScreen = stdout.isTTY === true;
  if (fullScreen) stdout.write(ENTER_ALTERNATE_SCREEN);
  const instance = render(<App run={run} ticker={options.ticker ?? intervalTicker()} color={color} />, {
    stdout,
    stdin,
    stderr,
    exitOnCtrlC: false,
    patchConsole: false,
  });
  // Without raw mode (stdin not a TTY) Ctrl+C arrives as a signal, not as a key.
  const stop = () => instance.unmount();
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
  try {
    await instance.waitUntilExit();
  } finally {
    process.off("SIGINT", stop);
    process.off("SIGTERM", stop);
    if (fullScreen) stdout.write(LEAVE_ALTERNATE_SCREEN);
  }
  stdout.write(epilogue(result, color));
  return result.pass ? 0 : 1;
}
