// A replicated database: a primary and replicas in named zones. Every acknowledged write gets a
// sequence number (its index in the log) and a commit time; each replica applies it after its
// replication delay. Failover promotes the most advanced reachable replica; every acknowledged
// write beyond that replica's position at the moment of failure is lost (DESIGN.md §5).

import type { DatabaseConfig } from "./config.js";
import { type ModelContext, Priority } from "./context.js";
import type { DatabaseView } from "./control-plane.js";
import { CorruptionRecovery } from "./corruption.js";
import { type DataLoss, recordDataLoss } from "./data-loss.js";
import { AccidentalDeletes } from "./deletions.js";
import { FoldedLever } from "./folded-lever.js";
import { GrowableLog } from "./growable-log.js";

/** Time constant of the database's load estimate. */
const LOAD_TIME_CONSTANT_US = 1_000_000;

/** Outcomes of a write. */
export const COMMIT_OK = 0;
/** The primary is down or cut off: the caller waits out its timeout. */
export const COMMIT_UNREACHABLE = 1;
/** The primary answered with an error (disk full): the caller fails at once. */
export const COMMIT_REJECTED = 2;

export class Database {
  readonly name: string;
  readonly nodeIds: string[];
  readonly nodeZones: number[];
  readonly nodeAlive: boolean[];
  /** Crashes holding each node down, keyed by fault; the node is alive when none is and its zone is up. */
  readonly nodeCrashes: FoldedLever;
  readonly syncNode: boolean[];
  readonly lagUs: number[];
  /** Replication lag raised by faults, per node: the largest active one wins over the design's. */
  readonly lagRaisedUs: FoldedLever;
  primary = 0;
  private readonly commits = new GrowableLog();
  private readonly applies: GrowableLog[];
  /** Per node, the first log index it is missing because it was down (−1: none). */
  private readonly missingFrom: number[];
  private primaryFailedUs = -1;
  /** Per node, operations per second sent to it, exponentially weighted (for loadFactor). */
  private readonly operationRate: Float64Array;
  private readonly lastOperationUs: Float64Array;
  /** Logical corruption and the restore from backups that follows it. */
  readonly corruption: CorruptionRecovery;
  /** Disk-full faults: writes are refused while any is active. */
  readonly diskFull: FoldedLever;
  private missedHeartbeats = 0;
  private failingOver = false;
  readonly losses: DataLoss[] = [];
  /** Writes committed over the run (a log truncated by failover or a restore does not lower it). */
  committed = 0;
  /** Log positions, ascending, of writes committed whose answer a partition lost. */
  private readonly unacknowledged: number[] = [];
  /** Rows deleted by accident, missing until un-deleted or restored. */
  readonly deletes: AccidentalDeletes;
  promotions = 0;
  /** Bumped whenever a node changes state or role; invalidates the caches below. */
  private stateVersion = 0;
  private readonly readCache: Int32Array;
  private readonly readCacheVersion: Int32Array;
  private syncRoundTripUs = 0;
  private syncCacheVersion = -1;
  private readonly heartbeatCode: number;
  private readonly promoteCode: number;

  constructor(
    private readonly ctx: ModelContext,
    readonly config: DatabaseConfig,
    readonly index: number,
  ) {
    const zones = [config.primaryZone, ...config.replicas.map((r) => r.zone)];
    this.name = config.name;
    this.nodeIds = zones.map((zone) => `${config.name}/${zone}`);
    this.nodeZones = zones.map((zone) => ctx.topology.zoneIndex(zone));
    this.nodeAlive = zones.map(() => true);
    const now = () => ctx.sim.now;
    this.nodeCrashes = new FoldedLever({
      name: `node.crash (${config.name})`,
      targets: zones.length,
      rule: "count",
      now,
    });
    this.syncNode = [false, ...config.replicas.map((r) => r.mode === "sync")];
    this.lagUs = [0, ...config.replicas.map((r) => r.lagUs)];
    this.lagRaisedUs = new FoldedLever({
      name: `replica.lag (${config.name})`,
      targets: zones.length,
      rule: "max",
      now,
    });
    this.diskFull = new FoldedLever({ name: `database.diskFull (${config.name})`, targets: 1, rule: "count", now });
    this.applies = zones.map(() => new GrowableLog());
    this.missingFrom = zones.map(() => -1);
    this.operationRate = new Float64Array(zones.length);
    this.lastOperationUs = new Float64Array(zones.length);
    this.readCache = new Int32Array(ctx.topology.zoneIds.length);
    this.readCacheVersion = new Int32Array(ctx.topology.zoneIds.length).fill(-1);
    this.heartbeatCode = ctx.sim.register(`db.heartbeat/${config.name}`, () => this.checkHeartbeat());
    this.promoteCode = ctx.sim.register(`db.promote/${config.name}`, () => this.promote());
    this.deletes = new AccidentalDeletes(ctx, this);
    this.corruption = new CorruptionRecovery(ctx, this);
    if (config.failover.automatic)
      ctx.sim.at(config.failover.heartbeatUs, this.heartbeatCode, index, 0, Priority.control);
  }

  get writes(): number {
    return this.commits.length;
  }

  /**
   * Commit times of every committed write, in order (read-only for other components). A write
   * whose answer a partition lost is committed but was never acknowledged: see
   * `acknowledgedBetween`.
   */
  get commitLog(): GrowableLog {
    return this.commits;
  }

  /**
   * The acknowledged writes among log positions [from, to): how many, and the position of the
   * first (−1: none). Data loss and RPO count only these: a write nobody was told about is not
   * a lost acknowledged write.
   */
  acknowledgedBetween(from: number, to: number): { count: number; first: number } {
    const unacked = this.unacknowledged;
    const start = lowerBound(unacked, from);
    const end = lowerBound(unacked, to);
    let first = from;
    for (let i = start; i < end && unacked[i] === first; i++) first++;
    return { count: Math.max(0, to - from - (end - start)), first: first < to ? first : -1 };
  }

  primaryNodeId(): string {
    return this.nodeIds[this.primary];
  }

  get primaryZone(): number {
    return this.nodeZones[this.primary];
  }

  /**
   * The node that serves a read from `fromZone`: a live replica in the caller's region (its own
   * zone first) when reads go to local replicas, else the primary. Cached per zone until a node
   * changes state or role.
   */
  readNode(fromZone: number, localReplica: boolean): number {
    if (!localReplica) return this.primary;
    if (this.readCacheVersion[fromZone] === this.stateVersion) return this.readCache[fromZone];
    const region = this.ctx.topology.zoneRegion[fromZone];
    let best = this.primary;
    for (let node = 0; node < this.nodeIds.length; node++) {
      if (node === this.primary || !this.canRead(node, fromZone)) continue;
      if (this.ctx.topology.zoneRegion[this.nodeZones[node]] !== region) continue;
      if (this.nodeZones[node] === fromZone) {
        best = node;
        break;
      }
      if (best === this.primary) best = node;
    }
    this.readCache[fromZone] = best;
    this.readCacheVersion[fromZone] = this.stateVersion;
    return best;
  }

  readDurationUs(fromZone: number, node: number): number {
    const zone = this.nodeZones[node];
    const network = this.ctx.network;
    const extraUs = network.active ? network.extraUs(fromZone, zone) + network.extraUs(zone, fromZone) : 0;
    return 2 * this.ctx.topology.oneWayUs(fromZone, zone) + extraUs + this.config.readTimeUs;
  }

  /** Time a write from `fromZone` takes: the round trip to the primary, the write, and the sync replicas' round trip. */
  writeDurationUs(fromZone: number): number {
    const topology = this.ctx.topology;
    const primaryZone = this.nodeZones[this.primary];
    if (this.syncCacheVersion !== this.stateVersion) {
      let syncUs = 0;
      for (let node = 0; node < this.nodeIds.length; node++) {
        if (node !== this.primary && this.syncNode[node] && this.receives(node)) {
          const extraUs = this.ctx.network.extraUs(primaryZone, this.nodeZones[node]) * 2;
          syncUs = Math.max(syncUs, 2 * topology.oneWayUs(primaryZone, this.nodeZones[node]) + extraUs);
        }
      }
      this.syncRoundTripUs = syncUs;
      this.syncCacheVersion = this.stateVersion;
    }
    const network = this.ctx.network;
    const extraUs = network.active
      ? network.extraUs(fromZone, primaryZone) + network.extraUs(primaryZone, fromZone)
      : 0;
    return 2 * topology.oneWayUs(fromZone, primaryZone) + extraUs + this.config.writeTimeUs + this.syncRoundTripUs;
  }

  /**
   * Commits one write from `fromZone` now: ok when the primary is up and reachable and has room.
   * Replicas that are down or cut off are skipped — sync ones included (the primary keeps
   * accepting writes, as a failover manager in non-strict synchronous mode does) — and catch up
   * when they are back.
   */
  commit(nowUs: number, fromZone: number, acknowledged = true): number {
    if (!this.nodeAlive[this.primary] || !this.ctx.network.reachable(fromZone, this.nodeZones[this.primary])) {
      return COMMIT_UNREACHABLE;
    }
    if (this.diskFull.values[0] > 0 || this.corruption.restoring) return COMMIT_REJECTED;
    const lsn = this.commits.length;
    this.commits.push(nowUs);
    this.committed++;
    if (!acknowledged) this.unacknowledged.push(lsn);
    for (let node = 0; node < this.nodeIds.length; node++) {
      const applies = this.applies[node];
      if (node === this.primary) applies.push(nowUs);
      else if (this.missingFrom[node] >= 0 || !this.receives(node)) applies.push(Number.POSITIVE_INFINITY);
      else if (this.syncNode[node]) applies.push(Math.max(nowUs, lsn > 0 ? applies.get(lsn - 1) : 0));
      else applies.push(Math.max(nowUs + this.replicationDelayUs(node), lsn > 0 ? applies.get(lsn - 1) : 0));
    }
    return COMMIT_OK;
  }

  /**
   * How much longer an operation on `node` takes under its current load: each node is a
   * processor-sharing server of `capacity` operations, whose sojourn is S / (1 − ρ) at load ρ.
   * ρ comes from an exponentially weighted rate of the operations sent to that node (time
   * constant 1 s): writes to the primary, reads to whichever node serves them, so read replicas
   * take load off the primary. Infinity: overloaded — the caller times out.
   */
  loadFactor(node: number, nowUs: number, operationUs: number): number {
    const capacity = this.config.capacity;
    if (capacity === 0) return 1;
    const decay = Math.exp((this.lastOperationUs[node] - nowUs) / LOAD_TIME_CONSTANT_US);
    const rate = this.operationRate[node] * decay + 1e6 / LOAD_TIME_CONSTANT_US;
    this.operationRate[node] = rate;
    this.lastOperationUs[node] = nowUs;
    const load = (rate * operationUs) / 1e6 / capacity;
    return load < 0.99 ? 1 / (1 - load) : Number.POSITIVE_INFINITY;
  }

  /** What a read sent to `node` from `fromZone` gets: an answer, silence, or a refusal (restoring). */
  readOutcome(node: number, fromZone: number): number {
    if (!this.nodeAlive[node] || !this.ctx.network.reachable(fromZone, this.nodeZones[node])) return COMMIT_UNREACHABLE;
    return this.corruption.restoring ? COMMIT_REJECTED : COMMIT_OK;
  }

  canRead(node: number, fromZone: number): boolean {
    return this.readOutcome(node, fromZone) !== COMMIT_UNREACHABLE;
  }

  /**
   * Back to the first `keep` writes: the log and every replica (re-seeded at `readyUs`, once the
   * restore is done).
   */
  rewind(keep: number, readyUs: number): void {
    this.commits.truncate(keep);
    this.forgetUnacknowledgedFrom(keep);
    for (const applies of this.applies) {
      applies.truncate(keep);
      applies.fill(0, keep, readyUs);
    }
  }

  /** A replica receives the log while it is up and the primary can reach it. */
  private receives(node: number): boolean {
    return this.nodeAlive[node] && this.ctx.network.reachable(this.nodeZones[this.primary], this.nodeZones[node]);
  }

  /** An async replica's delay: its lag (or the injected one) plus any extra latency on the link. */
  private replicationDelayUs(node: number): number {
    const lag = this.effectiveLagUs(node);
    return lag + this.ctx.network.extraUs(this.nodeZones[this.primary], this.nodeZones[node]);
  }

  /** Marks a node up or down after a change in its failure domain or a crash. */
  setNodeAlive(node: number, alive: boolean, nowUs: number): void {
    if (this.nodeAlive[node] === alive) return;
    this.nodeAlive[node] = alive;
    this.stateVersion++;
    if (node === this.primary) {
      this.primaryFailedUs = alive ? -1 : nowUs;
      this.missedHeartbeats = 0;
    }
    this.refreshReplication(nowUs);
  }

  /** The network changed: reads may go elsewhere, and replicas may be cut off or back. */
  onNetworkChanged(nowUs: number): void {
    this.stateVersion++;
    this.refreshReplication(nowUs);
  }

  /**
   * Replicas that stopped receiving lose what was still in transit; replicas receiving again
   * get what they missed one replication delay from now (if the primary is up to send it).
   */
  private refreshReplication(nowUs: number): void {
    for (let node = 0; node < this.nodeIds.length; node++) {
      if (node === this.primary) continue;
      const receiving = this.receives(node);
      if (!receiving && this.missingFrom[node] < 0) {
        // Writes still in transit never arrive.
        const inTransitFrom = this.applies[node].firstAbove(nowUs);
        this.applies[node].fill(inTransitFrom, this.commits.length, Number.POSITIVE_INFINITY);
        this.missingFrom[node] = inTransitFrom;
      } else if (receiving && this.missingFrom[node] >= 0 && this.nodeAlive[this.primary]) this.catchUp(node, nowUs);
    }
  }

  private catchUp(node: number, nowUs: number): void {
    const delayUs = this.syncNode[node] ? 0 : this.replicationDelayUs(node);
    this.applies[node].fill(this.missingFrom[node], this.commits.length, nowUs + delayUs);
    this.missingFrom[node] = -1;
  }

  /** An async replica's lag now: the design's, or a larger one a fault raised it to. */
  effectiveLagUs(node: number): number {
    return Math.max(this.lagUs[node], this.lagRaisedUs.values[node]);
  }

  private checkHeartbeat(): void {
    const { sim, controlPlane } = this.ctx;
    const failover = this.config.failover;
    sim.schedule(failover.heartbeatUs, this.heartbeatCode, this.index, 0, Priority.control);
    if (this.nodeAlive[this.primary]) {
      this.missedHeartbeats = 0;
      return;
    }
    this.missedHeartbeats++;
    if (this.missedHeartbeats < failover.missedHeartbeats || this.failingOver) return;
    this.failingOver = true;
    controlPlane.change(
      sim.now,
      {
        kind: "db.failureDetected",
        subject: this.nodeIds[this.primary],
        detail: `${this.missedHeartbeats} heartbeats missed`,
      },
      (draft) => {
        draft.databases[this.name].failingOver = true;
      },
    );
    sim.schedule(failover.promotionUs, this.promoteCode, this.index, 0, Priority.control);
  }

  /** Promotes the most advanced live replica, as measured at the moment the primary failed. */
  private promote(): void {
    const { sim, controlPlane } = this.ctx;
    this.failingOver = false;
    if (this.nodeAlive[this.primary]) {
      controlPlane.change(sim.now, { kind: "db.failoverCancelled", subject: this.nodeIds[this.primary] }, (draft) => {
        draft.databases[this.name].failingOver = false;
      });
      return;
    }
    let best = -1;
    let bestApplied = -1;
    for (let node = 0; node < this.nodeIds.length; node++) {
      if (node === this.primary || !this.nodeAlive[node]) continue;
      const applied = this.applies[node].countAtOrBelow(this.primaryFailedUs);
      if (applied > bestApplied) {
        best = node;
        bestApplied = applied;
      }
    }
    if (best < 0) {
      this.missedHeartbeats = 0;
      controlPlane.change(
        sim.now,
        { kind: "db.promotionFailed", subject: this.name, detail: "no live replica" },
        (draft) => {
          draft.databases[this.name].failingOver = false;
        },
      );
      return;
    }
    this.recordLoss(best, bestApplied);
    this.becomePrimary(best, bestApplied);
    this.promotions++;
    controlPlane.change(
      sim.now,
      { kind: "db.promoted", subject: this.nodeIds[best], detail: `at position ${bestApplied}` },
      (draft) => {
        draft.databases[this.name] = this.view(false);
      },
    );
  }

  /** The database as the control plane shows it: roles, and each replica's mode and lag. */
  private view(failingOver: boolean): DatabaseView {
    const zoneIds = this.ctx.topology.zoneIds;
    const replicas: DatabaseView["replicas"] = {};
    for (let node = 0; node < this.nodeIds.length; node++) {
      if (node === this.primary) continue;
      const lagUs = this.syncNode[node] ? 0 : this.effectiveLagUs(node);
      replicas[zoneIds[this.nodeZones[node]]] = { mode: this.syncNode[node] ? "sync" : "async", lagS: lagUs / 1e6 };
    }
    return { primary: zoneIds[this.nodeZones[this.primary]], failingOver, replicas };
  }

  private recordLoss(node: number, applied: number): void {
    const { count: lost, first } = this.acknowledgedBetween(applied, this.commits.length);
    recordDataLoss(this.ctx, this, {
      cause: "failover",
      failureUs: this.primaryFailedUs,
      promotedUs: this.ctx.sim.now,
      promotedNode: this.nodeIds[node],
      lostWrites: lost,
      rpoUs: lost > 0 ? this.primaryFailedUs - this.commits.get(first) : 0,
    });
  }

  /** The log is cut back to the new primary's position; the others resynchronise from it. */
  private becomePrimary(node: number, applied: number): void {
    const nowUs = this.ctx.sim.now;
    const oldPrimary = this.primary;
    this.commits.truncate(applied);
    this.forgetUnacknowledgedFrom(applied);
    for (let other = 0; other < this.nodeIds.length; other++) {
      const applies = this.applies[other];
      applies.truncate(applied);
      if (other === node) continue;
      if (other === oldPrimary) {
        // The old primary may hold writes nobody else has: it must be rebuilt when it returns.
        this.syncNode[other] = false;
        this.lagUs[other] = this.ctx.topology.oneWayUs(this.nodeZones[node], this.nodeZones[other]);
        this.missingFrom[other] = 0;
        applies.fill(0, applied, Number.POSITIVE_INFINITY);
        continue;
      }
      const mine = Math.min(applies.countAtOrBelow(this.primaryFailedUs), applied);
      if (this.nodeAlive[other]) {
        const lag = this.syncNode[other] ? 0 : this.lagUs[other];
        applies.fill(mine, applied, nowUs + lag);
        this.missingFrom[other] = -1;
      } else {
        this.missingFrom[other] = Math.min(this.missingFrom[other] >= 0 ? this.missingFrom[other] : mine, mine);
        applies.fill(mine, applied, Number.POSITIVE_INFINITY);
      }
    }
    this.primary = node;
    this.stateVersion++;
    this.primaryFailedUs = -1;
    this.missedHeartbeats = 0;
    this.missingFrom[node] = -1;
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
