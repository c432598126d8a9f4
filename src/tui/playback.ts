// Playback as a pure state machine: where the cursor is, whether it moves, how fast. The wall
// clock never appears here: time arrives as `tick` actions, so tests drive it deterministically.

export const SPEEDS_S_PER_S = [1, 5, 15, 30, 60, 120, 300, 600, 1800, 3600] as const;
/** 1 simulated minute per wall second. */
export const DEFAULT_SPEED_INDEX = 4;

export interface Playback {
  cursorUs: number;
  playing: boolean;
  speedIndex: number;
}

export type PlaybackAction =
  | { type: "tick"; wallMs: number }
  | { type: "toggle" }
  | { type: "faster" }
  | { type: "slower" }
  | { type: "nextEvent" }
  | { type: "previousEvent" }
  | { type: "scrub"; direction: 1 | -1 }
  | { type: "restart" }
  | { type: "home" }
  | { type: "end" };

export interface PlaybackBounds {
  durationUs: number;
  /** Where playback starts and `r` returns. */
  openingUs: number;
  /** Ascending times of notable events. */
  eventTimesUs: readonly number[];
}

export function initialPlayback(bounds: PlaybackBounds): Playback {
  return { cursorUs: bounds.openingUs, playing: bounds.openingUs < bounds.durationUs, speedIndex: DEFAULT_SPEED_INDEX };
}

export function speedOf(playback: Playback): number {
  return SPEEDS_S_PER_S[playback.speedIndex];
}

/** `[`/`]` move by half a wall second of playback at the current speed (30 s at 1 min/s). */
export function scrubStepUs(playback: Playback): number {
  return Math.max(1, speedOf(playback) / 2) * 1e6;
}

export function atEnd(playback: Playback, bounds: PlaybackBounds): boolean {
  return playback.cursorUs >= bounds.durationUs;
}

export function reducePlayback(state: Playback, action: PlaybackAction, bounds: PlaybackBounds): Playback {
  const clamp = (us: number) => Math.max(0, Math.min(bounds.durationUs, Math.round(us)));
  switch (action.type) {
    case "tick": {
      if (!state.playing || !(action.wallMs > 0)) return state;
      const cursorUs = clamp(state.cursorUs + action.wallMs * speedOf(state) * 1000);
      return { ...state, cursorUs, playing: cursorUs < bounds.durationUs };
    }
    case "toggle":
      if (state.playing) return { ...state, playing: false };
      // Play at the end starts again from the opening.
      if (atEnd(state, bounds)) return { ...state, cursorUs: clamp(bounds.openingUs), playing: true };
      return { ...state, playing: true };
    case "faster":
      return { ...state, speedIndex: Math.min(SPEEDS_S_PER_S.length - 1, state.speedIndex + 1) };
    case "slower":
      return { ...state, speedIndex: Math.max(0, state.speedIndex - 1) };
    case "nextEvent": {
      const next = bounds.eventTimesUs.find((t) => t > state.cursorUs);
      return { ...state, playing: false, cursorUs: next ?? bounds.durationUs };
    }
    case "previousEvent": {
      let previous = 0;
      for (const t of bounds.eventTimesUs) if (t < state.cursorUs) previous = t;
      return { ...state, playing: false, cursorUs: previous };
    }
    case "scrub": {
      const cursorUs = clamp(state.cursorUs + action.direction * scrubStepUs(state));
      return { ...state, cursorUs, playing: state.playing && cursorUs < bounds.durationUs };
    }
    case "restart":
      return { ...state, cursorUs: clamp(bounds.openingUs), playing: true };
    case "home":
      return { ...state, cursorUs: 0 };
    case "end":
      return { ...state, cursorUs: bounds.durationUs, playing: false };
  }
}
