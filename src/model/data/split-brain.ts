// A split brain: after a failover the old primary may still be alive, cut off from the failover
// manager's site, unaware it was replaced. Without fencing (a lease) it keeps acknowledging the
// writes of every client that can reach it and not the new primary. Those writes are in no log
// the new primary knows; when the old primary is back in contact (or dies) it is rebuilt and they
// are lost (ARCHITECTURE.md, "Data").

import { classCount, type ModelContext, ONE_WRITER_CLASS, type WriterClasses } from "../core/index.js";
import { type DataLoss, recordDataLoss } from "./data-loss.js";

/** What a split brain needs from its database. */
export interface SplitBrainSubject {
  readonly name: string;
  readonly nodeIds: string[];
  readonly nodeZones: number[];
  readonly nodeAlive: boolean[];
  readonly losses: DataLoss[];
  readonly primary: number;
  readonly config: { readonly writers?: WriterClasses };
  /** The failover manager can reach `node` (it is up, and no partition lies between them). */
  visible(node: number): boolean;
}

export class SplitBrain {
  /** The old primary still taking writes (−1: none). */
  private deposed = -1;
  private divergent = 0;
  /** Of `divergent`, per writer class (operation × client region, as the log tags them; grown as needed). */
  private divergentByWriter: number[] = [];
  private firstDivergentUs = 0;
  /** The `sync` replicas the deposed primary still waits for, and how many of them it needs. */
  private peers: number[] = [];
  private ackRequired = 0;

  constructor(
    private readonly ctx: ModelContext,
    private readonly db: SplitBrainSubject,
  ) {}

  /**
   * `node` was replaced while alive and unfenced: it goes on taking writes, acknowledging them as
   * it did: once `ackRequired` of its `sync` replicas (`peers`, the promoted one not among them)
   * have them. Strict sync thus starves a split brain of acknowledgements unless its sync
   * replicas are cut off on its side.
   */
  begin(node: number, peers: number[], ackRequired: number): void {
    this.deposed = node;
    this.divergent = 0;
    this.divergentByWriter = [];
    this.peers = peers;
    this.ackRequired = ackRequired;
  }

  /** A deposed primary is still taking writes (the hot path asks this first). */
  get active(): boolean {
    return this.deposed >= 0;
  }

  /** A write from `fromZone` that cannot reach the primary is acknowledged by the deposed one instead. */
  takes(fromZone: number): boolean {
    const node = this.deposed;
    const { nodeAlive, nodeZones } = this.db;
    const network = this.ctx.network;
    if (node < 0 || !nodeAlive[node] || !network.reachable(fromZone, nodeZones[node])) return false;
    let acks = 0;
    for (const peer of this.peers) if (nodeAlive[peer] && network.reachable(nodeZones[node], nodeZones[peer])) acks++;
    return acks >= this.ackRequired;
  }

  /** The deposed primary acknowledged a write of `writerClass` now. */
  accept(nowUs: number, writerClass = 0): void {
    if (this.divergent === 0) this.firstDivergentUs = nowUs;
    this.divergent++;
    while (this.divergentByWriter.length <= writerClass) this.divergentByWriter.push(0);
    this.divergentByWriter[writerClass]++;
  }

  /**
   * After a change of state: a deposed primary that died, or that the failover manager reaches
   * again (it learns it was replaced), is rebuilt from the new primary, and its writes are lost.
   */
  settle(nowUs: number): void {
    const node = this.deposed;
    if (node < 0 || (this.db.nodeAlive[node] && !this.db.visible(node))) return;
    this.deposed = -1;
    recordDataLoss(
      this.ctx,
      this.db,
      {
        cause: "split-brain",
        failureUs: nowUs,
        promotedUs: nowUs,
        promotedNode: this.db.nodeIds[this.db.primary],
        lostWrites: this.divergent,
        rpoUs: this.divergent > 0 ? nowUs - this.firstDivergentUs : 0,
      },
      Array.from(
        { length: classCount(this.db.config.writers ?? ONE_WRITER_CLASS) },
        (_, k) => this.divergentByWriter[k] ?? 0,
      ),
    );
  }
}
