// What stays in the terminal after the UI closes: the plain report's verdict lines, any failed
// target, and the replay command.

import { ansiStyle, formatText, plainStyle } from "../report/index.js";
import type { RunResult } from "../scenario/index.js";

export function epilogue(result: RunResult, color: boolean): string {
  const lines = formatText(result, color ? ansiStyle : plainStyle).split("\n");
  const failed = lines.filter((line) => line.includes("✗"));
  const replay = lines.filter((line) => line.startsWith("replay: "));
  return `${[lines[0], lines[1], ...failed, ...replay].join("\n")}\n`;
}
