// The kernel: owns `now`, the event queue and the dispatch table. Handlers are registered once
// and dispatched on an integer event code, so the hot loop allocates nothing (ARCHITECTURE.md, "The kernel").

import { EventQueue, PRIORITY_MAX } from "./event-queue.js";

/** A handler receives the event's target handle and numeric argument (often an incarnation). */
export type EventHandler = (target: number, arg: number) => void;

export interface SimulationLimits {
  /** The run stops with a LimitExceededError after this many events. */
  eventsMax: number;
  /** Simulated time at which the run ends normally (µs). Events after it are not run. */
  endUs: number;
  /** Most events pending at once. */
  pendingMax: number;
}

export class LimitExceededError extends Error {
  constructor(
    readonly limit: "events" | "pending",
    message: string,
  ) {
    super(message);
    this.name = "LimitExceededError";
  }
}

/**
 * FNV-1a of a handler's name: the digest mixes this rather than the integer code, so registering
 * a new component (which shifts later codes) does not change the digest of runs that never use it.
 */
function hashName(name: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < name.length; i++) hash = Math.imul(hash ^ name.charCodeAt(i), 0x01000193);
  return hash;
}

export class Simulator {
  now = 0;
  eventsRun = 0;
  private readonly queue: EventQueue;
  private readonly handlers: EventHandler[] = [];
  private readonly handlerNames: string[] = [];
  private readonly limits: SimulationLimits;
  /** Called every 2^20 events with the current time, for progress displays; never changes the run. */
  onProgress: ((nowUs: number) => void) | undefined = undefined;
  /** An observer called at every multiple of its period (see `observe`). */
  private observer: ((atUs: number) => void) | undefined = undefined;
  private observeEveryUs = 0;
  private nextObserveUs = Number.POSITIVE_INFINITY;
  /** Called once at the end of every instant at which events ran (see `afterEachInstant`). */
  private instantEnded: ((atUs: number) => void) | undefined = undefined;
  /** Called before the first event of every instant (see `beforeEachInstant`), and when it was last. */
  private instantStarting: ((atUs: number) => void) | undefined = undefined;
  private startedAtUs = Number.NEGATIVE_INFINITY;
  /** Events ran at `now` and `instantEnded` has not been called for it yet. */
  private instantOpen = false;
  // Two 32-bit lanes of a rolling FNV-style digest over every dispatched (time, code, target):
  // a cheap fingerprint of the whole run, compared by determinism checks.
  private digestA = 0x811c9dc5;
  private digestB = 0x01000193;

  constructor(limits: SimulationLimits) {
    for (const [name, value] of Object.entries(limits)) {
      if (!Number.isSafeInteger(value) || value < 0)
        throw new RangeError(`limit ${name} must be a non-negative integer, got ${value}`);
    }
    this.limits = limits;
    this.queue = new EventQueue({ capacityMax: limits.pendingMax });
  }

  /**
   * Calls `observer` at every multiple of `everyUs` (from `everyUs` on, up to the end), with the
   * world as the events before that instant left it. It is not an event: it is not counted, not
   * in the digest, and must neither schedule events nor draw random numbers, so an observer can
   * change no run. It costs one comparison per event, not an event per period.
   */
  observe(everyUs: number, observer: (atUs: number) => void): void {
    if (!Number.isSafeInteger(everyUs) || everyUs <= 0) throw new RangeError(`observe every ${everyUs}µs`);
    this.observer = observer;
    this.observeEveryUs = everyUs;
    this.nextObserveUs = Math.ceil((this.now + 1) / everyUs) * everyUs;
  }

  /**
   * Calls `fn` once after the last event of every instant at which events ran, before time moves
   * on (and once at the end of the run). Unlike an observer it is part of the model: the fluid
   * fidelity reads the world's state there, when everything that instant changed is in, and may
   * schedule events. It costs one comparison per event.
   */
  afterEachInstant(fn: (atUs: number) => void): void {
    this.instantEnded = fn;
  }

  /**
   * Calls `fn(atUs)` once before the first event of every instant, while the world still stands
   * as the previous instant left it: the fluid fidelity adds up what traffic did until then. It
   * must not schedule events.
   */
  beforeEachInstant(fn: (atUs: number) => void): void {
    this.instantStarting = fn;
  }

  private endInstant(): void {
    this.instantOpen = false;
    (this.instantEnded as (atUs: number) => void)(this.now);
  }

  /** Calls the observer for every instant of its period up to `timeUs` (inclusive). */
  private observeUntil(timeUs: number): void {
    const observer = this.observer;
    if (observer === undefined) return;
    while (this.nextObserveUs <= timeUs) {
      this.now = this.nextObserveUs;
      observer(this.nextObserveUs);
      this.nextObserveUs += this.observeEveryUs;
    }
  }

  /** Registers a handler and returns its event code. Register in a fixed order for stable codes. */
  register(name: string, handler: EventHandler): number {
    this.handlers.push(handler);
    this.handlerNames.push(name);
    return this.handlers.length - 1;
  }

  get pending(): number {
    return this.queue.size;
  }

  /** Schedules an event `delayUs` from now. Lower priority runs first among same-time events. */
  schedule(delayUs: number, code: number, target = 0, arg = 0, priority = 0): void {
    this.at(this.now + delayUs, code, target, arg, priority);
  }

  /** Schedules an event at absolute simulated time `timeUs` (rounded to whole microseconds). */
  at(timeUs: number, code: number, target = 0, arg = 0, priority = 0): void {
    const time = Math.round(timeUs);
    // One comparison each, as this runs for every event: NaN fails `>=`, and `& 255` changes any
    // priority that is not an integer in 0..255.
    if (!(time >= this.now)) {
      throw new RangeError(
        `cannot schedule ${this.handlerNames[code] ?? `code ${code}`} at ${timeUs}µs (now ${this.now}µs)`,
      );
    }
    // An event after the end would never run: it is not kept (so no time can overflow the queue,
    // and a long timeout near the end costs no memory). Nothing else changes: the events that do
    // run keep their order.
    if (time > this.limits.endUs) return;
    if ((priority & PRIORITY_MAX) !== priority)
      throw new RangeError(`priority must be an integer in 0..${PRIORITY_MAX}, got ${priority}`);
    if (code >= this.handlers.length || !(code >= 0))
      throw new RangeError(`no handler registered for event code ${code}`);
    if (this.queue.size >= this.limits.pendingMax) {
      throw new LimitExceededError(
        "pending",
        `more than ${this.limits.pendingMax} events pending at simulated time ${this.now}µs; raise the scenario's limits.pendingEventsMax or reduce the load`,
      );
    }
    this.queue.push(time, priority, code, target, arg);
  }

  /**
   * Runs events in (time, priority, sequence) order until the queue is empty or `untilUs` (the
   * end time by default; earlier to stop midway and look, then call again to go on).
   */
  run(untilUs = this.limits.endUs): void {
    const queue = this.queue;
    const handlers = this.handlers;
    const nameHashes = Int32Array.from(this.handlerNames, hashName);
    const endUs = Math.min(untilUs, this.limits.endUs);
    const eventsMax = this.limits.eventsMax;
    let digestA = this.digestA;
    let digestB = this.digestB;
    try {
      while (queue.size > 0 && queue.peekTime() <= endUs) {
        if (this.eventsRun >= eventsMax) {
          throw new LimitExceededError(
            "events",
            `the run reached its limit of ${eventsMax} events at simulated time ${(this.now / 1e6).toFixed(3)}s; raise the scenario's limits.eventsMax or shorten it`,
          );
        }
        if (this.instantOpen && queue.peekTime() > this.now) {
          this.endInstant();
          continue; // it may have scheduled events at this very instant
        }
        if (queue.peekTime() >= this.nextObserveUs) this.observeUntil(queue.peekTime());
        if (this.instantStarting !== undefined && queue.peekTime() > this.startedAtUs) {
          this.startedAtUs = queue.peekTime();
          this.instantStarting(this.startedAtUs);
        }
        queue.pop();
        const time = queue.poppedTime;
        const code = queue.poppedCode;
        const target = queue.poppedTarget;
        const arg = queue.poppedArg;
        this.now = time;
        this.eventsRun++;
        digestA = Math.imul(digestA ^ (time >>> 0), 0x01000193);
        digestA = Math.imul(digestA ^ nameHashes[code], 0x01000193);
        digestB = Math.imul(digestB ^ ((time / 4294967296) >>> 0) ^ target, 0x5bd1e995);
        digestB = Math.imul(digestB ^ (arg | 0), 0x5bd1e995);
        // Kept as a signed 32-bit value (`^`, not `>>> 0`): the same bits, but a value above 2^31
        // would not fit a small integer, and V8 would allocate a heap number for it every event.
        // digest() prints it unsigned.
        digestB = digestB ^ (digestB >>> 15);
        handlers[code](target, arg);
        if (this.instantEnded !== undefined) this.instantOpen = true;
        if ((this.eventsRun & 0xfffff) === 0 && this.onProgress !== undefined) this.onProgress(time);
      }
    } finally {
      // Kept in locals for speed; written back even when a handler throws.
      this.digestA = digestA;
      this.digestB = digestB;
    }
    if (this.instantOpen) {
      this.endInstant();
      if (queue.size > 0 && queue.peekTime() <= endUs) {
        this.run(untilUs); // it scheduled events at this instant
        return;
      }
    }
    this.observeUntil(endUs);
    if (this.now < endUs) this.now = endUs;
  }

  /** Hex fingerprint of every event dispatched so far. */
  digest(): string {
    return (this.digestA >>> 0).toString(16).padStart(8, "0") + (this.digestB >>> 0).toString(16).padStart(8, "0");
  }
}
