// The replication log of the fluid fidelity: writes arrive as flows (a count spread evenly over a
// span, rates held between control-plane events), so memory grows with flows and state changes,
// never with writes. It keeps the per-request log's meaning (replication-log.ts): replicas that
// stop receiving lose what was in transit and catch up later; a promotion cuts the log back to
// the new primary's position. Positions are real numbers; a loss is rounded to whole writes where
// it is recorded (data-loss.ts). Every write here is acknowledged: a fluid run has no answers
// lost one by one to a partition (ARCHITECTURE.md, "Data").

import { invariant } from "../../engine/index.js";
import { FluidApplies } from "./fluid-applies.js";
import { FluidCommits } from "./fluid-commits.js";
import { NOT_RECEIVING, type ReplicatedLog } from "./replicated-log.js";

export class FluidReplicationLog implements ReplicatedLog {
  /** Commit times, as flows. */
  readonly commits = new FluidCommits();
  /** Per node, when it applies each position. */
  private readonly applies: FluidApplies[];
  /** Per node, the first position it is missing because it stopped receiving (−1: none). */
  private readonly missingFrom: number[];
  /** Where the last flow ended: flows come in time order. */
  private lastFlowUs = Number.NEGATIVE_INFINITY;
  /** Writes committed over the run (a log cut back by failover or a restore does not lower it). */
  committed = 0;

  /** `classes`: how many writer classes the run has (1: flows carry no mix). */
  constructor(
    nodes: number,
    private readonly classes = 1,
  ) {
    this.applies = Array.from({ length: nodes }, () => new FluidApplies(this.commits));
    this.missingFrom = new Array(nodes).fill(-1);
  }

  get length(): number {
    return this.commits.length;
  }

  /** Commit segments and apply pieces held: bounded by flows at distinct rates and state changes. */
  get segmentCount(): number {
    return this.applies.reduce((sum, applies) => sum + applies.pieceCount, this.commits.segmentCount);
  }

  /**
   * `count` acknowledged writes committed evenly over [fromUs, toUs) on `primary`; `delayUs[node]`
   * is when each other node applies each of them after its commit (NOT_RECEIVING: never, until it
   * catches up). A node not receiving is missing from here on, as if it had stopped receiving.
   */
  flow(
    fromUs: number,
    toUs: number,
    count: number,
    primary: number,
    delayUs: ArrayLike<number>,
    mix?: Float64Array,
  ): void {
    invariant(fromUs >= this.lastFlowUs && toUs >= fromUs, "fluid log", fromUs, () => `flow [${fromUs}, ${toUs})`);
    invariant(count >= 0 && Number.isFinite(count), "fluid log", fromUs, () => `a flow of ${count} writes`);
    this.lastFlowUs = toUs;
    if (count === 0) return;
    const fromPos = this.commits.length;
    this.commits.append(fromUs, toUs, count, mix);
    const toPos = this.commits.length;
    this.committed += count;
    for (let node = 0; node < this.applies.length; node++) {
      const applies = this.applies[node];
      if (node === primary) applies.follow(fromPos, toPos, fromUs, toUs, 0);
      else if (this.missingFrom[node] >= 0 || delayUs[node] === NOT_RECEIVING) {
        if (this.missingFrom[node] < 0) this.missingFrom[node] = fromPos;
        applies.applyAt(fromPos, toPos, Number.POSITIVE_INFINITY);
      } else applies.follow(fromPos, toPos, fromUs, toUs, delayUs[node]);
    }
  }

  appliedBy(node: number, timeUs: number): number {
    return this.applies[node].appliedBy(timeUs);
  }

  isMissing(node: number): boolean {
    return this.missingFrom[node] >= 0;
  }

  stopReceiving(node: number, nowUs: number): void {
    if (this.missingFrom[node] >= 0) return;
    const applies = this.applies[node];
    const inTransitFrom = applies.appliedBy(nowUs);
    applies.truncate(inTransitFrom);
    applies.applyAt(inTransitFrom, this.length, Number.POSITIVE_INFINITY);
    this.missingFrom[node] = inTransitFrom;
  }

  catchUp(node: number, readyUs: number): void {
    const from = this.missingFrom[node];
    if (from < 0) return;
    const applies = this.applies[node];
    applies.truncate(from);
    applies.applyAt(from, this.length, readyUs);
    this.missingFrom[node] = -1;
  }

  /**
   * Back to the first `keep` writes; every node holds them from `readyUs` (re-seeded from the
   * restore). A node still missing stays missing, from `keep` at the latest: what it missed past
   * the restore point is gone, so its catch-up starts there.
   */
  rewind(keep: number, readyUs: number): void {
    const length = Math.min(keep, this.length);
    this.commits.truncate(length);
    for (let node = 0; node < this.applies.length; node++) {
      const applies = this.applies[node];
      applies.truncate(0);
      applies.applyAt(0, length, readyUs);
      if (this.missingFrom[node] > length) this.missingFrom[node] = length;
    }
  }

  promote(
    node: number,
    oldPrimary: number,
    applied: number,
    failedUs: number,
    readyUs: (other: number) => number,
  ): void {
    this.commits.truncate(applied);
    for (let other = 0; other < this.applies.length; other++) {
      const applies = this.applies[other];
      applies.truncate(applied);
      if (other === node) continue;
      if (other === oldPrimary) {
        // It may hold writes nobody else has: rebuilt from scratch when it returns.
        this.missingFrom[other] = 0;
        applies.truncate(0);
        applies.applyAt(0, applied, Number.POSITIVE_INFINITY);
        continue;
      }
      const mine = Math.min(applies.appliedBy(failedUs), applied);
      const ready = readyUs(other);
      applies.truncate(mine);
      applies.applyAt(mine, applied, ready);
      if (ready !== Number.POSITIVE_INFINITY) this.missingFrom[other] = -1;
      else this.missingFrom[other] = Math.min(this.missingFrom[other] >= 0 ? this.missingFrom[other] : mine, mine);
    }
    this.missingFrom[node] = -1;
  }

  acknowledgedByWriter(from: number, to: number): Float64Array {
    return this.commits.classesBetween(from, to, this.classes > 1 ? this.classes : 0);
  }

  /** Every fluid write is acknowledged: positions [from, to) hold to − from of them. */
  readIsStale(_node: number, _beganUs: number, _nowUs: number): boolean {
    return false; // a fluid run issues no read
  }

  acknowledgedBetween(from: number, to: number): { count: number; first: number } {
    return { count: Math.max(0, to - from), first: from < to ? from : -1 };
  }
}
