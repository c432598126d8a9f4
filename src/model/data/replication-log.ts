// A database's replication log: every committed write gets a log sequence number (its position)
// and a commit time, and each node records when it applied each write (∞: not yet, or never).
// Replicas that stop receiving (down, cut off) lose what was in transit and are marked missing
// from that position; they catch up when they receive again. Writes whose answer a partition
// lost are committed but were never acknowledged: data loss counts only acknowledged writes.

import { GrowableLog } from "../core/index.js";
import { NOT_RECEIVING, type ReplicatedLog } from "./replicated-log.js";

export { NOT_RECEIVING };

export class ReplicationLog implements ReplicatedLog {
  /** Commit times, by log position. */
  readonly commits = new GrowableLog();
  /** Per node, when it applied each write. */
  private readonly applies: GrowableLog[];
  /** Per node, the first position it is missing because it stopped receiving (−1: none). */
  private readonly missingFrom: number[];
  /** Log positions, ascending, of writes committed whose answer a partition lost. */
  private readonly unacknowledged: number[] = [];
  /** Writes committed over the run (a log cut back by failover or a restore does not lower it). */
  committed = 0;
  /**
   * Per position, the writer class of the request that wrote it (core/writer-classes.ts; kept
   * only when there is more than one class: one byte a write, two past 256 classes).
   */
  private classOf: Uint8Array | Uint16Array = new Uint8Array(0);

  /** `classes`: how many writer classes the run has (1: writes are not told apart). */
  constructor(
    nodes: number,
    private readonly classes = 1,
  ) {
    this.applies = Array.from({ length: nodes }, () => new GrowableLog());
    this.missingFrom = new Array(nodes).fill(-1);
    if (classes > 1) this.classOf = classes > 256 ? new Uint16Array(1024) : new Uint8Array(1024);
  }

  get length(): number {
    return this.commits.length;
  }

  /**
   * Appends a write committed at `nowUs` on `primary`; `delayUs[node]` is when each other node
   * applies it (NOT_RECEIVING: never, until it catches up). A node applies writes in order.
   */
  append(nowUs: number, acknowledged: boolean, primary: number, delayUs: ArrayLike<number>, writerClass = 0): void {
    const lsn = this.commits.length;
    this.commits.push(nowUs);
    if (this.classes > 1) {
      if (lsn === this.classOf.length) {
        const grown = this.classes > 256 ? new Uint16Array(lsn * 2) : new Uint8Array(lsn * 2);
        grown.set(this.classOf);
        this.classOf = grown;
      }
      this.classOf[lsn] = writerClass;
    }
    this.committed++;
    if (!acknowledged) this.unacknowledged.push(lsn);
    for (let node = 0; node < this.applies.length; node++) {
      const applies = this.applies[node];
      if (node === primary) applies.push(nowUs);
      else if (this.missingFrom[node] >= 0 || delayUs[node] === NOT_RECEIVING) applies.push(Number.POSITIVE_INFINITY);
      else applies.push(Math.max(nowUs + delayUs[node], lsn > 0 ? applies.get(lsn - 1) : 0));
    }
  }

  /** How many writes `node` had applied by `timeUs` (its position then). */
  appliedBy(node: number, timeUs: number): number {
    return this.applies[node].countAtOrBelow(timeUs);
  }

  isMissing(node: number): boolean {
    return this.missingFrom[node] >= 0;
  }

  /** `node` stops receiving now: writes still in transit to it never arrive. */
  stopReceiving(node: number, nowUs: number): void {
    if (this.missingFrom[node] >= 0) return;
    const inTransitFrom = this.applies[node].firstAbove(nowUs);
    this.applies[node].fill(inTransitFrom, this.commits.length, Number.POSITIVE_INFINITY);
    this.missingFrom[node] = inTransitFrom;
  }

  /** `node` receives again: it gets everything it missed at `readyUs`. */
  catchUp(node: number, readyUs: number): void {
    this.applies[node].fill(this.missingFrom[node], this.commits.length, readyUs);
    this.missingFrom[node] = -1;
  }

  /** Back to the first `keep` writes on every node (a restore): replicas are re-seeded at `readyUs`. */
  rewind(keep: number, readyUs: number): void {
    this.commits.truncate(keep);
    this.forgetUnacknowledgedFrom(keep);
    for (const applies of this.applies) {
      applies.truncate(keep);
      applies.fill(0, keep, readyUs);
    }
  }

  /**
   * A replica that applied `applied` writes is promoted: the log is cut back to its position,
   * and every other node is re-seeded from it — at once (`readyUs`) if it is alive, else from
   * the position it had by `failedUs` when it returns. The old primary may hold writes nobody
   * else has: it is rebuilt from scratch when it returns.
   */
  promote(
    node: number,
    oldPrimary: number,
    applied: number,
    failedUs: number,
    readyUs: (other: number) => number,
  ): void {
    this.commits.truncate(applied);
    this.forgetUnacknowledgedFrom(applied);
    for (let other = 0; other < this.applies.length; other++) {
      const applies = this.applies[other];
      applies.truncate(applied);
      if (other === node) continue;
      if (other === oldPrimary) {
        this.missingFrom[other] = 0;
        applies.fill(0, applied, Number.POSITIVE_INFINITY);
        continue;
      }
      const mine = Math.min(applies.countAtOrBelow(failedUs), applied);
      const ready = readyUs(other);
      if (ready !== Number.POSITIVE_INFINITY) {
        applies.fill(mine, applied, ready);
        this.missingFrom[other] = -1;
      } else {
        this.missingFrom[other] = Math.min(this.missingFrom[other] >= 0 ? this.missingFrom[other] : mine, mine);
        applies.fill(mine, applied, Number.POSITIVE_INFINITY);
      }
    }
    this.missingFrom[node] = -1;
  }

  /**
   * The acknowledged writes among log positions [from, to): how many, and the position of the
   * first (−1: none). Data loss and RPO count only these: a write nobody was told about is not
   * a lost acknowledged write.
   */
  readIsStale(node: number, beganUs: number, nowUs: number): boolean {
    const before = this.commits.countAtOrBelow(beganUs);
    if (before === 0) return false;
    // A node applies in order: once it has the last write committed before the read began, it
    // has them all. Two lookups and no search in the common case (one write per read's past).
    const applies = this.applies[node];
    if (before <= applies.length && applies.get(before - 1) <= nowUs) return false;
    if (this.unacknowledged.length === 0) return true;
    const applied = applies.countAtOrBelow(nowUs);
    return this.acknowledgedBetween(applied, before).count >= 1;
  }

  acknowledgedBetween(from: number, to: number): { count: number; first: number } {
    const unacked = this.unacknowledged;
    const start = lowerBound(unacked, from);
    const end = lowerBound(unacked, to);
    let first = from;
    for (let i = start; i < end && unacked[i] === first; i++) first++;
    return { count: Math.max(0, to - from - (end - start)), first: first < to ? first : -1 };
  }

  acknowledgedByWriter(from: number, to: number): Float64Array {
    if (this.classes <= 1) return new Float64Array(0);
    const counts = new Float64Array(this.classes);
    const unacked = this.unacknowledged;
    let next = lowerBound(unacked, from);
    for (let position = from; position < to; position++) {
      if (next < unacked.length && unacked[next] === position) {
        next++;
        continue;
      }
      const writerClass = this.classOf[position];
      if (writerClass < this.classes) counts[writerClass]++;
    }
    return counts;
  }

  private forgetUnacknowledgedFrom(position: number): void {
    while (this.unacknowledged.length > 0 && (this.unacknowledged.at(-1) as number) >= position)
      this.unacknowledged.pop();
  }
}

/** Index of the first value ≥ `value` in an ascending array. */
function lowerBound(values: number[], value: number): number {
  let low = 0;
  let high = values.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if (values[mid] < value) low = mid + 1;
    else high = mid;
  }
  return low;
}
