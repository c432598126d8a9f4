// The pending-event set: a binary min-heap stored as parallel typed arrays (struct of arrays),
// ordered by (time, priority, sequence). Nothing is allocated per event (DESIGN.md §8).

const PRIORITY_SHIFT = 2 ** 45; // order key = priority * 2^45 + sequence; exact below 2^53
export const PRIORITY_MAX = 255;

export class EventQueue {
  private times: Float64Array;
  private orders: Float64Array;
  private codes: Int32Array;
  private targets: Int32Array;
  private args: Float64Array;
  private count = 0;
  private sequence = 0;
  readonly capacityMax: number;

  // Fields of the most recently popped event, read by the simulator loop without allocation.
  poppedTime = 0;
  poppedCode = 0;
  poppedTarget = 0;
  poppedArg = 0;

  constructor(options: { initialCapacity?: number; capacityMax?: number } = {}) {
    const capacity = options.initialCapacity ?? 1024;
    this.capacityMax = options.capacityMax ?? 50_000_000;
    this.times = new Float64Array(capacity);
    this.orders = new Float64Array(capacity);
    this.codes = new Int32Array(capacity);
    this.targets = new Int32Array(capacity);
    this.args = new Float64Array(capacity);
  }

  get size(): number {
    return this.count;
  }

  /** Time of the earliest pending event, or Infinity when the queue is empty. */
  peekTime(): number {
    return this.count > 0 ? this.times[0] : Number.POSITIVE_INFINITY;
  }

  push(time: number, priority: number, code: number, target: number, arg: number): void {
    if (this.count === this.times.length) this.grow();
    const order = priority * PRIORITY_SHIFT + this.sequence++;
    // Sift up with a hole: move parents down, write the new event once.
    let hole = this.count++;
    const times = this.times;
    const orders = this.orders;
    while (hole > 0) {
      const parent = (hole - 1) >> 1;
      const pt = times[parent];
      if (pt < time || (pt === time && orders[parent] < order)) break;
      this.moveSlot(parent, hole);
      hole = parent;
    }
    times[hole] = time;
    orders[hole] = order;
    this.codes[hole] = code;
    this.targets[hole] = target;
    this.args[hole] = arg;
  }

  /** Removes the earliest event into the `popped*` fields. Returns false when empty. */
  pop(): boolean {
    if (this.count === 0) return false;
    const times = this.times;
    const orders = this.orders;
    this.poppedTime = times[0];
    this.poppedCode = this.codes[0];
    this.poppedTarget = this.targets[0];
    this.poppedArg = this.args[0];
    const last = --this.count;
    if (last === 0) return true;
    const time = times[last];
    const order = orders[last];
    let hole = 0;
    const half = last >> 1;
    while (hole < half) {
      let child = 2 * hole + 1;
      const right = child + 1;
      if (
        right < last &&
        (times[right] < times[child] || (times[right] === times[child] && orders[right] < orders[child]))
      ) {
        child = right;
      }
      const ct = times[child];
      if (time < ct || (time === ct && order < orders[child])) break;
      this.moveSlot(child, hole);
      hole = child;
    }
    times[hole] = time;
    orders[hole] = order;
    this.codes[hole] = this.codes[last];
    this.targets[hole] = this.targets[last];
    this.args[hole] = this.args[last];
    return true;
  }

  private moveSlot(from: number, to: number): void {
    this.times[to] = this.times[from];
    this.orders[to] = this.orders[from];
    this.codes[to] = this.codes[from];
    this.targets[to] = this.targets[from];
    this.args[to] = this.args[from];
  }

  private grow(): void {
    const capacity = this.times.length * 2;
    if (this.times.length >= this.capacityMax) {
      throw new QueueLimitError(this.capacityMax);
    }
    const grow = <T extends Float64Array | Int32Array>(old: T, make: (n: number) => T): T => {
      const next = make(Math.min(capacity, this.capacityMax));
      next.set(old);
      return next;
    };
    this.times = grow(this.times, (n) => new Float64Array(n));
    this.orders = grow(this.orders, (n) => new Float64Array(n));
    this.codes = grow(this.codes, (n) => new Int32Array(n));
    this.targets = grow(this.targets, (n) => new Int32Array(n));
    this.args = grow(this.args, (n) => new Float64Array(n));
  }
}

export class QueueLimitError extends Error {
  constructor(readonly capacityMax: number) {
    super(`more than ${capacityMax} events pending at once; the model is generating work faster than it completes it`);
    this.name = "QueueLimitError";
  }
}
