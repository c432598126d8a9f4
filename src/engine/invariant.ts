// Invariants asserted inside the model (TigerStyle): a broken one is a bug in faultline, never
// bad input, so it stops the run as an internal error that names the component and the
// simulated time, which is what anyone reproducing it needs first.

export class InvariantError extends Error {
  constructor(
    /** What broke it: a component or lever, e.g. `lever instance.slowdown` or `requests`. */
    readonly component: string,
    readonly timeUs: number,
    readonly detail: string,
  ) {
    super(`invariant broken in ${component} at simulated time ${(timeUs / 1e6).toFixed(6)}s: ${detail}`);
    this.name = "InvariantError";
  }
}

/** Throws an InvariantError unless `condition` holds; `detail` is built only when it fails. */
export function invariant(condition: boolean, component: string, timeUs: number, detail: () => string): void {
  if (!condition) throw new InvariantError(component, timeUs, detail());
}
