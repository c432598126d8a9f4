// Keys → commands. Unknown keys do nothing; pasted or repeated characters arrive as one string
// and are taken one by one, so no input can reach the reducer in a shape it does not expect.

import type { PlaybackAction } from "./playback.js";

export type Command = PlaybackAction | { type: "quit" };

/** The parts of Ink's `Key` that matter here. */
export interface KeyInfo {
  leftArrow?: boolean;
  rightArrow?: boolean;
  home?: boolean;
  end?: boolean;
  ctrl?: boolean;
}

const CHARACTER_COMMANDS: Record<string, Command> = {
  " ": { type: "toggle" },
  "+": { type: "faster" },
  "=": { type: "faster" },
  "-": { type: "slower" },
  _: { type: "slower" },
  "[": { type: "scrub", direction: -1 },
  "]": { type: "scrub", direction: 1 },
  r: { type: "restart" },
  R: { type: "restart" },
  q: { type: "quit" },
  Q: { type: "quit" },
};

export function commandsFor(input: string, key: KeyInfo): Command[] {
  if (key.ctrl) return input === "c" ? [{ type: "quit" }] : [];
  if (key.leftArrow) return [{ type: "previousEvent" }];
  if (key.rightArrow) return [{ type: "nextEvent" }];
  if (key.home) return [{ type: "home" }];
  if (key.end) return [{ type: "end" }];
  if (typeof input !== "string") return [];
  const commands: Command[] = [];
  for (const character of input) {
    const command = CHARACTER_COMMANDS[character];
    if (command) commands.push(command);
  }
  return commands;
}
