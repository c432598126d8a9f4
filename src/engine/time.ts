// Simulated time is an integer number of microseconds (ARCHITECTURE.md, "Determinism rules").
// These helpers are the only place where units are converted inside the engine.

export const US_PER_MS = 1_000;
export const US_PER_S = 1_000_000;
export const US_PER_MIN = 60 * US_PER_S;
export const US_PER_H = 60 * US_PER_MIN;

/** Rounds a (possibly fractional) microsecond value to the integer grid of simulated time. */
export function toMicros(value: number): number {
  return Math.round(value);
}

export function secondsFromMicros(us: number): number {
  return us / US_PER_S;
}

/** Formats simulated time as a wall-clock-style `HH:MM:SS` offset, adding `start` (µs since midnight). */
export function formatClock(us: number, startOfDayUs = 0): string {
  const totalS = Math.floor((us + startOfDayUs) / US_PER_S);
  const days = Math.floor(totalS / 86_400);
  const s = totalS % 86_400;
  const hh = String(Math.floor(s / 3600)).padStart(2, "0");
  const mm = String(Math.floor((s % 3600) / 60)).padStart(2, "0");
  const ss = String(s % 60).padStart(2, "0");
  return `${days > 0 ? `+${days}d ` : ""}${hh}:${mm}:${ss}`;
}
