// The fluid replication log against the per-request one it stands in for: the same traffic fed
// as single writes and as flows, the same outages, promotions and restores, the same answers to
// within one write; the region-loss RPO from theory; memory that does not grow with writes.

import { describe, expect, it } from "vitest";
import { FluidReplicationLog } from "../../src/model/data/fluid-replication-log.js";
import { NOT_RECEIVING } from "../../src/model/data/replicated-log.js";
import { ReplicationLog } from "../../src/model/data/replication-log.js";

const S = 1_000_000;
const RATE_PER_S = 200;
const SPACING_US = S / RATE_PER_S;
const PRIMARY = 0;
const SYNC = 1;
const ASYNC = 2;
/** A second async replica in the surviving region, further behind: re-seeded by the promotion. */
const FAR = 3;

// Tolerance: a discrete write committed (or applied) at t counts from t itself, while the fluid
// curve through the same writes reaches that count only one spacing later and lies in between at
// every moment. So a position read at one time differs by less than one write (≤ 1, a hair more
// for floating point), and the commit time of one position by less than one spacing (5 ms).
const POSITION_TOLERANCE = 1 + 1e-6;
const TIME_TOLERANCE_US = SPACING_US + 1e-3;

interface NodeState {
  sync: boolean;
  lagUs: number;
  receiving: boolean;
}

/** The same history fed to both logs: discrete writes every 5 ms, and one flow per second. */
class Twin {
  readonly discrete = new ReplicationLog(4);
  readonly fluid = new FluidReplicationLog(4);
  primary = PRIMARY;
  readonly nodes: NodeState[] = [
    { sync: false, lagUs: 0, receiving: true },
    { sync: true, lagUs: 0, receiving: true },
    { sync: false, lagUs: 2 * S, receiving: true },
    { sync: false, lagUs: 3 * S, receiving: true },
  ];
  /** Per log, positions where a promotion or a restore cut it: later writes are other writes. */
  readonly discreteCuts: number[] = [];
  readonly fluidCuts: number[] = [];

  /** What Database.commit computes: 0 for a sync replica, its lag for an async one. */
  delays(): number[] {
    return this.nodes.map((node, index) => {
      if (index === this.primary) return 0;
      if (!node.receiving) return NOT_RECEIVING;
      return node.sync ? 0 : node.lagUs;
    });
  }

  writeSeconds(fromS: number, toS: number): void {
    for (let second = fromS; second < toS; second++) {
      const delays = this.delays();
      for (let write = 0; write < RATE_PER_S; write++) {
        this.discrete.append(second * S + write * SPACING_US, true, this.primary, delays);
      }
      this.fluid.flow(second * S, (second + 1) * S, RATE_PER_S, this.primary, delays);
    }
  }

  stop(node: number, nowUs: number): void {
    this.nodes[node].receiving = false;
    this.discrete.stopReceiving(node, nowUs);
    this.fluid.stopReceiving(node, nowUs);
  }

  resume(node: number, nowUs: number): void {
    this.nodes[node].receiving = true;
    const readyUs = nowUs + (this.nodes[node].sync ? 0 : this.nodes[node].lagUs);
    this.discrete.catchUp(node, readyUs);
    this.fluid.catchUp(node, readyUs);
  }

  /** Promotes `node` as the failover manager does; returns each log's loss and RPO. */
  promote(node: number, failedUs: number, nowUs: number) {
    const outcome = (log: ReplicationLog | FluidReplicationLog, cuts: number[], lost: (n: number) => number) => {
      const applied = log.appliedBy(node, failedUs);
      const acknowledged = log.acknowledgedBetween(applied, log.length);
      const lostWrites = lost(acknowledged.count);
      const rpoUs = lostWrites >= 1 ? failedUs - log.commits.get(acknowledged.first) : 0;
      log.promote(node, this.primary, applied, failedUs, (other) =>
        this.nodes[other].receiving ? nowUs + this.nodes[other].lagUs : Number.POSITIVE_INFINITY,
      );
      cuts.push(applied);
      return { applied, lostWrites, rpoUs };
    };
    const discrete = outcome(this.discrete, this.discreteCuts, (n) => n);
    const fluid = outcome(this.fluid, this.fluidCuts, Math.round);
    this.nodes[this.primary] = { sync: false, lagUs: 500_000, receiving: false };
    this.primary = node;
    this.nodes[node].receiving = true;
    return { discrete, fluid };
  }

  rewind(pointUs: number, readyUs: number): void {
    for (const [log, cuts] of [
      [this.discrete, this.discreteCuts],
      [this.fluid, this.fluidCuts],
    ] as const) {
      const keep = log.commits.countAtOrBelow(pointUs);
      log.rewind(keep, readyUs);
      cuts.push(keep);
    }
  }

  /** Every node's position, on a 37 ms grid up to `untilUs`, agrees to within a write between cuts. */
  expectAgreement(untilUs: number): void {
    for (let node = 0; node < this.nodes.length; node++) {
      for (let timeUs = 0; timeUs <= untilUs; timeUs += 37_000) {
        const discrete = parts(this.discrete.appliedBy(node, timeUs), this.discreteCuts);
        const fluid = parts(this.fluid.appliedBy(node, timeUs), this.fluidCuts);
        for (let part = 0; part < discrete.length; part++) {
          const difference = Math.abs(discrete[part] - fluid[part]);
          if (difference > POSITION_TOLERANCE) {
            expect.fail(`node ${node} at ${timeUs} µs, part ${part}: ${discrete[part]} against ${fluid[part]}`);
          }
        }
      }
    }
  }
}

/** A position split at the log's cuts: how far into each stretch of writes between two cuts. */
function parts(position: number, cuts: number[]): number[] {
  const result: number[] = [];
  let start = 0;
  for (const cut of cuts) {
    result.push(Math.min(Math.max(position - start, 0), cut - start));
    start = cut;
  }
  result.push(Math.max(position - start, 0));
  return result;
}

describe("the fluid replication log against the per-request one", () => {
  it("agrees on every node's position, the lost writes and the RPO through outages, a failover and a restore", () => {
    const twin = new Twin();
    twin.writeSeconds(0, 4);
    // The lag shrinks for a second, then for another: those writes queue behind the slower ones.
    twin.nodes[ASYNC].lagUs = S / 5;
    twin.writeSeconds(4, 5);
    twin.nodes[ASYNC].lagUs = S;
    twin.writeSeconds(5, 6);
    twin.nodes[ASYNC].lagUs = 2 * S;
    twin.writeSeconds(6, 8);
    twin.stop(SYNC, 8 * S);
    twin.writeSeconds(8, 11);
    twin.resume(SYNC, 11 * S);
    twin.writeSeconds(11, 13);
    twin.stop(ASYNC, 13 * S + 300_000); // mid-second: part of what is in transit is lost
    twin.writeSeconds(13, 14);
    twin.resume(ASYNC, 14 * S);
    twin.writeSeconds(14, 20);
    twin.expectAgreement(25 * S);

    // The primary's region is lost at 20 s: the primary and the sync replica with it.
    twin.stop(SYNC, 20 * S);
    twin.expectAgreement(25 * S);
    const { discrete, fluid } = twin.promote(ASYNC, 20 * S, 30 * S);
    expect(Math.abs(discrete.lostWrites - fluid.lostWrites)).toBeLessThanOrEqual(1);
    expect(Math.abs(discrete.rpoUs - fluid.rpoUs)).toBeLessThanOrEqual(TIME_TOLERANCE_US);
    expect(fluid.lostWrites).toBe(400);
    expect(fluid.rpoUs).toBeCloseTo(2 * S, 0);
    // The far replica had what was committed by 17 s when the primary failed; the rest it gets
    // from the new primary one lag after the promotion, not what was in transit from the old one.
    expect(twin.fluid.appliedBy(FAR, 32 * S)).toBeCloseTo(17 * RATE_PER_S, 6);
    expect(twin.fluid.appliedBy(FAR, 33 * S)).toBeCloseTo(18 * RATE_PER_S, 6);
    twin.expectAgreement(35 * S);

    twin.writeSeconds(30, 35);
    twin.nodes[SYNC] = { sync: false, lagUs: 300_000, receiving: false }; // the new primary is in another region
    twin.resume(SYNC, 35 * S);
    twin.writeSeconds(35, 36);
    twin.resume(PRIMARY, 36 * S); // the old primary, rebuilt from scratch
    twin.writeSeconds(36, 40);
    twin.expectAgreement(45 * S);

    twin.rewind(33 * S, 45 * S);
    twin.writeSeconds(45, 50);
    twin.expectAgreement(55 * S);
    expect(Math.abs(twin.discrete.committed - twin.fluid.committed)).toBe(0);
  });
});

describe("the fluid replication log", () => {
  /** Primary and sync replica in one region, an async replica (lag 2 s) in another. */
  function regionPair(): FluidReplicationLog {
    const log = new FluidReplicationLog(3);
    log.flow(0, 20 * S, 20 * RATE_PER_S, PRIMARY, [0, 0, 2 * S]);
    return log;
  }

  it("loses the async replica's lag worth of writes when the primary's region is lost", () => {
    const log = regionPair();
    log.stopReceiving(SYNC, 20 * S);
    const applied = log.appliedBy(ASYNC, 20 * S);
    const { count, first } = log.acknowledgedBetween(applied, log.length);
    expect(count).toBeCloseTo(RATE_PER_S * 2, 6);
    expect(20 * S - log.commits.get(first)).toBeCloseTo(2 * S, 3);
    log.promote(ASYNC, PRIMARY, applied, 20 * S, () => Number.POSITIVE_INFINITY);
    expect(log.length).toBeCloseTo(18 * RATE_PER_S, 6);
    expect(log.committed).toBe(20 * RATE_PER_S);
  });

  it("holds a simulated year of steady flows in a handful of segments", () => {
    const log = new FluidReplicationLog(3);
    const calls = 1_000_000;
    const stepUs = (365 * 86_400 * S) / calls;
    const count = (RATE_PER_S * stepUs) / S;
    let largest = 0;
    for (let call = 0; call < calls; call++) {
      log.flow(call * stepUs, (call + 1) * stepUs, count, PRIMARY, [0, 0, 2 * S]);
      if (call % 1000 === 0) largest = Math.max(largest, log.segmentCount);
    }
    // One commit segment and one piece per node.
    expect(Math.max(largest, log.segmentCount)).toBe(4);
    const endUs = calls * stepUs;
    expect(log.length).toBeCloseTo(RATE_PER_S * 365 * 86_400, -1);
    expect(log.length - log.appliedBy(ASYNC, endUs)).toBeCloseTo(RATE_PER_S * 2, 3);
  });

  it("adds a segment per change of rate or lag, and none for a flow of nothing", () => {
    const log = new FluidReplicationLog(2);
    log.flow(0, S, 100, PRIMARY, [0, S]);
    log.flow(S, 2 * S, 0, PRIMARY, [0, S]);
    log.flow(2 * S, 3 * S, 100, PRIMARY, [0, S]);
    expect(log.length).toBe(200);
    expect(log.committed).toBe(200);
    expect(log.commits.countAtOrBelow(1.5 * S)).toBe(100);
    expect(log.commits.get(100)).toBe(2 * S); // the write after the pause
    expect(log.appliedBy(1, 2.5 * S)).toBe(100);
    expect(log.appliedBy(1, 3.5 * S)).toBeCloseTo(150, 9);
    // Two commit segments (the pause), one piece per node (same delays throughout).
    expect(log.segmentCount).toBe(4);
    log.flow(3 * S, 4 * S, 0, PRIMARY, [0, S]);
    expect(log.segmentCount).toBe(4);
  });

  it("marks nothing applied on a node while it is missing, and everything at its catch-up", () => {
    const log = new FluidReplicationLog(2);
    log.flow(0, 5 * S, 500, PRIMARY, [0, S]);
    log.stopReceiving(1, 5 * S);
    expect(log.isMissing(1)).toBe(true);
    log.flow(5 * S, 10 * S, 500, PRIMARY, [0, NOT_RECEIVING]);
    expect(log.appliedBy(1, 100 * S)).toBeCloseTo(400, 9); // what was in transit never came
    log.catchUp(1, 12 * S);
    expect(log.isMissing(1)).toBe(false);
    expect(log.appliedBy(1, 12 * S - 1)).toBeCloseTo(400, 9);
    expect(log.appliedBy(1, 12 * S)).toBe(1000);
    log.flow(12 * S, 13 * S, 100, PRIMARY, [0, S]);
    expect(log.appliedBy(1, 13.5 * S)).toBeCloseTo(1050, 9);
  });

  it("treats a flow that does not reach a node as that node stopping there", () => {
    const log = new FluidReplicationLog(2);
    log.flow(0, S, 100, PRIMARY, [0, 0]);
    log.flow(S, 2 * S, 100, PRIMARY, [0, NOT_RECEIVING]);
    expect(log.isMissing(1)).toBe(true);
    log.flow(2 * S, 3 * S, 100, PRIMARY, [0, 0]); // still missing until it catches up
    expect(log.appliedBy(1, 10 * S)).toBe(100);
    log.catchUp(1, 4 * S);
    expect(log.appliedBy(1, 4 * S)).toBe(300);
  });

  it("promotes a replica that had applied less than the primary and rebuilds the old primary", () => {
    const log = new FluidReplicationLog(3);
    log.flow(0, 10 * S, 1000, PRIMARY, [0, 0, 4 * S]);
    const applied = log.appliedBy(ASYNC, 10 * S);
    expect(applied).toBeCloseTo(600, 9);
    log.promote(ASYNC, PRIMARY, applied, 10 * S, (other) => (other === SYNC ? 12 * S : Number.POSITIVE_INFINITY));
    expect(log.length).toBeCloseTo(600, 9);
    expect(log.committed).toBe(1000);
    // The sync replica held more than the new primary: it is cut back to its position.
    expect(log.appliedBy(SYNC, 10 * S)).toBeCloseTo(600, 9);
    expect(log.isMissing(SYNC)).toBe(false);
    expect(log.isMissing(PRIMARY)).toBe(true);
    expect(log.appliedBy(PRIMARY, 100 * S)).toBe(0);
    log.flow(12 * S, 13 * S, 100, ASYNC, [NOT_RECEIVING, 0, 0]);
    expect(log.appliedBy(ASYNC, 13 * S)).toBeCloseTo(700, 9);
    expect(log.appliedBy(SYNC, 12.5 * S)).toBeCloseTo(650, 9);
    expect(log.commits.get(650)).toBeCloseTo(12.5 * S, 3);
    log.catchUp(PRIMARY, 14 * S);
    expect(log.appliedBy(PRIMARY, 14 * S - 1)).toBe(0);
    expect(log.appliedBy(PRIMARY, 14 * S)).toBeCloseTo(700, 9);
  });

  it("rewinds to nothing: every node empty, the total committed kept, new writes from position 0", () => {
    const log = new FluidReplicationLog(2);
    log.flow(0, 5 * S, 500, PRIMARY, [0, S]);
    log.stopReceiving(1, 5 * S);
    log.rewind(0, 6 * S);
    expect(log.length).toBe(0);
    expect(log.committed).toBe(500);
    expect(log.appliedBy(PRIMARY, 100 * S)).toBe(0);
    expect(log.isMissing(1)).toBe(true);
    log.flow(6 * S, 7 * S, 100, PRIMARY, [0, NOT_RECEIVING]);
    expect(log.commits.get(50)).toBeCloseTo(6.5 * S, 3);
    expect(log.commits.countAtOrBelow(7 * S)).toBe(100);
    log.catchUp(1, 8 * S);
    expect(log.appliedBy(1, 8 * S)).toBe(100);
  });

  it("counts every write as acknowledged", () => {
    const log = new FluidReplicationLog(1);
    expect(log.acknowledgedBetween(10.5, 47.75)).toEqual({ count: 37.25, first: 10.5 });
    expect(log.acknowledgedBetween(5, 5)).toEqual({ count: 0, first: -1 });
    expect(log.acknowledgedBetween(6, 5)).toEqual({ count: 0, first: -1 });
  });

  it("refuses flows that go back in time", () => {
    const log = new FluidReplicationLog(1);
    log.flow(S, 2 * S, 10, PRIMARY, [0]);
    expect(() => log.flow(S / 2, 3 * S, 10, PRIMARY, [0])).toThrow(/invariant/);
  });
});
