// Named random streams forked from the root seed (DESIGN.md §4 rule 4). Each stream is an
// independent alea generator seeded from "<root>/<name>", so adding a stream never shifts another.

import seedrandom from "seedrandom";

export class RandomStream {
  private readonly generator: () => number;
  private spare = 0;
  private hasSpare = false;

  constructor(
    readonly rootSeed: number,
    readonly name: string,
  ) {
    this.generator = seedrandom.alea(`${rootSeed}/${name}`);
  }

  /** Uniform on [0, 1). */
  next(): number {
    return this.generator();
  }

  /** Uniform on (0, 1]: safe to take the logarithm of. */
  nextOpen(): number {
    return 1 - this.generator();
  }

  /** Exponential with the given mean. */
  exponential(mean: number): number {
    return -mean * Math.log(1 - this.generator());
  }

  /** Standard normal by Box–Muller; the pair's second value is kept for the next call. */
  normal(): number {
    if (this.hasSpare) {
      this.hasSpare = false;
      return this.spare;
    }
    const radius = Math.sqrt(-2 * Math.log(1 - this.generator()));
    const angle = 2 * Math.PI * this.generator();
    this.spare = radius * Math.sin(angle);
    this.hasSpare = true;
    return radius * Math.cos(angle);
  }

  /** Integer uniform on [0, n). */
  int(n: number): number {
    return Math.floor(this.generator() * n);
  }

  /** True with probability p, compared as a ratio against one draw. */
  chance(p: number): boolean {
    return this.generator() < p;
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
}
