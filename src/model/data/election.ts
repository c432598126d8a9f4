// Leader election of a majority-replicated database (`replication: majority`: Raft or Paxos, as
// etcd, CockroachDB and Spanner run it). When the leader dies or can no longer reach a majority
// of the members, the followers hear nothing for the election timeout (and the old leader's
// lease runs out, if there is one) and elect a member that reaches a majority and holds the most
// of the log: as every committed write is on a majority, and two majorities share a member, it
// holds every committed write. No failover manager takes part (ARCHITECTURE.md, "Data").

import type { DatabaseView, ModelContext, WriterClasses } from "../core/index.js";
import { emit, Priority } from "../core/index.js";
import { type DataLoss, recordDataLoss, wholeWrites } from "./data-loss.js";
import type { ReplicatedLog } from "./replicated-log.js";

/** What an election needs from its database. */
export interface ElectionSubject {
  readonly name: string;
  readonly index: number;
  readonly nodeIds: string[];
  readonly nodeAlive: boolean[];
  readonly log: ReplicatedLog;
  readonly losses: DataLoss[];
  /** Who writes (a loss is split by writer class: core/writer-classes.ts). */
  readonly config: { readonly writers?: WriterClasses };
  readonly primary: number;
  /** Members that must hold a write before it commits: ⌊n / 2⌋ + 1, the leader included. */
  readonly majority: number;
  /** The leader is up and reaches a majority (itself included) both ways. */
  leaderHasMajority(): boolean;
  /** Live members `node` reaches and is reached by, itself included (0 when it is down). */
  membersReaching(node: number): number;
  /** Makes `node` the leader at log position `applied` (the old leader lost its majority at `lostUs`). */
  becomeLeader(node: number, applied: number, lostUs: number): void;
  primaryNodeId(): string;
  /** The database as the control plane shows it. */
  view(failingOver: boolean): DatabaseView;
}

export class Election {
  /** Leaders elected over the run. */
  elections = 0;
  /** When the leader died or lost its majority (−1: it has one). */
  private lostUs = -1;
  private pending = false;
  /** Bumped when the leader is back with a majority, so a pending election finds itself stale. */
  private generation = 0;
  private readonly electCode: number;

  constructor(
    private readonly ctx: ModelContext,
    private readonly db: ElectionSubject,
    private readonly timing: { timeoutUs: number; leaseUs: number },
  ) {
    this.electCode = ctx.sim.register(`db.elect/${db.name}`, (_, generation) => this.elect(generation));
  }

  /**
   * After any change of state (a node up or down, the network): a leader that lost its majority
   * starts the clock; one that has it again cancels the election. Followers keep timing out while
   * no majority can meet, so an election that failed is tried again one timeout after a change.
   */
  settle(nowUs: number): void {
    if (this.db.leaderHasMajority()) {
      if (this.lostUs >= 0) {
        this.lostUs = -1;
        this.pending = false;
        this.generation++;
      }
      return;
    }
    if (this.lostUs < 0) {
      this.lostUs = nowUs;
      emit(this.ctx.trace, nowUs, { kind: "db.majorityLost", subject: this.db.primaryNodeId() });
    }
    if (this.pending) return;
    this.pending = true;
    // A new leader serves only once the old one's lease, last renewed with a majority, has run out.
    const atUs = Math.max(nowUs + this.timing.timeoutUs, this.lostUs + this.timing.leaseUs);
    this.ctx.sim.at(atUs, this.electCode, this.db.index, this.generation, Priority.control);
  }

  /** The most advanced member that reaches a majority becomes leader; without one, nobody does. */
  private elect(generation: number): void {
    if (generation !== this.generation) return;
    const { db, ctx } = this;
    const nowUs = ctx.sim.now;
    this.pending = false;
    let best = -1;
    let bestApplied = -1;
    for (let node = 0; node < db.nodeIds.length; node++) {
      if (db.membersReaching(node) < db.majority) continue;
      const applied = db.log.appliedBy(node, nowUs);
      if (applied > bestApplied) {
        best = node;
        bestApplied = applied;
      }
    }
    if (best < 0) {
      emit(ctx.trace, nowUs, { kind: "db.electionFailed", subject: db.name });
      return;
    }
    // Nothing is lost by construction; measured all the same, so a broken rule would show.
    const lostUs = this.lostUs;
    const { count, first } = db.log.acknowledgedBetween(bestApplied, db.log.length);
    const lost = wholeWrites(count);
    recordDataLoss(
      ctx,
      db,
      {
        cause: "failover",
        failureUs: lostUs,
        promotedUs: nowUs,
        promotedNode: db.nodeIds[best],
        lostWrites: lost,
        rpoUs: lost >= 1 ? lostUs - db.log.commits.get(first) : 0,
      },
      db.log.acknowledgedByWriter(bestApplied, db.log.length),
    );
    db.becomeLeader(best, bestApplied, lostUs);
    this.elections++;
    this.lostUs = -1;
    this.generation++;
    ctx.lazy.changed();
    const data = { position: bestApplied, afterS: (nowUs - lostUs) / 1e6 };
    ctx.controlPlane.change(nowUs, { kind: "db.leaderElected", subject: db.nodeIds[best], data }, (draft) => {
      draft.databases[db.name] = db.view(false);
    });
  }
}
