// The design's shape read once from the initial control-plane state, and every component's state
// at an instant. New component kinds (caches, queues, externals) extend `ComponentKind`.

import type { ControlPlaneState } from "../model/index.js";
import { formatDuration } from "../report/index.js";
import type { BreakerState } from "./reactions.js";
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
  /** Whether some instance slots start empty: the design autoscales into them. */
  hasSlots: boolean;
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
    hasSlots: Object.values(initial.components).includes("absent"),
  };
}

export interface ComponentView {
  id: string;
  status: Status;
  /** Out of rotation because a scale-in is removing it: planned, not trouble. */
  leaving?: boolean;
  /** For database nodes: "primary", "sync", "sync-or-skip", "async 2s" (replication mode and lag). */
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
  /** Targets that exist: empty autoscaling slots are not counted. */
  total: number;
  /** Instances the autoscaler asked for that are still booting. */
  booting: number;
  /** Instances a scale-in is draining (not counted in `total`). */
  leaving: number;
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
  /** Circuit breakers that opened at some point in the run, open or closed now. */
  breakers: BreakerState[];
  /** Whether the design has autoscaling slots (the legend then explains the empty ones). */
  hasSlots: boolean;
}

/** Which database node a failover in progress at this instant will promote, if any. */
export type PromotionLookahead = (database: string) => string | undefined;

/** What the trace adds at this instant: breakers, instances booting, instances being scaled in. */
export interface ReactionsNow {
  breakers: BreakerState[];
  booting: (service: string, region: string) => number;
  leaving: (instance: string) => boolean;
}

const NO_REACTIONS: ReactionsNow = { breakers: [], booting: () => 0, leaving: () => false };

export function topologyAt(
  shape: TopologyShape,
  state: ControlPlaneState,
  promotingNode: PromotionLookahead,
  reactions: ReactionsNow = NO_REACTIONS,
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
  const at: Instant = { state, reactions, promoting, rotation };
  return {
    regions: shape.regions.map((region) => regionView(region, at)),
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
    breakers: reactions.breakers,
    hasSlots: shape.hasSlots,
  };
}

/** Everything known at the instant drawn. */
interface Instant {
  state: ControlPlaneState;
  reactions: ReactionsNow;
  /** Per database, the node a failover in progress will promote. */
  promoting: Map<string, string | undefined>;
  /** Per instance, whether its load balancer has it in rotation. */
  rotation: Map<string, boolean>;
}

function regionView(region: RegionShape, at: Instant): RegionView {
  const regionDown = at.state.components[region.name] === "down";
  const zones = region.zones.map((zone): ZoneView => {
    const groups = zone.groups.map((group) => ({
      kind: group.kind,
      name: group.name,
      members: group.ids.map((id) =>
        group.kind === "service" ? instanceView(id, at) : databaseNodeView(group.name, id, at),
      ),
    }));
    // An instance a scale-in is draining is out of rotation on purpose: no trouble.
    const troubled = groups.some((g) =>
      g.members.some((m) => m.status === "down" || (m.status === "draining" && !m.leaving)),
    );
    const zoneDown = regionDown || at.state.components[zone.id] === "down";
    return { id: zone.id, name: zone.name, status: zoneDown ? "down" : troubled ? "degraded" : "healthy", groups };
  });
  const balancers = region.balancers.map((lb) => balancerView(lb, region.name, regionDown, at));
  const status: Status = regionDown
    ? "down"
    : zones.some((z) => z.status !== "healthy") || balancers.some((b) => b.status !== "healthy")
      ? "degraded"
      : "healthy";
  return { name: region.name, status, zones, balancers };
}

function instanceView(id: string, at: Instant): ComponentView {
  const component = at.state.components[id];
  const status: Status =
    component === "absent"
      ? "absent"
      : component === "down"
        ? "down"
        : at.rotation.get(id) === false
          ? "draining"
          : "healthy";
  return status === "draining" && at.reactions.leaving(id) ? { id, status, leaving: true } : { id, status };
}

function databaseNodeView(name: string, id: string, at: Instant): ComponentView {
  const db = at.state.databases[name];
  const zone = id.slice(name.length + 1);
  const replica = db?.replicas[zone];
  const note =
    db?.primary === zone
      ? "primary"
      : replica
        ? replica.mode === "async"
          ? `async ${formatDuration(replica.lagS)}`
          : replica.mode
        : "replica";
  const status: Status =
    at.state.components[id] === "down" ? "down" : at.promoting.get(name) === id ? "promoting" : "healthy";
  return { id, status, note: status === "promoting" ? "promoting" : note };
}

function balancerView(lb: BalancerShape, region: string, regionDown: boolean, at: Instant): BalancerView {
  const members = at.state.loadBalancers[lb.id] ?? {};
  const component = (id: string) => at.state.components[id];
  // Empty slots are not targets; nor, once drained, are instances a scale-in is removing.
  const isLeaving = (id: string) => members[id] !== true && at.reactions.leaving(id);
  const present = lb.members.filter((id) => component(id) !== "absent" && !isLeaving(id));
  const inRotation = present.filter((id) => members[id] === true).length;
  const deadInRotation = present.filter((id) => members[id] === true && component(id) === "down").length;
  const status: Status =
    regionDown || inRotation === 0 || component(lb.id) === "down"
      ? "down"
      : inRotation < present.length || deadInRotation > 0
        ? "degraded"
        : "healthy";
  return {
    id: lb.id,
    service: lb.service,
    status,
    inRotation,
    deadInRotation,
    total: present.length,
    booting: at.reactions.booting(lb.service, region),
    leaving: lb.members.filter(isLeaving).length,
  };
}
