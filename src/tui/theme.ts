// How states look: one glyph and one colour per component state and per event tone, so the UI
// stays readable without colour (NO_COLOR, --no-color) as well as with it.

import type { Color } from "./text.js";

/** `absent`: an autoscaling slot with no instance in it, drawn as an empty place, not a failure. */
export type Status = "healthy" | "degraded" | "down" | "draining" | "promoting" | "absent";

export const STATUS_GLYPH: Record<Status, string> = {
  healthy: "●",
  degraded: "◐",
  down: "✗",
  draining: "○",
  promoting: "◆",
  absent: "·",
};

export const STATUS_COLOR: Record<Status, Color> = {
  healthy: "green",
  degraded: "yellow",
  down: "red",
  draining: "cyan",
  promoting: "magenta",
  absent: "gray",
};

/** The legend's order; `absent` is listed only for designs that autoscale. */
export const STATUS_ORDER: readonly Status[] = ["healthy", "degraded", "down", "draining", "promoting", "absent"];

/** Drawn dim as well as grey: an empty slot must recede, with colour or without (NO_COLOR). */
export const STATUS_DIM: ReadonlySet<Status> = new Set(["absent"]);

/** What an event means for users: bad news, a warning, good news or plain information. */
export type Tone = "bad" | "warn" | "good" | "info";

export const TONE_COLOR: Record<Tone, Color | undefined> = {
  bad: "red",
  warn: "yellow",
  good: "green",
  info: undefined,
};
