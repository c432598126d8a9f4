// The live app: playback driven by an injectable ticker and by keys (only when stdin is a TTY;
// otherwise it plays to the end and exits), following the terminal's size.

import { useApp, useInput, useStdin } from "ink";
import { useEffect, useMemo, useReducer } from "react";
import { Frame } from "./frame.js";
import { commandsFor } from "./keys.js";
import type { Size } from "./layout.js";
import {
  initialPlayback,
  type Playback,
  type PlaybackAction,
  type PlaybackBounds,
  reducePlayback,
} from "./playback.js";
import type { PreparedRun } from "./prepare.js";
import type { Ticker } from "./ticker.js";
import { useTerminalSize } from "./use-terminal-size.js";

export interface AppProps {
  run: PreparedRun;
  /** Where elapsed wall time comes from; without one, time stands still. */
  ticker?: Ticker;
  /** A fixed size instead of the terminal's. */
  size?: Size;
  color?: boolean;
  /** Set false to ignore keys even on a TTY. */
  keyboard?: boolean;
  /** Overrides of the starting playback state. */
  initial?: Partial<Playback>;
}

export function App({
  run,
  ticker,
  size: fixedSize,
  color = true,
  keyboard: keyboardWanted = true,
  initial,
}: AppProps) {
  const { exit } = useApp();
  const { isRawModeSupported } = useStdin();
  const keyboard = keyboardWanted && isRawModeSupported === true;
  const size = useTerminalSize(fixedSize);
  const bounds = useMemo<PlaybackBounds>(
    () => ({ durationUs: run.durationUs, openingUs: run.openingUs, eventTimesUs: run.storyTimesUs }),
    [run],
  );
  const [playback, dispatch] = useReducer(
    (state: Playback, action: PlaybackAction) => reducePlayback(state, action, bounds),
    undefined,
    () => ({ ...initialPlayback(bounds), ...initial }),
  );

  useEffect(() => ticker?.subscribe((wallMs) => dispatch({ type: "tick", wallMs })), [ticker]);

  useInput(
    (input, key) => {
      try {
        for (const command of commandsFor(input, key)) {
          if (command.type === "quit") exit();
          else dispatch(command);
        }
      } catch {
        // A key must never take the UI down; an unexpected input is simply ignored.
      }
    },
    { isActive: keyboard },
  );

  const ended = playback.cursorUs >= run.durationUs;
  useEffect(() => {
    if (ended && !keyboard) exit();
  }, [ended, keyboard, exit]);

  return <Frame run={run} playback={playback} size={size} color={color} keyboard={keyboard} />;
}
