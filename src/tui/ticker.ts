// The playback clock, injectable: the real one reports wall-clock milliseconds on an interval;
// tests and benchmarks use a manual one and call `tick` themselves.

export type TickListener = (wallMs: number) => void;

export interface Ticker {
  /** Starts reporting elapsed wall time to `listener`; the returned function stops it. */
  subscribe(listener: TickListener): () => void;
}

/** About 12 frames a second: smooth for a clock, light on the terminal. */
export const FRAME_INTERVAL_MS = 80;

export function intervalTicker(intervalMs = FRAME_INTERVAL_MS): Ticker {
  return {
    subscribe(listener) {
      let lastMs = performance.now();
      const timer = setInterval(() => {
        const nowMs = performance.now();
        listener(nowMs - lastMs);
        lastMs = nowMs;
      }, intervalMs);
      return () => clearInterval(timer);
    },
  };
}

export class ManualTicker implements Ticker {
  private readonly listeners = new Set<TickListener>();

  subscribe(listener: TickListener): () => void {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  }

  /** Reports `wallMs` of elapsed wall time to every subscriber. */
  tick(wallMs: number): void {
    for (const listener of [...this.listeners]) listener(wallMs);
  }

  get subscribers(): number {
    return this.listeners.size;
  }
}
