// A database's failover manager: it sends heartbeats to the primary, declares it dead after
// `missedHeartbeats` in a row, and after the promotion time promotes the most advanced reachable
// replica — measured at the moment the primary failed. Every acknowledged write beyond that
// replica's position is lost; the RPO reaches back to the oldest of them. A database whose writes
// wait for `sync` replicas promises to lose none: it promotes only a node holding every
// acknowledged write, and waits for one rather than promote a node without (ARCHITECTURE.md, "Data").

import type { DatabaseConfig, DatabaseView, ModelContext } from "../core/index.js";
import { nextTickUs, Priority } from "../core/index.js";
import { type DataLoss, recordDataLoss, wholeWrites } from "./data-loss.js";
import type { ReplicatedLog } from "./replicated-log.js";

/** What the failover manager needs from its database. */
export interface FailoverSubject {
  readonly name: string;
  readonly index: number;
  readonly config: DatabaseConfig;
  readonly nodeIds: string[];
  readonly nodeAlive: boolean[];
  readonly log: ReplicatedLog;
  readonly losses: DataLoss[];
  readonly primary: number;
  /** How many `sync` replicas a write needs (0: the primary acknowledges alone). */
  readonly ackRequired: number;
  /** The manager can reach `node` (up, and with a site, no partition between them). */
  visible(node: number): boolean;
  /** When a cut-off primary's lease runs out (−1: no lease, or not cut off). */
  leaseEndsUs(): number;
  /** Makes `node` the primary at log position `applied` (the primary failed at `failedUs`). */
  becomePrimary(node: number, applied: number, failedUs: number): void;
  /** The database as the control plane shows it. */
  view(failingOver: boolean): DatabaseView;
  primaryNodeId(): string;
}

export class FailoverManager {
  promotions = 0;
  /** When the current primary failed (−1: it is up). */
  private primaryFailedUs = -1;
  private missedHeartbeats = 0;
  private failingOver = false;
  private readonly heartbeatCode: number;
  private readonly promoteCode: number;
  /** Heartbeats tick at phaseUs + k × interval; in the fluid fidelity they sleep while the primary is up. */
  private phaseUs = 0;
  private asleep = false;
  private generation = 0;

  constructor(
    private readonly ctx: ModelContext,
    private readonly db: FailoverSubject,
  ) {
    const { sim } = ctx;
    const name = db.name;
    this.heartbeatCode = sim.register(`db.heartbeat/${name}`, (_, generation) => this.checkHeartbeat(generation));
    this.promoteCode = sim.register(`db.promote/${name}`, () => this.promote());
    // Heartbeats start at a random phase, as load-balancer and DNS checks do, so a failure at a
    // round time is detected after (k − 1) to k intervals, not always the best case.
    const failover = db.config.failover;
    if (failover.automatic) {
      const phase = ctx.streams.fork(`db/heartbeat/${name}`);
      this.phaseUs = Math.round(phase.next() * failover.heartbeatUs);
      sim.at(this.phaseUs, this.heartbeatCode, db.index, 0, Priority.control);
      ctx.lazy.add((nowUs) => this.wake(nowUs));
    }
  }

  private wake(nowUs: number): void {
    if (!this.asleep) return;
    this.asleep = false;
    this.generation++;
    const atUs = nextTickUs(this.phaseUs, this.db.config.failover.heartbeatUs, nowUs);
    this.ctx.sim.at(atUs, this.heartbeatCode, this.db.index, this.generation, Priority.control);
  }

  /** A failure was detected and the promotion is pending. */
  get inProgress(): boolean {
    return this.failingOver;
  }

  /** The primary went down or came back (a crash, its zone, a restart). */
  primaryChanged(alive: boolean, nowUs: number): void {
    this.primaryFailedUs = alive ? -1 : nowUs;
    this.missedHeartbeats = 0;
  }

  private checkHeartbeat(generation: number): void {
    const { sim, controlPlane, lazy } = this.ctx;
    const { db } = this;
    const failover = db.config.failover;
    lazy.ticked();
    if (generation !== this.generation) return; // it fell asleep since
    if (db.visible(db.primary)) {
      this.missedHeartbeats = 0;
      if (lazy.enabled) {
        // A fluid run's heartbeats sleep while the primary is up (core/lazy-checks.ts).
        this.asleep = true;
        this.generation++;
        return;
      }
    }
    sim.schedule(failover.heartbeatUs, this.heartbeatCode, db.index, generation, Priority.control);
    if (db.visible(db.primary)) return;
    this.missedHeartbeats++;
    if (this.missedHeartbeats < failover.missedHeartbeats || this.failingOver) return;
    this.failingOver = true;
    lazy.changed();
    controlPlane.change(
      sim.now,
      {
        kind: "db.failureDetected",
        subject: db.nodeIds[db.primary],
        data: { missedHeartbeats: this.missedHeartbeats },
      },
      (draft) => {
        draft.databases[db.name].failingOver = true;
      },
    );
    sim.schedule(failover.promotionUs, this.promoteCode, db.index, 0, Priority.control);
  }

  /** Promotes the most advanced live replica, as measured at the moment the primary failed. */
  private promote(): void {
    const { sim, controlPlane } = this.ctx;
    const { db } = this;
    // A cut-off primary stops taking writes when its lease runs out: promoting another before
    // then would give two primaries (fencing).
    const leaseEndsUs = db.leaseEndsUs();
    if (leaseEndsUs > sim.now) {
      sim.at(leaseEndsUs, this.promoteCode, db.index, 0, Priority.control);
      return;
    }
    this.failingOver = false;
    if (db.visible(db.primary)) {
      controlPlane.change(sim.now, { kind: "db.failoverCancelled", subject: db.nodeIds[db.primary] }, (draft) => {
        draft.databases[db.name].failingOver = false;
      });
      return;
    }
    // A dead primary committed nothing since it failed; one cut off from the site may have gone on
    // committing, and replicas still receiving from it have those writes.
    const positionUs = db.nodeAlive[db.primary] ? sim.now : this.primaryFailedUs;
    let best = -1;
    let bestApplied = -1;
    for (let node = 0; node < db.nodeIds.length; node++) {
      if (node === db.primary || !db.visible(node)) continue;
      const applied = db.log.appliedBy(node, positionUs);
      if (applied > bestApplied) {
        best = node;
        bestApplied = applied;
      }
    }
    // Under strict sync or a quorum, a write was acknowledged only once sync replicas had it;
    // promoting a node without it would break that promise: wait for one that has it to return.
    const withheld =
      best >= 0 && db.ackRequired > 0 && wholeWrites(db.log.acknowledgedBetween(bestApplied, db.log.length).count) >= 1;
    if (best < 0 || withheld) {
      this.missedHeartbeats = 0;
      controlPlane.change(sim.now, { kind: "db.promotionFailed", subject: db.name, data: { withheld } }, (draft) => {
        draft.databases[db.name].failingOver = false;
      });
      return;
    }
    this.recordLoss(best, bestApplied, positionUs);
    db.becomePrimary(best, bestApplied, positionUs);
    this.primaryFailedUs = -1;
    this.missedHeartbeats = 0;
    this.promotions++;
    controlPlane.change(
      sim.now,
      { kind: "db.promoted", subject: db.nodeIds[best], data: { position: bestApplied } },
      (draft) => {
        draft.databases[db.name] = db.view(false);
      },
    );
  }

  /** The acknowledged writes beyond `applied` are lost, as of `failureUs` (when replication stopped). */
  private recordLoss(node: number, applied: number, failureUs: number): void {
    const { log } = this.db;
    const { count, first } = log.acknowledgedBetween(applied, log.length);
    const lost = wholeWrites(count);
    recordDataLoss(
      this.ctx,
      this.db,
      {
        cause: "failover",
        failureUs,
        promotedUs: this.ctx.sim.now,
        promotedNode: this.db.nodeIds[node],
        lostWrites: lost,
        rpoUs: lost >= 1 ? failureUs - log.commits.get(first) : 0,
      },
      log.acknowledgedByWriter(applied, log.length),
    );
  }
}
