// Name checks shared by fault kinds: which instances and nodes exist, what the ends of a
// network fault may be, and how a partition with a dependency at one end is read.

import { type IssuePath, unknown } from "../input/index.js";
import type { DatabaseConfig, DependencyCutConfig, ServiceConfig } from "../model/index.js";
import type { FaultReferences, FaultSite } from "./kind.js";

/** Every instance slot of every service (with autoscaling, up to its maximum per zone). */
export function instanceIds(services: readonly ServiceConfig[]): string[] {
  const ids: string[] = [];
  for (const service of services) {
    for (const zone of service.zones) {
      const slots = Math.max(service.instancesPerZone, service.autoscaling?.maxInstancesPerZone ?? 0);
      for (let k = 1; k <= slots; k++) ids.push(`${service.name}/${zone}/${k}`);
    }
  }
  return ids;
}

/** Every database node, as database/region/zone. */
export function databaseNodeIds(databases: readonly DatabaseConfig[]): string[] {
  return databases.flatMap((db) => [db.primaryZone, ...db.replicas.map((r) => r.zone)].map((z) => `${db.name}/${z}`));
}

/** Records a problem unless `node` is an instance (or, with `databases`, a database node too). */
export function checkNode(site: FaultSite, node: string, path: IssuePath, databases: boolean): void {
  const { refs, ctx } = site;
  const known = nodesOf(refs);
  if (known.instances.has(node) || (databases && known.databaseNodes.has(node))) return;
  const names = [...known.instances, ...(databases ? known.databaseNodes : [])];
  ctx.problem(path, unknown(databases ? "node" : "instance", node, names));
}

/** The design's node names, built once per scenario (many faults may name nodes). */
const NODES = new WeakMap<FaultReferences, { instances: Set<string>; databaseNodes: Set<string> }>();

function nodesOf(refs: FaultReferences): { instances: Set<string>; databaseNodes: Set<string> } {
  let nodes = NODES.get(refs);
  if (nodes === undefined) {
    nodes = {
      instances: new Set(instanceIds(refs.serviceConfigs)),
      databaseNodes: new Set(databaseNodeIds(refs.databaseConfigs)),
    };
    NODES.set(refs, nodes);
  }
  return nodes;
}

/** Each end of a network fault is a region or a zone. */
export function checkLinkEnds(site: FaultSite, between: readonly [string, string], path: IssuePath): void {
  const { refs, ctx } = site;
  between.forEach((end, i) => {
    if (refs.externals.has(end)) {
      ctx.problem(
        [...path, i],
        `"${end}" is a dependency: it can be cut off (network-partition), or made slow or failing with dependency-slowdown or dependency-errors`,
      );
    } else if (refs.databases.has(end)) {
      ctx.problem(
        [...path, i],
        `"${end}" is a database: name the zones or regions of its nodes, or cut it off from its callers with network-partition`,
      );
    } else if (!refs.regions.has(end) && !refs.zones.has(end)) refs.zones.check(end, [...path, i]);
  });
}

export function isDependency(end: string, refs: FaultReferences): boolean {
  return refs.externals.has(end) || refs.databases.has(end);
}

/**
 * A partition with a dependency (an external or a database) at one end: the other end is who
 * calls it — a service's instances, or every instance in a region or zone. With oneWay, only the
 * direction from the first end to the second is cut.
 */
export function dependencyCut(
  site: FaultSite,
  between: readonly [string, string],
  oneWay: boolean,
  path: IssuePath,
): DependencyCutConfig | undefined {
  const { refs, ctx } = site;
  const dependencyEnd = between.findIndex((end) => isDependency(end, refs));
  if (dependencyEnd < 0) return undefined;
  const dependency = between[dependencyEnd];
  const callerEnd = 1 - dependencyEnd;
  const caller = between[callerEnd];
  // A name shared by two kinds of thing (a service and a database, say) makes an end ambiguous.
  const meanings = (name: string) =>
    [refs.services, refs.externals, refs.databases, refs.regions, refs.zones].filter((names) => names.has(name)).length;
  const ambiguousEnd = meanings(dependency) > 1 ? dependencyEnd : meanings(caller) > 1 ? callerEnd : -1;
  if (ambiguousEnd >= 0) {
    ctx.problem(
      [...path, ambiguousEnd],
      `"${between[ambiguousEnd]}" names two things (a service, dependency, database, region or zone): rename one so the partition's ends are unambiguous`,
    );
    return undefined;
  }
  const dependencyKind = refs.externals.has(dependency) ? "external" : "database";
  const kind = refs.services.has(caller)
    ? "service"
    : refs.regions.has(caller)
      ? "region"
      : refs.zones.has(caller)
        ? "zone"
        : undefined;
  if (kind === undefined) {
    ctx.problem(
      [...path, callerEnd],
      `"${caller}" is not a service, region or zone: a dependency (${dependency}) is cut off from those who call it`,
    );
    return undefined;
  }
  const service = kind === "service" ? refs.serviceConfigs.find((s) => s.name === caller) : undefined;
  const calls = (s: ServiceConfig) =>
    dependencyKind === "external" ? s.calls.some((call) => call.to === dependency) : s.database?.name === dependency;
  if (service && !calls(service)) {
    ctx.problem(
      [...path, callerEnd],
      `service "${caller}" never calls ${dependency}, so this cut changes nothing; name a service with a call to it`,
    );
  }
  return {
    dependency: { kind: dependencyKind, name: dependency },
    callers: { kind, name: caller },
    requests: !oneWay || callerEnd === 0,
    answers: !oneWay || dependencyEnd === 0,
  };
}

/** `us-east↔eu-west`, or `→` for one way. */
export function link(fault: { between: readonly [string, string]; oneWay: boolean }): string {
  return `${fault.between[0]}${fault.oneWay ? "→" : "↔"}${fault.between[1]}`;
}

/** A percentage with up to `decimals` decimals: 0.125 → `12.5%`. */
export function percentText(fraction: number, decimals = 2): string {
  return `${Number((fraction * 100).toFixed(decimals))}%`;
}
