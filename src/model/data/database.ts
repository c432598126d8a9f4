// A replicated database: a primary and replicas in named zones, how long reads and writes take
// and whether they are answered, and which replicas receive the log — write by write
// (replication-log.ts) or, in the fluid fidelity, as flows (fluid-replication-log.ts), and
// which of them a write waits for (replica modes, quorum, or a majority of voting members). Its
// failover manager (failover-manager.ts) promotes a replica when the primary fails, or, for a
// majority database, its members elect a leader (election.ts); where the manager stands and
// fencing (failover-site.ts), split brains (split-brain.ts), corruption and deletes have files of
// their own (ARCHITECTURE.md, "Data").

import { InvariantError } from "../../engine/index.js";
import type { DatabaseConfig, DatabaseView } from "../core/index.js";
import {
  classCount,
  classOf,
  FoldedLever,
  type ModelContext,
  ONE_WRITER_CLASS,
  type WriterClasses,
} from "../core/index.js";
import { CorruptionRecovery } from "./corruption.js";
import type { DataLoss } from "./data-loss.js";
import { AccidentalDeletes } from "./deletions.js";
import { Election } from "./election.js";
import { Failback } from "./failback.js";
import { FailoverManager, type FailoverSubject } from "./failover-manager.js";
import { FailoverSite } from "./failover-site.js";
import { FluidReplicationLog } from "./fluid-replication-log.js";
import { type CommitTimes, NOT_RECEIVING, type ReplicatedLog } from "./replicated-log.js";
import { ReplicationLog } from "./replication-log.js";
import { SplitBrain } from "./split-brain.js";

/** Time constant of the database's load estimate. */
const LOAD_TIME_CONSTANT_US = 1_000_000;

/** Outcomes of a write. */
export const COMMIT_OK = 0;
/** The primary is down or cut off: the caller waits out its timeout. */
export const COMMIT_UNREACHABLE = 1;
/** The primary answered with an error (disk full): the caller fails at once. */
export const COMMIT_REJECTED = 2;
/**
 * Fewer sync replicas than the write needs can receive it: the primary holds it unacknowledged
 * and keeps waiting (it cannot say no: a replica may be back any moment), so the caller waits
 * out its timeout, as with a primary it cannot reach.
 */
export const COMMIT_WAITING = 3;

export class Database implements FailoverSubject {
  readonly name: string;
  readonly nodeIds: string[];
  readonly nodeZones: number[];
  readonly nodeAlive: boolean[];
  /** Crashes holding each node down, keyed by fault; the node is alive when none is and its zone is up. */
  readonly nodeCrashes: FoldedLever;
  /** The primary waits for this node while it receives the log (`sync` and `sync-or-skip`). */
  readonly syncNode: boolean[];
  /** A write is not acknowledged without this node (`sync`), up to the quorum `ackRequired`. */
  readonly strictNode: boolean[];
  /** How many `sync` nodes must have a write before it is acknowledged (0: none are waited for). */
  ackRequired = 0;
  readonly lagUs: number[];
  /** Replication lag raised by faults, per node: the largest active one wins over the design's. */
  readonly lagRaisedUs: FoldedLever;
  /** Disk-full faults: writes are refused while any is active. */
  readonly diskFull: FoldedLever;
  primary = 0;
  /** Every committed write and when each node applied it, one by one or as flows. */
  readonly log: ReplicatedLog;
  /** The same log when writes come one by one (undefined when fluid). */
  private readonly requestLog: ReplicationLog | undefined;
  /** The same log when writes come as flows (undefined when per-request). */
  private readonly fluidLog: FluidReplicationLog | undefined;
  /** Heartbeats, detection and promotion (failover-manager.ts). */
  readonly failover: FailoverManager;
  /** Logical corruption and the restore from backups that follows it. */
  readonly corruption: CorruptionRecovery;
  /** Rows deleted by accident, missing until un-deleted or restored. */
  readonly deletes: AccidentalDeletes;
  readonly losses: DataLoss[] = [];
  /**
   * Majority replication: the leader (`primary`) and every replica vote, a write commits once
   * `majority` members have it, and an election replaces the failover manager (undefined: a
   * primary and its replicas).
   */
  readonly election: Election | undefined;
  /** Members that must hold a write for it to commit, the leader included (majority databases). */
  readonly majority: number;
  /** A replaced primary still taking writes, unfenced (split-brain.ts). */
  readonly splitBrain: SplitBrain;
  /** Switches the primary back to the design's once it is back (failback.ts; undefined: never). */
  readonly failback: Failback | undefined;
  /** The replicas' modes and lags as designed, which a failback restores. */
  private readonly designedSync: readonly boolean[];
  private readonly designedStrict: readonly boolean[];
  private readonly designedLagUs: readonly number[];
  /** Where the failover manager stands, and the lease of a primary it cannot reach. */
  private readonly site: FailoverSite;
  /** Per node, operations per second sent to it, exponentially weighted (for loadFactor). */
  private readonly operationRate: Float64Array;
  private readonly lastOperationUs: Float64Array;
  /** Per node, when this write reaches it (reused for every commit; NOT_RECEIVING: it does not). */
  private readonly deliveryUs: Float64Array;
  /** Who writes, when the log tells more than one writer class apart (undefined: one class). */
  private readonly writers: WriterClasses | undefined;
  /** Bumped whenever a node changes state or role; invalidates the caches below. */
  private stateVersion = 0;
  private readonly readCache: Int32Array;
  private readonly readCacheVersion: Int32Array;
  private syncRoundTripUs = 0;
  /** The `sync` nodes receiving the log now (cached with the round trip). */
  private strictReceiving = 0;
  private syncCacheVersion = -1;
  /** Round trips to the receiving `sync` nodes (scratch for the order statistic). */
  private readonly strictRoundTripsUs: Float64Array;

  constructor(
    private readonly ctx: ModelContext,
    readonly config: DatabaseConfig,
    readonly index: number,
  ) {
    const zones = [config.primaryZone, ...config.replicas.map((r) => r.zone)];
    const now = () => ctx.sim.now;
    this.name = config.name;
    this.nodeIds = zones.map((zone) => `${config.name}/${zone}`);
    this.nodeZones = zones.map((zone) => ctx.topology.zoneIndex(zone));
    this.nodeAlive = zones.map(() => true);
    const targets = zones.length;
    this.nodeCrashes = new FoldedLever({ name: `node.crash (${config.name})`, targets, rule: "count", now });
    this.syncNode = [false, ...config.replicas.map((r) => r.mode !== "async")];
    this.strictNode = [false, ...config.replicas.map((r) => r.mode === "sync")];
    this.strictRoundTripsUs = new Float64Array(targets);
    this.majority = Math.floor(targets / 2) + 1;
    this.updateQuorum();
    this.lagUs = [0, ...config.replicas.map((r) => r.lagUs)];
    this.designedSync = [...this.syncNode];
    this.designedStrict = [...this.strictNode];
    this.designedLagUs = [...this.lagUs];
    this.lagRaisedUs = new FoldedLever({ name: `replica.lag (${config.name})`, targets, rule: "max", now });
    this.diskFull = new FoldedLever({ name: `database.diskFull (${config.name})`, targets: 1, rule: "count", now });
    const classes = classCount(config.writers ?? ONE_WRITER_CLASS);
    this.writers = classes > 1 ? config.writers : undefined;
    if (config.fluid) this.log = this.fluidLog = new FluidReplicationLog(targets, classes);
    else this.log = this.requestLog = new ReplicationLog(targets, classes);
    this.deliveryUs = new Float64Array(targets);
    this.operationRate = new Float64Array(targets);
    this.lastOperationUs = new Float64Array(targets);
    this.readCache = new Int32Array(ctx.topology.zoneIds.length);
    this.readCacheVersion = new Int32Array(ctx.topology.zoneIds.length).fill(-1);
    this.site = new FailoverSite(ctx, this, config);
    this.splitBrain = new SplitBrain(ctx, this);
    this.failover = new FailoverManager(ctx, this);
    this.deletes = new AccidentalDeletes(ctx, this);
    this.corruption = new CorruptionRecovery(ctx, this);
    // Registered last: a design without a majority database keeps every event code it had.
    this.election = config.election === undefined ? undefined : new Election(ctx, this, config.election);
    const failbackUs = config.failover.failbackUs;
    this.failback = failbackUs === undefined ? undefined : new Failback(ctx, this, failbackUs);
  }

  /** Commit times of every committed write, in order (read-only for other components). */
  get commitLog(): CommitTimes {
    return this.log.commits;
  }

  /** Writes committed over the run, acknowledged or not. */
  get committed(): number {
    return this.log.committed;
  }

  /** Replicas promoted by the failover manager, or leaders elected. */
  get promotions(): number {
    return this.failover.promotions + (this.election?.elections ?? 0);
  }

  /** The acknowledged writes among log positions [from, to): how many, and the first's position. */
  acknowledgedBetween(from: number, to: number): { count: number; first: number } {
    return this.log.acknowledgedBetween(from, to);
  }

  /**
   * The writer class of a write by `client` for `operation` (core/writer-classes.ts): a call
   * between services carries its user's client, so a callee's write is the user's region's.
   */
  writerClass(client: number, operation: number): number {
    return this.writers === undefined ? 0 : classOf(this.writers, client, operation);
  }

  /** The same writes per writer class (empty with one class: core/writer-classes.ts). */
  acknowledgedByWriter(from: number, to: number): Float64Array {
    return this.log.acknowledgedByWriter(from, to);
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

  /**
   * Time a write from `fromZone` takes: the round trip to the primary, the write, and the wait
   * for the replicas: the `ackRequired`-th fastest round trip among the receiving `sync` ones
   * (an order statistic: a quorum waits for no slower one), and every receiving `sync-or-skip` one.
   */
  writeDurationUs(fromZone: number): number {
    const topology = this.ctx.topology;
    const primaryZone = this.nodeZones[this.primary];
    if (this.syncCacheVersion !== this.stateVersion) this.measureSyncReplicas();
    const network = this.ctx.network;
    const extraUs = network.active
      ? network.extraUs(fromZone, primaryZone) + network.extraUs(primaryZone, fromZone)
      : 0;
    return 2 * topology.oneWayUs(fromZone, primaryZone) + extraUs + this.config.writeTimeUs + this.syncRoundTripUs;
  }

  /** The wait for sync replicas, and how many `sync` ones receive, as the state is now. */
  private measureSyncReplicas(): void {
    const primaryZone = this.nodeZones[this.primary];
    const roundTrips = this.strictRoundTripsUs;
    let skipUs = 0;
    let strict = 0;
    for (let node = 0; node < this.nodeIds.length; node++) {
      if (node === this.primary || !this.syncNode[node] || !this.receives(node)) continue;
      const extraUs = this.ctx.network.extraUs(primaryZone, this.nodeZones[node]) * 2;
      const roundTripUs = 2 * this.ctx.topology.oneWayUs(primaryZone, this.nodeZones[node]) + extraUs;
      if (this.strictNode[node]) roundTrips[strict++] = roundTripUs;
      else skipUs = Math.max(skipUs, roundTripUs);
    }
    const waited = roundTrips.subarray(0, strict).sort();
    // Short of a quorum the write waits anyway (COMMIT_WAITING); its time is then moot.
    const quorumUs = this.ackRequired === 0 || strict === 0 ? 0 : waited[Math.min(this.ackRequired, strict) - 1];
    this.syncRoundTripUs = Math.max(quorumUs, skipUs);
    this.strictReceiving = strict;
    this.syncCacheVersion = this.stateVersion;
  }

  /**
   * How many `sync` nodes a write needs: the quorum, at most the `sync` nodes there are; for a
   * majority database, every follower is one and a majority less the leader is needed.
   */
  private updateQuorum(): void {
    if (this.config.election !== undefined) {
      this.ackRequired = this.majority - 1;
      return;
    }
    let strict = 0;
    for (let node = 0; node < this.nodeIds.length; node++) if (node !== this.primary && this.strictNode[node]) strict++;
    this.ackRequired = Math.min(this.config.ackAny ?? strict, strict);
  }

  /**
   * Commits one write from `fromZone` now: ok when the primary is up and reachable, has room,
   * and enough `sync` replicas receive it (else it waits: COMMIT_WAITING). `sync-or-skip` and
   * async replicas that are down or cut off are skipped (the primary keeps accepting writes, as
   * a failover manager in non-strict synchronous mode does) and catch up when they are back.
   */
  commit(nowUs: number, fromZone: number, acknowledged = true, writerClass = 0): number {
    const log = this.requestLog;
    if (log === undefined) throw this.wrongFidelity(nowUs, "commit() on a fluid database: writes come as flows");
    if (this.splitBrain.active && !this.primaryReachable(fromZone) && this.splitBrain.takes(fromZone)) {
      // The deposed primary takes it: acknowledged, and in no log the new primary knows.
      if (acknowledged) this.splitBrain.accept(nowUs, writerClass);
      return COMMIT_OK;
    }
    const outcome = this.writeOutcome(fromZone);
    if (outcome !== COMMIT_OK) return outcome;
    log.append(nowUs, acknowledged, this.primary, this.deliveries(), writerClass);
    return COMMIT_OK;
  }

  /**
   * Commits `count` acknowledged writes (a real number) evenly over [fromUs, toUs), each reaching
   * the replicas as a single write committed then would. The caller counts only writes that were
   * committed and answered: this does not ask whether the primary could take them.
   */
  commitFlow(fromUs: number, toUs: number, count: number, mix?: Float64Array): void {
    const log = this.fluidLog;
    if (log === undefined) throw this.wrongFidelity(fromUs, "commitFlow() on a per-request database");
    log.flow(fromUs, toUs, count, this.primary, this.deliveries(), mix);
  }

  /** When a write committed now reaches each node (reused buffer; NOT_RECEIVING: it does not). */
  private deliveries(): Float64Array {
    const delivery = this.deliveryUs;
    for (let node = 0; node < delivery.length; node++) {
      if (node === this.primary) continue;
      if (!this.receives(node)) delivery[node] = NOT_RECEIVING;
      else delivery[node] = this.syncNode[node] ? 0 : this.replicationDelayUs(node);
    }
    return delivery;
  }

  private wrongFidelity(nowUs: number, detail: string): InvariantError {
    return new InvariantError(`database ${this.name}`, nowUs, detail);
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

  /**
   * What a write from `fromZone` would get now: committed, silence (the primary unreachable, or
   * waiting for sync replicas), or a refusal (disk full, restoring). Both fidelities ask this.
   */
  writeOutcome(fromZone: number): number {
    if (!this.primaryReachable(fromZone)) return this.splitBrain.takes(fromZone) ? COMMIT_OK : COMMIT_UNREACHABLE;
    if (this.failback?.switching) return COMMIT_WAITING; // paused while the design's primary catches up
    if (this.diskFull.values[0] > 0 || this.corruption.restoring || this.site.fenced()) return COMMIT_REJECTED;
    if (this.ackRequired === 0) return COMMIT_OK;
    if (this.syncCacheVersion !== this.stateVersion) this.measureSyncReplicas();
    return this.strictReceiving >= this.ackRequired ? COMMIT_OK : COMMIT_WAITING;
  }

  private primaryReachable(fromZone: number): boolean {
    return this.nodeAlive[this.primary] && this.ctx.network.reachable(fromZone, this.nodeZones[this.primary]);
  }

  /** The failover manager can reach `node`: it is up and, with a site, no partition lies between them. */
  visible(node: number): boolean {
    return this.site.visible(node);
  }

  /** When the cut-off primary's lease runs out and it stops taking writes (−1: no lease, or not cut off). */
  leaseEndsUs(): number {
    return this.site.leaseEndsUs();
  }

  /** Tells the failover manager when the primary fails or returns, as it sees it. */
  private notePrimaryVisibility(nowUs: number): void {
    if (this.site.primaryChanged(nowUs)) this.failover.primaryChanged(this.site.visible(this.primary), nowUs);
  }

  /**
   * What a read sent to `node` from `fromZone` gets: an answer, silence, or a refusal (restoring).
   * A majority database's leader answers only while it reaches a majority (it could otherwise
   * have been replaced and serve a stale read); a follower's read is a stale read, served alone.
   */
  readOutcome(node: number, fromZone: number): number {
    if (!this.nodeAlive[node] || !this.ctx.network.reachable(fromZone, this.nodeZones[node])) return COMMIT_UNREACHABLE;
    if (this.corruption.restoring) return COMMIT_REJECTED;
    if (this.config.election !== undefined && node === this.primary && !this.leaderHasMajority()) return COMMIT_WAITING;
    return COMMIT_OK;
  }

  /**
   * A read `node` answers now, begun at `beganUs`, is stale when the node has not applied some
   * write acknowledged before the read began (ARCHITECTURE.md, "Data"). A write counts as
   * acknowledged from its commit: its answer is on its way to the client.
   */
  readIsStale(node: number, beganUs: number, nowUs: number): boolean {
    return node !== this.primary && this.log.readIsStale(node, beganUs, nowUs);
  }

  /** The leader is up and a majority of members (itself included) receive its log. */
  leaderHasMajority(): boolean {
    if (!this.nodeAlive[this.primary]) return false;
    if (this.syncCacheVersion !== this.stateVersion) this.measureSyncReplicas();
    return this.strictReceiving >= this.ackRequired;
  }

  /** Live members `node` reaches and is reached by, itself included (0 when it is down). */
  membersReaching(node: number): number {
    if (!this.nodeAlive[node]) return 0;
    let members = 0;
    for (let other = 0; other < this.nodeIds.length; other++) if (this.connected(node, other)) members++;
    return members;
  }

  /** Both nodes are up and the network carries messages between them both ways. */
  private connected(a: number, b: number): boolean {
    if (!this.nodeAlive[a] || !this.nodeAlive[b]) return false;
    const network = this.ctx.network;
    return (
      network.reachable(this.nodeZones[a], this.nodeZones[b]) && network.reachable(this.nodeZones[b], this.nodeZones[a])
    );
  }

  canRead(node: number, fromZone: number): boolean {
    return this.readOutcome(node, fromZone) !== COMMIT_UNREACHABLE;
  }

  /** Back to the first `keep` writes: the log and every replica (re-seeded at `readyUs`). */
  rewind(keep: number, readyUs: number): void {
    this.log.rewind(keep, readyUs);
  }

  /**
   * A replica receives the log while it is up and the primary can reach it; a voting member
   * counts only when its acknowledgement comes back too.
   */
  private receives(node: number): boolean {
    if (this.config.election !== undefined) return this.connected(this.primary, node);
    return this.nodeAlive[node] && this.ctx.network.reachable(this.nodeZones[this.primary], this.nodeZones[node]);
  }

  /** An async replica's delay: its lag (or the injected one) plus any extra latency on the link. */
  private replicationDelayUs(node: number): number {
    const lag = this.effectiveLagUs(node);
    return lag + this.ctx.network.extraUs(this.nodeZones[this.primary], this.nodeZones[node]);
  }

  /** An async replica's lag now: the design's, or a larger one a fault raised it to. */
  effectiveLagUs(node: number): number {
    return Math.max(this.lagUs[node], this.lagRaisedUs.values[node]);
  }

  /** Marks a node up or down after a change in its failure domain or a crash. */
  setNodeAlive(node: number, alive: boolean, nowUs: number): void {
    if (this.nodeAlive[node] === alive) return;
    this.nodeAlive[node] = alive;
    this.stateVersion++;
    this.notePrimaryVisibility(nowUs);
    this.splitBrain.settle(nowUs);
    this.refreshReplication(nowUs);
    this.election?.settle(nowUs);
    this.failback?.settle(nowUs);
  }

  /** The network changed: reads may go elsewhere, and replicas may be cut off or back. */
  onNetworkChanged(nowUs: number): void {
    this.stateVersion++;
    this.notePrimaryVisibility(nowUs);
    this.splitBrain.settle(nowUs);
    this.refreshReplication(nowUs);
    this.election?.settle(nowUs);
    this.failback?.settle(nowUs);
  }

  /**
   * Replicas that stopped receiving lose what was still in transit; replicas receiving again
   * get what they missed one replication delay from now (if the primary is up to send it).
   */
  private refreshReplication(nowUs: number): void {
    const log = this.log;
    for (let node = 0; node < this.nodeIds.length; node++) {
      if (node === this.primary) continue;
      const receiving = this.receives(node);
      if (!receiving) log.stopReceiving(node, nowUs);
      else if (log.isMissing(node) && this.nodeAlive[this.primary]) {
        log.catchUp(node, nowUs + (this.syncNode[node] ? 0 : this.replicationDelayUs(node)));
      }
    }
  }

  /** The log is cut back to the new primary's position; the others resynchronise from it. */
  becomePrimary(node: number, applied: number, failedUs: number): void {
    const nowUs = this.ctx.sim.now;
    const oldPrimary = this.primary;
    // What the old primary waits for, should it go on as a deposed primary (split-brain.ts).
    const peers: number[] = [];
    for (let other = 0; other < this.nodeIds.length; other++) {
      if (other !== node && other !== oldPrimary && this.strictNode[other]) peers.push(other);
    }
    const peersNeeded = this.ackRequired;
    // The old primary may hold writes nobody else has: it is rebuilt, as an async replica.
    this.syncNode[oldPrimary] = false;
    this.strictNode[oldPrimary] = false;
    this.lagUs[oldPrimary] = this.ctx.topology.oneWayUs(this.nodeZones[node], this.nodeZones[oldPrimary]);
    // A `sync-or-skip` replica stays synchronous only in the new primary's region: waiting on one
    // in another region would add a cross-region round trip to every write, so a failover manager
    // demotes it to asynchronous. A strict `sync` replica keeps its promise wherever it is: the
    // new primary acknowledging alone could lose acknowledged writes (ARCHITECTURE.md, "Data").
    const { zoneRegion } = this.ctx.topology;
    for (let other = 0; other < this.nodeIds.length; other++) {
      if (other === node || !this.syncNode[other] || this.strictNode[other]) continue;
      if (zoneRegion[this.nodeZones[other]] === zoneRegion[this.nodeZones[node]]) continue;
      this.syncNode[other] = false;
      this.strictNode[other] = false;
      this.lagUs[other] = Math.max(
        this.lagUs[other],
        this.ctx.topology.oneWayUs(this.nodeZones[node], this.nodeZones[other]),
      );
    }
    this.log.promote(node, oldPrimary, applied, failedUs, (other) =>
      this.nodeAlive[other] ? nowUs + (this.syncNode[other] ? 0 : this.lagUs[other]) : Number.POSITIVE_INFINITY,
    );
    this.primary = node;
    this.strictNode[node] = false;
    this.syncNode[node] = false;
    // An old primary alive but cut off, its lease not run out (or none), does not know it was
    // replaced: it goes on taking writes (split-brain.ts).
    if (this.nodeAlive[oldPrimary] && !this.site.fenced()) this.splitBrain.begin(oldPrimary, peers, peersNeeded);
    this.site.promoted();
    // The quorum shrinks with the sync replicas left: a promoted or demoted one no longer counts.
    this.updateQuorum();
    this.stateVersion++;
    this.failback?.settle(nowUs);
  }

  /** A failover, a restore or a split brain is under way (failback.ts waits for it to end). */
  busy(): boolean {
    return this.failover.inProgress || this.corruption.restoring || this.splitBrain.active;
  }

  /**
   * How long until `node` has applied every committed write: 0 when it has, ∞ while it receives
   * nothing, else its replication delay (asked again then: a catch-up may take longer).
   */
  caughtUpInUs(node: number): number {
    const nowUs = this.ctx.sim.now;
    if (this.log.appliedBy(node, nowUs) >= this.log.length - 1e-6) return 0;
    if (!this.receives(node) || this.log.isMissing(node)) return Number.POSITIVE_INFINITY;
    return this.syncNode[node] ? 0 : this.replicationDelayUs(node);
  }

  /**
   * A planned switchover back to `home`, which holds every committed write (writes were paused
   * until it did): nothing is cut and nobody is rebuilt, and every replica gets its designed mode.
   */
  failBack(home: number): number {
    const nowUs = this.ctx.sim.now;
    this.primary = home;
    for (let node = 0; node < this.nodeIds.length; node++) {
      this.syncNode[node] = this.designedSync[node];
      this.strictNode[node] = this.designedStrict[node];
      this.lagUs[node] = this.designedLagUs[node];
    }
    const position = this.log.length;
    this.log.promote(home, -1, position, nowUs, (other) =>
      this.receives(other)
        ? nowUs + (this.syncNode[other] ? 0 : this.replicationDelayUs(other))
        : Number.POSITIVE_INFINITY,
    );
    this.site.promoted();
    this.updateQuorum();
    this.stateVersion++;
    this.refreshReplication(nowUs);
    return position;
  }

  /**
   * An election made `node` leader at log position `applied` (what it held; the old leader lost
   * its majority at `lostUs`). Every member stays a voter: the old leader becomes a follower,
   * rebuilt from the new leader when it receives again, and members that receive catch up now.
   */
  becomeLeader(node: number, applied: number, lostUs: number): void {
    const nowUs = this.ctx.sim.now;
    const oldLeader = this.primary;
    this.log.promote(node, oldLeader, applied, lostUs, (other) =>
      this.connected(node, other) ? nowUs : Number.POSITIVE_INFINITY,
    );
    this.primary = node;
    this.syncNode[oldLeader] = this.strictNode[oldLeader] = true;
    this.syncNode[node] = this.strictNode[node] = false;
    this.stateVersion++;
    this.refreshReplication(nowUs);
  }

  /** The database as the control plane shows it: roles, and each replica's mode and lag. */
  view(failingOver: boolean): DatabaseView {
    const zoneIds = this.ctx.topology.zoneIds;
    const replicas: DatabaseView["replicas"] = {};
    for (let node = 0; node < this.nodeIds.length; node++) {
      if (node === this.primary) continue;
      const lagUs = this.syncNode[node] ? 0 : this.effectiveLagUs(node);
      const mode = this.strictNode[node] ? "sync" : this.syncNode[node] ? "sync-or-skip" : "async";
      replicas[zoneIds[this.nodeZones[node]]] = { mode, lagS: lagUs / 1e6 };
    }
    return { primary: zoneIds[this.nodeZones[this.primary]], failingOver, replicas };
  }
}
