// Named random streams forked from the root seed (ARCHITECTURE.md, "Determinism rules"). Each stream is an
// independent alea generator seeded from "<root>/<name>", so adding a stream never shifts another.

import seedrandom from "seedrandom";

export class RandomStream {
  // The alea generator's state, stepped here rather than through seedrandom's closure: the same
  // arithmetic in the same order (so the same numbers, bit for bit), without a closure call and
  // property loads on a separate object for every draw. seedrandom still does the seeding.
  // Initialised to numbers (not left undefined until the constructor assigns them) so V8 stores
  // them as unboxed doubles; an `undefined` first value would make every draw allocate.
  private s0 = 0;
  private s1 = 0;
  private s2 = 0;
  private c = 0;
  private spare = 0;
  private hasSpare = false;

  constructor(
    readonly rootSeed: number,
    readonly name: string,
  ) {
    const state = seedrandom.alea(`${rootSeed}/${name}`, { state: true }).state();
    this.s0 = state.s0;
    this.s1 = state.s1;
    this.s2 = state.s2;
    this.c = state.c;
  }

  /** Uniform on [0, 1): one step of alea, exactly as seedrandom's `Alea.next`. */
  next(): number {
    const t = 2091639 * this.s0 + this.c * 2.3283064365386963e-10; // 2^-32
    this.s0 = this.s1;
    this.s1 = this.s2;
    this.c = t | 0;
    this.s2 = t - this.c;
    return this.s2;
  }

  /** Uniform on (0, 1]: safe to take the logarithm of. */
  nextOpen(): number {
    return 1 - this.next();
  }

  /** Exponential with the given mean. */
  exponential(mean: number): number {
    return -mean * Math.log(1 - this.next());
  }

  /** Standard normal by Box–Muller; the pair's second value is kept for the next call. */
  normal(): number {
    if (this.hasSpare) {
      this.hasSpare = false;
      return this.spare;
    }
    const radius = Math.sqrt(-2 * Math.log(1 - this.next()));
    const angle = 2 * Math.PI * this.next();
    this.spare = radius * Math.sin(angle);
    this.hasSpare = true;
    return radius * Math.cos(angle);
  }

  /** Integer uniform on [0, n). */
  int(n: number): number {
    return Math.floor(this.next() * n);
  }

  /** True with probability p, compared as a ratio against one draw. */
  chance(p: number): boolean {
    return this.next() < p;
  }
}

/** Forks named streams from one root seed; asking twice for a name is an error (shared state). */
export class RandomStreams {
  private readonly taken = new Set<string>();

  constructor(readonly rootSeed: number) {
    if (!Number.isSafeInteger(rootSeed)) throw new RangeError(`seed must be an integer, got ${rootSeed}`);
  }

  fork(name: string): RandomStream {
    if (this.taken.has(name)) throw new Error(`random stream "${name}" was already forked`);
    this.taken.add(name);
    return new RandomStream(this.rootSeed, name);
  }

  /**
   * Forks `name`, or `name#2`, `name#3`... when it is taken: for components that are exact
   * copies of each other (which of them gets which stream cannot matter).
   */
  forkUnique(name: string): RandomStream {
    let unique = name;
    for (let copy = 2; this.taken.has(unique); copy++) unique = `${name}#${copy}`;
    return this.fork(unique);
  }
}
