// Network partitions between a dependency (an external or a database) and its callers.
// Externals have no place in the topology, and a cut between a service and its database spares
// every other service in the same zones, so these are not rules of the zone-to-zone network
// chain: each cut names the dependency and who calls it (a service's instances, or every
// instance in a region or zone), and which way the traffic is lost. Externals and databases
// keep separate lists, each indexed by the dependency's own index.

/** How an attempt from a caller to a dependency is cut off. */
export const CUT_NONE = 0;
/** The request never arrives: the dependency does no work; the caller times out. */
export const CUT_REQUESTS = 1;
/** The dependency does the work, but its answer never arrives; the caller times out. */
export const CUT_ANSWERS = 2;

export interface DependencyCut {
  /** The fault's index: removes the cut when the fault ends. */
  id: number;
  /** The external's or the database's index. */
  target: number;
  /** The callers: −1 where the cut does not narrow by it. */
  service: number;
  region: number;
  zone: number;
  requests: boolean;
  answers: boolean;
}

export class DependencyCuts {
  private cuts: DependencyCut[] = [];

  /** False on every path but a partition fault's: callers skip the lookup. */
  get active(): boolean {
    return this.cuts.length > 0;
  }

  /** How many cuts are active. */
  get count(): number {
    return this.cuts.length;
  }

  add(cut: DependencyCut): void {
    this.cuts.push(cut);
  }

  remove(id: number): void {
    this.cuts = this.cuts.filter((cut) => cut.id !== id);
  }

  /** How a call by an instance of `service` in `zone` (of `region`) to `target` is cut now. */
  between(service: number, zone: number, region: number, target: number): number {
    let answersLost = false;
    for (const cut of this.cuts) {
      if (cut.target !== target) continue;
      if (cut.service >= 0 && cut.service !== service) continue;
      if (cut.zone >= 0 && cut.zone !== zone) continue;
      if (cut.region >= 0 && cut.region !== region) continue;
      if (cut.requests) return CUT_REQUESTS;
      if (cut.answers) answersLost = true;
    }
    return answersLost ? CUT_ANSWERS : CUT_NONE;
  }
}
