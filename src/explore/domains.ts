// The failure domains and components of a design that explore can fail, each as the fault that
// takes it down (ARCHITECTURE.md, "Explore"): regions, zones, balancers, nodes, the links between
// regions, DNS, externals, databases' disks, replicas falling behind, caches, queues' consumers.
// Built in declaration order, so the same design gives the same list, and a domain knows the
// smaller ones inside it (a region its zones, a zone its nodes), which is how shrinking narrows a
// finding's scope.

import { databaseNodeIds, instanceIds } from "../faults/index.js";
import type { WorldConfig } from "../model/index.js";

export type DomainScope =
  | "region"
  | "zone"
  | "balancer"
  | "node"
  | "link"
  | "dns"
  | "dependency"
  | "database"
  | "replication"
  | "cache"
  | "queue";

export interface FailureDomain {
  /** Stable and unique: `region us-east`, `node api/us-east/a/1`. */
  id: string;
  scope: DomainScope;
  /** The fault that fails it, as a scenario file writes it (kind and fields; timing is added). */
  fault: Record<string, unknown> & { kind: string };
  /** Ids of the domains inside it, for shrinking its scope (region → zones → nodes). */
  inner: string[];
  /**
   * A degradation that takes time to matter (a lag builds up) starts this long before the fixed
   * faults of the single and pair phase, so that it is in full effect when the others begin.
   */
  leadS?: number;
  /** What it is while its fault lasts, as a finding tells it (default "down"): "5m behind". */
  state?: string;
}

/**
 * How far behind a lagging replica falls: far enough to break any RPO target of seconds, as a
 * replica cut off from its primary's log for minutes would.
 */
export const REPLICATION_LAG = "5m";
const REPLICATION_LAG_S = 300;

/** Every domain of the design, widest first within each kind of thing. */
export function failureDomains(world: WorldConfig): FailureDomain[] {
  const domains: FailureDomain[] = [];
  const nodes = nodeIds(world);
  for (const region of world.regions) {
    domains.push({
      id: `region ${region.name}`,
      scope: "region",
      fault: { kind: "region-outage", region: region.name },
      inner: region.zones.map((zone) => `zone ${zone}`),
    });
  }
  for (const region of world.regions) {
    for (const zone of region.zones) {
      domains.push({
        id: `zone ${zone}`,
        scope: "zone",
        fault: { kind: "zone-outage", zone },
        inner: nodes.filter((node) => zoneOfNode(node) === zone).map((node) => `node ${node}`),
      });
    }
  }
  for (const service of world.services) {
    for (const region of world.regions) {
      if (!service.zones.some((zone) => zone.startsWith(`${region.name}/`))) continue;
      domains.push({
        id: `balancer ${service.name}/${region.name}`,
        scope: "balancer",
        fault: { kind: "load-balancer-outage", service: service.name, region: region.name },
        inner: [],
      });
    }
  }
  for (const node of nodes)
    domains.push({ id: `node ${node}`, scope: "node", fault: { kind: "node-crash", node }, inner: [] });
  for (let i = 0; i < world.regions.length; i++) {
    for (let j = i + 1; j < world.regions.length; j++) {
      const between = [world.regions[i].name, world.regions[j].name];
      domains.push({
        id: `link ${between[0]}↔${between[1]}`,
        scope: "link",
        fault: { kind: "network-partition", between },
        inner: [],
      });
    }
  }
  if (world.dns !== undefined) domains.push({ id: "dns", scope: "dns", fault: { kind: "dns-failure" }, inner: [] });
  for (const external of world.externals) {
    domains.push({
      id: `dependency ${external.name}`,
      scope: "dependency",
      fault: { kind: "dependency-errors", dependency: external.name, errorRate: "100%" },
      inner: [],
    });
  }
  for (const db of world.databases) {
    domains.push({
      id: `disk ${db.name}`,
      scope: "database",
      fault: { kind: "disk-full", database: db.name },
      inner: [],
    });
  }
  for (const db of world.databases) {
    for (const replica of db.replicas) {
      domains.push({
        id: `replica ${db.name}/${replica.zone}`,
        scope: "replication",
        fault: { kind: "replication-lag", database: db.name, replica: replica.zone, lag: REPLICATION_LAG },
        inner: [],
        leadS: REPLICATION_LAG_S,
        state: `${REPLICATION_LAG} behind`,
      });
    }
  }
  for (const service of world.services) {
    if (service.cache === undefined) continue;
    domains.push({
      id: `cache ${service.name}`,
      scope: "cache",
      fault: { kind: "cache-failure", service: service.name },
      inner: [],
    });
  }
  for (const queue of world.queues) {
    domains.push({
      id: `queue ${queue.name}`,
      scope: "queue",
      fault: { kind: "consumer-outage", queue: queue.name },
      inner: [],
    });
  }
  return domains;
}

/** Service instances, then database nodes, in declaration order. */
function nodeIds(world: WorldConfig): string[] {
  return [...instanceIds(world.services), ...databaseNodeIds(world.databases)];
}

/** `api/us-east/a/1` → `us-east/a`; `orders/us-east/a` → `us-east/a`. */
function zoneOfNode(node: string): string {
  const parts = node.split("/");
  return `${parts[1]}/${parts[2]}`;
}
