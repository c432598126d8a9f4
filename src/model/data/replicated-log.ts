// What the data room uses of a replication log, whichever fidelity keeps it: one entry per
// write (replication-log.ts) or flows of writes at a rate (fluid-replication-log.ts). Positions
// are numbers of writes; in the fluid log they may be fractional (ARCHITECTURE.md, "Data").

/** A node's delivery of a write: applied after this many µs, or never (not receiving). */
export const NOT_RECEIVING = -1;

/**
 * When each position of the log was committed, read-only for the components that measure loss
 * (a restore, a deletion). Times are non-decreasing with the position.
 */
export interface CommitTimes {
  /** The log's end: the position the next write will take. */
  readonly length: number;
  /** The commit time of the write at `position` (0 ≤ position < length). */
  get(position: number): number;
  /** The position the log had reached by `timeUs`: how many writes were committed by then. */
  countAtOrBelow(timeUs: number): number;
}

/** A database's replication log as the database, its failover manager and its recoveries use it. */
export interface ReplicatedLog {
  /** Commit times, by log position. */
  readonly commits: CommitTimes;
  /** The log's end (a failover or a restore cuts it back). */
  readonly length: number;
  /** Writes committed over the run (a log cut back by failover or a restore does not lower it). */
  readonly committed: number;
  /** The position `node` had applied by `timeUs`. */
  appliedBy(node: number, timeUs: number): number;
  /** `node` stopped receiving and has not caught up yet. */
  isMissing(node: number): boolean;
  /** `node` stops receiving now: writes still in transit to it never arrive. */
  stopReceiving(node: number, nowUs: number): void;
  /** `node` receives again: it gets everything it missed at `readyUs`. */
  catchUp(node: number, readyUs: number): void;
  /** Back to the first `keep` writes on every node (a restore): replicas are re-seeded at `readyUs`. */
  rewind(keep: number, readyUs: number): void;
  /**
   * A replica that applied `applied` writes is promoted: the log is cut back to its position and
   * every other node is re-seeded from it (`readyUs(other)`, ∞ while it is down); the old primary
   * is rebuilt from scratch.
   */
  promote(
    node: number,
    oldPrimary: number,
    applied: number,
    failedUs: number,
    readyUs: (other: number) => number,
  ): void;
  /**
   * A read `node` answers at `nowUs`, begun at `beganUs`, is stale: the node has not applied some
   * write acknowledged before the read began. Only per-request runs have reads (the fluid log says no).
   */
  readIsStale(node: number, beganUs: number, nowUs: number): boolean;
  /** The acknowledged writes among log positions [from, to): how many, and the first's position (−1: none). */
  acknowledgedBetween(from: number, to: number): { count: number; first: number };
  /**
   * The same writes per writer class (core/writer-classes.ts: operation × client region): how
   * many of each class's (real numbers in the fluid log); empty with one class.
   */
  acknowledgedByWriter(from: number, to: number): Float64Array;
}
