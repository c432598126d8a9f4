// The design's shape read once from the initial control-plane state, and every component's state
// at an instant. New component kinds (caches, queues, externals) extend `ComponentKind`.

import type { ControlPlaneState } from "../model/index.js";
import { formatDuration } from "../report/index.js";
import type { Status } from "./theme.js";

/** A kind of component that lives in a zone. Add "cache" | "queue" here when the model has them. */
export type ComponentKind = "service" | "database";

export interface GroupShape {
  kind: ComponentKind;
  /** The service or database name. */
  name: string;
  /** Component ids in this zone: `api/us-east/a/1`, `orders/us-east/a`. */
  ids: string[];
}

export interface ZoneShape {
  id: string;
  name: string;
  groups: GroupShape[];
}

export interface BalancerShape {
  id: string;
  service: string;
  members: string[];
}

export interface RegionShape {
  name: string;
  zones: ZoneShape[];
  balancers: BalancerShape[];
}

export interface TopologyShape {
  regions: RegionShape[];
  services: string[];
  databases: string[];
  alerts: string[];
  /** DNS answers at the start of the run, to tell which ones moved. */
  initialDns: ControlPlaneState["dns"];
}

/** Names contain no "/": `r` is a region, `r/z` a zone, `db/r/z` a database node, `svc/r/z/k` an instance. */
export function topologyShape(initial: ControlPlaneState): TopologyShape {
  const componentIds = Object.keys(initial.components);
  const zonesOf = (region: string) =>
    componentIds.filter((id) => id.split("/").length === 2 && id.startsWith(`${region}/`));
  // A region is a bare name with zones under it (a bare name without zones would be something else).
  const regionNames = componentIds.filter((id) => !id.includes("/") && zonesOf(id).length > 0);
  const instancesByZone = new Map<string, Map<string, string[]>>();
  const balancersByRegion = new Map<string, BalancerShape[]>();
  for (const [lbId, members] of Object.entries(initial.loadBalancers)) {
    const [, service, region] = lbId.split("/");
    const ids = Object.keys(members);
    const list = balancersByRegion.get(region) ?? [];
    list.push({ id: lbId, service, members: ids });
    balancersByRegion.set(region, list);
    for (const id of ids) {
      const zone = id.split("/").slice(1, 3).join("/");
      const services = instancesByZone.get(zone) ?? new Map<string, string[]>();
      services.set(service, [...(services.get(service) ?? []), id]);
      instancesByZone.set(zone, services);
    }
  }
  const databaseNodesByZone = new Map<string, GroupShape[]>();
  for (const [name, db] of Object.entries(initial.databases)) {
    for (const zone of [db.primary, ...Object.keys(db.replicas)]) {
      const groups = databaseNodesByZone.get(zone) ?? [];
      groups.push({ kind: "database", name, ids: [`${name}/${zone}`] });
      databaseNodesByZone.set(zone, groups);
    }
  }
  const regions = regionNames.map((region) => ({
    name: region,
    zones: zonesOf(region).map((zone) => ({
      id: zone,
      name: zone.slice(region.length + 1),
      groups: [
        ...[...(instancesByZone.get(zone) ?? new Map<string, string[]>())].map(([service, ids]) => ({
          kind: "service" as const,
          name: service,
          ids,
        })),
        ...(databaseNodesByZone.get(zone) ?? []),
      ],
    })),
    balancers: balancersByRegion.get(region) ?? [],
  }));
  return {
    regions,
    services: Object.keys(initial.dns),
    databases: Object.keys(initial.databases),
    alerts: Object.keys(initial.alerts),
    initialDns: initial.dns,
  };
}

export interface ComponentView {
  id: string;
  status: Status;
  /** For database nodes: "primary", "sync", "async 2s" (replication mode and lag). */
  note?: string;
}

export interface GroupView {
  kind: ComponentKind;
  name: string;
  members: ComponentView[];
}

export interface ZoneView {
  id: string;
  name: string;
  status: Status;
  groups: GroupView[];
}

export interface BalancerView {
  id: string;
  service: string;
  status: Status;
  inRotation: number;
  /** Targets in rotation that are down: the balancer has not noticed yet. */
  deadInRotation: number;
  total: number;
}

export interface RegionView {
  name: string;
  status: Status;
  zones: ZoneView[];
  balancers: BalancerView[];
}

export interface TopologyView {
  regions: RegionView[];
  /** Per service, which region DNS sends each client region to. */
  routing: { service: string; answers: { from: string; to: string; moved: boolean }[] }[];
  databases: { name: string; primary: string; primaryStatus: Status; failingOver: boolean; promoting?: string }[];
  alerts: { name: string; firing: boolean }[];
}

/** Which database node a failover in progress at this instant will promote, if any. */
export type PromotionLookahead = (database: string) => string | undefined;

export function topologyAt(
  shape: TopologyShape,
  state: ControlPlaneState,
  promotingNode: PromotionLookahead,
): TopologyView {
  const up = (id: string) => state.components[id] !== "down";
  const promoting = new Map<string, string | undefined>();
  for (const name of shape.databases) {
    promoting.set(name, state.databases[name]?.failingOver ? promotingNode(name) : undefined);
  }
  const rotation = new Map<string, boolean>();
  for (const members of Object.values(state.loadBalancers)) {
    for (const [id, inRotation] of Object.entries(members)) rotation.set(id, inRotation);
  }
  const componentView = (kind: ComponentKind, name: string, id: string): ComponentView => {
    if (kind === "service") {
      const status: Status = !up(id) ? "down" : rotation.get(id) === false ? "draining" : "healthy";
      return { id, status };
    }
    const db = state.databases[name];
    const zone = id.slice(name.length + 1);
    const replica = db?.replicas[zone];
    const note =
      db?.primary === zone
        ? "primary"
        : replica
          ? replica.mode === "async"
            ? `async ${formatDuration(replica.lagS)}`
            : "sync"
          : "replica";
    const status: Status = !up(id) ? "down" : promoting.get(name) === id ? "promoting" : "healthy";
    return { id, status, note: status === "promoting" ? "promoting" : note };
  };
  const regions = shape.regions.map((region): RegionView => {
    const regionDown = !up(region.name);
    const zones = region.zones.map((zone): ZoneView => {
      const groups = zone.groups.map((group) => ({
        kind: group.kind,
        name: group.name,
        members: group.ids.map((id) => componentView(group.kind, group.name, id)),
      }));
      const troubled = groups.some((g) => g.members.some((m) => m.status === "down" || m.status === "draining"));
      const status: Status = regionDown || !up(zone.id) ? "down" : troubled ? "degraded" : "healthy";
      return { id: zone.id, name: zone.name, status, groups };
    });
    const balancers = region.balancers.map((lb): BalancerView => {
      const members = state.loadBalancers[lb.id] ?? {};
      const inRotation = lb.members.filter((id) => members[id] === true).length;
      const deadInRotation = lb.members.filter((id) => members[id] === true && !up(id)).length;
      const status: Status =
        regionDown || inRotation === 0
          ? "down"
          : inRotation < lb.members.length || deadInRotation > 0
            ? "degraded"
            : "healthy";
      return { id: lb.id, service: lb.service, status, inRotation, deadInRotation, total: lb.members.length };
    });
    const status: Status = regionDown
      ? "down"
      : zones.some((z) => z.status !== "healthy") || balancers.some((b) => b.status !== "healthy")
        ? "degraded"
        : "healthy";
    return { name: region.name, status, zones, balancers };
  });
  return {
    regions,
    routing: shape.services.map((service) => ({
      service,
      answers: Object.entries(state.dns[service] ?? {}).map(([from, to]) => ({
        from,
        to,
        moved: shape.initialDns[service]?.[from] !== to,
      })),
    })),
    databases: shape.databases.map((name) => {
      const db = state.databases[name];
      return {
        name,
        primary: db.primary,
        primaryStatus: up(`${name}/${db.primary}`) ? "healthy" : "down",
        failingOver: db.failingOver,
        promoting: promoting.get(name),
      };
    }),
    alerts: shape.alerts.map((name) => ({ name, firing: state.alerts[name] === "firing" })),
  };
}
