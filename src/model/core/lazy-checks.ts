// Periodic checks that tick only while ticking can change something (the fluid fidelity). A
// health check, a DNS check, a heartbeat or an alert rule that finds everything as it believes
// goes to sleep; any change in the world wakes every sleeper, which resumes on the very tick of
// its phase that ticking would have used, so detection times are those of a check that never
// slept. In per-request runs nothing sleeps (ARCHITECTURE.md, "Fidelity").

export class LazyChecks {
  private readonly wakers: ((nowUs: number) => void)[] = [];
  /** Check ticks (and fluid resamples) run at the current instant, and whether one changed anything. */
  ticksThisInstant = 0;
  changedThisInstant = false;

  constructor(readonly enabled: boolean) {}

  /** `wake(nowUs)` is called on every change; a checker that is awake ignores it. */
  add(wake: (nowUs: number) => void): void {
    this.wakers.push(wake);
  }

  /** A check ticked: it counts as no change of the world unless it says so (`changed`). */
  ticked(): void {
    this.ticksThisInstant++;
  }

  changed(): void {
    this.changedThisInstant = true;
  }

  wakeAll(nowUs: number): void {
    for (const wake of this.wakers) wake(nowUs);
  }

  startInstant(): void {
    this.ticksThisInstant = 0;
    this.changedThisInstant = false;
  }
}

/** The first tick at or after `nowUs` of a check that ticks at `phaseUs + k × everyUs`. */
export function nextTickUs(phaseUs: number, everyUs: number, nowUs: number): number {
  if (nowUs <= phaseUs) return phaseUs;
  return phaseUs + Math.ceil((nowUs - phaseUs) / everyUs) * everyUs;
}
