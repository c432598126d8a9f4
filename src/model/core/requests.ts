// The pool of in-flight requests as parallel typed arrays with a free list: a request is an
// integer handle, so the hot path allocates nothing. Each handle is free, live, or an orphan (its
// instance crashed and its failure is counted, but an event of it is still pending); releasing
// a free handle is a broken invariant.

import { invariant, LimitExceededError } from "../../engine/index.js";

export const ORIGIN_USER = 0;
export const ORIGIN_ATTACK = 1;
export const ORIGIN_PROBE = 2;
/** A call from one service of the design to another: not a user request, counted apart. */
export const ORIGIN_INTERNAL = 3;

const FREE = 0;
const LIVE = 1;
const ORPHAN = 2;

export class RequestPool {
  arrivalUs = new Float64Array(1024);
  /** Network time outside the instance (client round trip, LB hop), added to the latency. */
  networkUs = new Float64Array(1024);
  enqueuedUs = new Float64Array(1024);
  client = new Int32Array(1024);
  instance = new Int32Array(1024);
  isWrite = new Uint8Array(1024);
  /** Database node a read was sent to (−1: none). */
  dbNode = new Int32Array(1024);
  /** The keyed-cache key a read missed, to fill when its database read succeeds (−1: none). */
  cacheKey = new Int32Array(1024);
  /** 1 while the request holds a place in its instance's database bulkhead. */
  dbHeld = new Uint8Array(1024);
  /** The half-open round whose probe the current attempt is (0: not a probe). */
  attemptProbe = new Int32Array(1024);
  /** Dependency calls: which call of the service is under way, and which attempt of it. */
  callIndex = new Int32Array(1024);
  attempt = new Int32Array(1024);
  /** The current attempt's outcome (ATTEMPT_*). */
  attemptOutcome = new Uint8Array(1024);
  /** An optional dependency failed: the response is degraded, not failed. */
  degraded = new Uint8Array(1024);
  /** The call under way is its channel's fallback (the call itself failed). */
  fallingBack = new Uint8Array(1024);
  /**
   * Calls to services: a caller's attempt is open while `attemptToken` holds its token (unique
   * over the run, 0: none open), and ends at its answer or at `attemptDeadlineUs`, whichever
   * event finds the token first. A call (ORIGIN_INTERNAL) knows its caller and the token of the
   * attempt it answers; the caller's incarnation is kept for the end of the attempt.
   */
  attemptToken = new Float64Array(1024);
  attemptDeadlineUs = new Float64Array(1024);
  attemptIncarnation = new Int32Array(1024);
  /** The answer a call brought back (ATTEMPT_*; a degraded success is marked in `answerDegraded`). */
  answer = new Uint8Array(1024);
  answerDegraded = new Uint8Array(1024);
  caller = new Int32Array(1024);
  callerToken = new Float64Array(1024);
  /** Who sent it: ORIGIN_USER, ORIGIN_ATTACK (a malicious client class) or ORIGIN_PROBE. */
  origin = new Uint8Array(1024);
  /**
   * Its operation (index in the workload's operations; that count itself: every call, as without
   * operations). A call to a service carries its caller's.
   */
  operation = new Uint8Array(1024);
  /** FREE, LIVE or ORPHAN per handle. */
  private state = new Uint8Array(1024);
  private freeList = new Int32Array(1024);
  private freeCount = 0;
  private used = 0;
  inFlight = 0;
  /** Requests already counted as failed (their instance crashed) whose completion is still pending. */
  orphaned = 0;
  readonly inFlightMax: number;

  constructor(
    inFlightMax: number,
    private readonly now: () => number,
  ) {
    this.inFlightMax = inFlightMax;
  }

  allocate(): number {
    this.inFlight++;
    const handle =
      this.freeCount > 0
        ? this.freeList[--this.freeCount]
        : this.used === this.arrivalUs.length
          ? this.grown()
          : this.used++;
    this.state[handle] = LIVE;
    return handle;
  }

  /** A live request is over (succeeded, failed, or dropped with its queue). */
  release(handle: number): void {
    invariant(this.state[handle] === LIVE, "requests", this.now(), () => `request ${handle} released twice`);
    this.free(handle);
  }

  /** Its instance crashed: its failure is counted now, its pending event will find it orphaned. */
  orphan(handle: number): void {
    invariant(this.state[handle] === LIVE, "requests", this.now(), () => `request ${handle} orphaned while not live`);
    this.state[handle] = ORPHAN;
    this.orphaned++;
  }

  /** The pending event of an orphan came: it is dropped. */
  releaseOrphan(handle: number): void {
    invariant(this.state[handle] === ORPHAN, "requests", this.now(), () => `request ${handle} is not an orphan`);
    this.orphaned--;
    this.free(handle);
  }

  /** Whether the request is live (in a queue, in service, in a call or waiting for its database). */
  isLive(handle: number): boolean {
    return this.state[handle] === LIVE;
  }

  /** Handles ever used: every live request is below this. */
  get highWater(): number {
    return this.used;
  }

  private free(handle: number): void {
    this.state[handle] = FREE;
    this.inFlight--;
    this.freeList[this.freeCount++] = handle;
  }

  private grown(): number {
    this.grow();
    return this.used++;
  }

  private grow(): void {
    const size = this.arrivalUs.length * 2;
    if (size > this.inFlightMax * 2) {
      throw new LimitExceededError(
        "pending",
        `more than ${this.inFlightMax} requests in flight at simulated time ${(this.now() / 1e6).toFixed(3)}s; lower the concurrency or queues, or raise the scenario's limits.pendingEventsMax`,
      );
    }
    const widen = <T extends Float64Array | Int32Array | Uint8Array>(old: T, next: T): T => {
      next.set(old);
      return next;
    };
    this.arrivalUs = widen(this.arrivalUs, new Float64Array(size));
    this.networkUs = widen(this.networkUs, new Float64Array(size));
    this.enqueuedUs = widen(this.enqueuedUs, new Float64Array(size));
    this.client = widen(this.client, new Int32Array(size));
    this.instance = widen(this.instance, new Int32Array(size));
    this.isWrite = widen(this.isWrite, new Uint8Array(size));
    this.dbNode = widen(this.dbNode, new Int32Array(size));
    this.cacheKey = widen(this.cacheKey, new Int32Array(size));
    this.dbHeld = widen(this.dbHeld, new Uint8Array(size));
    this.attemptProbe = widen(this.attemptProbe, new Int32Array(size));
    this.callIndex = widen(this.callIndex, new Int32Array(size));
    this.attempt = widen(this.attempt, new Int32Array(size));
    this.attemptOutcome = widen(this.attemptOutcome, new Uint8Array(size));
    this.degraded = widen(this.degraded, new Uint8Array(size));
    this.fallingBack = widen(this.fallingBack, new Uint8Array(size));
    this.origin = widen(this.origin, new Uint8Array(size));
    this.operation = widen(this.operation, new Uint8Array(size));
    this.attemptToken = widen(this.attemptToken, new Float64Array(size));
    this.attemptDeadlineUs = widen(this.attemptDeadlineUs, new Float64Array(size));
    this.attemptIncarnation = widen(this.attemptIncarnation, new Int32Array(size));
    this.answer = widen(this.answer, new Uint8Array(size));
    this.answerDegraded = widen(this.answerDegraded, new Uint8Array(size));
    this.caller = widen(this.caller, new Int32Array(size));
    this.callerToken = widen(this.callerToken, new Float64Array(size));
    this.state = widen(this.state, new Uint8Array(size));
    this.freeList = widen(this.freeList, new Int32Array(size));
  }
}
