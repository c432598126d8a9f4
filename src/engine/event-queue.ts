// The pending-event set: a binary min-heap ordered by (time, priority, sequence), stored as typed
// arrays. The heap itself holds only each event's time and a slot number; the rest of the event
// (order key, code, target, argument) stays put in slot arrays, so sifting moves two numbers per
// level instead of five. Nothing is allocated per event (ARCHITECTURE.md, "The kernel").

const PRIORITY_SHIFT = 2 ** 45; // order key = priority * 2^45 + sequence; exact below 2^53
export const PRIORITY_MAX = 255;

export class EventQueue {
  // The heap: position → time and slot.
  private heapTimes: Float64Array;
  private heapSlots: Int32Array;
  // The events: slot → fields.
  private orders: Float64Array;
  private codes: Int32Array;
  private targets: Int32Array;
  private args: Float64Array;
  private freeSlots: Int32Array;
  private freeCount = 0;
  private slotsUsed = 0;
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
    this.heapTimes = new Float64Array(capacity);
    this.heapSlots = new Int32Array(capacity);
    this.orders = new Float64Array(capacity);
    this.codes = new Int32Array(capacity);
    this.targets = new Int32Array(capacity);
    this.args = new Float64Array(capacity);
    this.freeSlots = new Int32Array(capacity);
  }

  get size(): number {
    return this.count;
  }

  /** Time of the earliest pending event, or Infinity when the queue is empty. */
  peekTime(): number {
    return this.count > 0 ? this.heapTimes[0] : Number.POSITIVE_INFINITY;
  }

  push(time: number, priority: number, code: number, target: number, arg: number): void {
    if (this.count === this.heapTimes.length) this.grow();
    const slot = this.freeCount > 0 ? this.freeSlots[--this.freeCount] : this.slotsUsed++;
    const order = priority * PRIORITY_SHIFT + this.sequence++;
    this.orders[slot] = order;
    this.codes[slot] = code;
    this.targets[slot] = target;
    this.args[slot] = arg;
    // Sift up with a hole: move parents down, write the new entry once.
    const heapTimes = this.heapTimes;
    const heapSlots = this.heapSlots;
    const orders = this.orders;
    let hole = this.count++;
    while (hole > 0) {
      const parent = (hole - 1) >> 1;
      const parentTime = heapTimes[parent];
      if (parentTime < time || (parentTime === time && orders[heapSlots[parent]] < order)) break;
      heapTimes[hole] = parentTime;
      heapSlots[hole] = heapSlots[parent];
      hole = parent;
    }
    heapTimes[hole] = time;
    heapSlots[hole] = slot;
  }

  /** Removes the earliest event into the `popped*` fields. Returns false when empty. */
  pop(): boolean {
    if (this.count === 0) return false;
    const heapTimes = this.heapTimes;
    const heapSlots = this.heapSlots;
    const orders = this.orders;
    const top = heapSlots[0];
    this.poppedTime = heapTimes[0];
    this.poppedCode = this.codes[top];
    this.poppedTarget = this.targets[top];
    this.poppedArg = this.args[top];
    this.freeSlots[this.freeCount++] = top;
    const last = --this.count;
    if (last === 0) return true;
    const time = heapTimes[last];
    const slot = heapSlots[last];
    const order = orders[slot];
    let hole = 0;
    const half = last >> 1;
    while (hole < half) {
      let child = 2 * hole + 1;
      const right = child + 1;
      let childTime = heapTimes[child];
      if (right < last) {
        const rightTime = heapTimes[right];
        if (rightTime < childTime || (rightTime === childTime && orders[heapSlots[right]] < orders[heapSlots[child]])) {
          child = right;
          childTime = rightTime;
        }
      }
      if (time < childTime || (time === childTime && order < orders[heapSlots[child]])) break;
      heapTimes[hole] = childTime;
      heapSlots[hole] = heapSlots[child];
      hole = child;
    }
    heapTimes[hole] = time;
    heapSlots[hole] = slot;
    return true;
  }

  private grow(): void {
    if (this.heapTimes.length >= this.capacityMax) throw new QueueLimitError(this.capacityMax);
    const capacity = Math.min(this.heapTimes.length * 2, this.capacityMax);
    const widen = <T extends Float64Array | Int32Array>(old: T, next: T): T => {
      next.set(old);
      return next;
    };
    this.heapTimes = widen(this.heapTimes, new Float64Array(capacity));
    this.heapSlots = widen(this.heapSlots, new Int32Array(capacity));
    this.orders = widen(this.orders, new Float64Array(capacity));
    this.codes = widen(this.codes, new Int32Array(capacity));
    this.targets = widen(this.targets, new Int32Array(capacity));
    this.args = widen(this.args, new Float64Array(capacity));
    this.freeSlots = widen(this.freeSlots, new Int32Array(capacity));
  }
}

export class QueueLimitError extends Error {
  constructor(readonly capacityMax: number) {
    super(`more than ${capacityMax} events pending at once; the model is generating work faster than it completes it`);
    this.name = "QueueLimitError";
  }
}
