// Where a database's failover manager stands (`failover.site`) and the lease that fences a
// primary it cannot reach. Without a site the manager sees every node's state and no partition;
// with one, a primary cut off from it has failed as far as it can tell, and with a lease that
// primary makes itself read-only when the lease runs out (ARCHITECTURE.md, "Data").

import type { DatabaseConfig, ModelContext } from "../core/index.js";
import { emit, Priority } from "../core/index.js";

/** What the site needs from its database. */
export interface SiteSubject {
  readonly index: number;
  readonly nodeZones: number[];
  readonly nodeAlive: boolean[];
  readonly primary: number;
  primaryNodeId(): string;
}

export class FailoverSite {
  /** The manager's zone (−1: no site). */
  private readonly zone: number;
  private readonly leaseUs: number | undefined;
  /** Whether the manager saw the primary at the last change of state. */
  private seen = true;
  /** When the live primary lost contact with the site (−1: it has contact, or is down). */
  private contactLostUs = -1;
  /** The lease running out (an event only with a lease); the generation drops stale ones. */
  private readonly fenceCode: number = -1;
  private generation = 0;

  constructor(
    private readonly ctx: ModelContext,
    private readonly db: SiteSubject,
    config: DatabaseConfig,
  ) {
    const { siteZone, leaseUs } = config.failover;
    this.zone = siteZone === undefined ? -1 : ctx.topology.zoneIndex(siteZone);
    this.leaseUs = leaseUs;
    if (leaseUs !== undefined) {
      this.fenceCode = ctx.sim.register(`db.leaseExpired/${config.name}`, (_, generation) => this.fence(generation));
    }
  }

  /** The manager can reach `node`: it is up and, with a site, no partition lies between them. */
  visible(node: number): boolean {
    if (!this.db.nodeAlive[node]) return false;
    if (this.zone < 0) return true;
    const network = this.ctx.network;
    const zone = this.db.nodeZones[node];
    return network.reachable(this.zone, zone) && network.reachable(zone, this.zone);
  }

  /** When the cut-off primary's lease runs out (−1: no lease, or not cut off). */
  leaseEndsUs(): number {
    return this.leaseUs === undefined || this.contactLostUs < 0 ? -1 : this.contactLostUs + this.leaseUs;
  }

  /** The primary, cut off past its lease, has made itself read-only. */
  fenced(): boolean {
    const endsUs = this.leaseEndsUs();
    return endsUs >= 0 && this.ctx.sim.now >= endsUs;
  }

  /**
   * After a change of state: whether the manager's view of the primary changed (then it must be
   * told); a live primary that just lost contact starts its lease.
   */
  primaryChanged(nowUs: number): boolean {
    const { db } = this;
    const seen = this.visible(db.primary);
    if (seen === this.seen) return false;
    this.seen = seen;
    this.contactLostUs = !seen && db.nodeAlive[db.primary] ? nowUs : -1;
    this.generation++;
    const endsUs = this.leaseEndsUs();
    if (endsUs >= 0) this.ctx.sim.at(endsUs, this.fenceCode, db.index, this.generation, Priority.control);
    return true;
  }

  /** A replica the manager reaches was promoted: it sees the primary, which holds no lease to lose. */
  promoted(): void {
    this.seen = true;
    this.contactLostUs = -1;
    this.generation++;
  }

  /** The lease ran out: an event, so the change is an instant every reader (both fidelities) sees. */
  private fence(generation: number): void {
    if (generation !== this.generation || !this.fenced()) return;
    this.ctx.lazy.changed();
    emit(this.ctx.trace, this.ctx.sim.now, { kind: "db.fenced", subject: this.db.primaryNodeId() });
  }
}
