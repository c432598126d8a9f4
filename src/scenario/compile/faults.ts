// Compiles the faults: when each starts and ends, and that everything it names exists.

import type { FaultConfig } from "../../faults/types.js";
import type { DatabaseConfig, DependencyCutConfig, ServiceConfig } from "../../model/config.js";
import { describePath, type IssuePath } from "../errors.js";
import type { ScenarioFile } from "../schema.js";
import { parseDuration, parseRate, parseTimeOfDay } from "../units.js";
import { type CompileContext, type NameRegistry, unknown } from "./context.js";
import type { DesignNames } from "./design.js";

const US_PER_DAY = 86_400e6;

export interface FaultReferences extends Pick<DesignNames, "regions" | "zones" | "databases" | "externals"> {
  clients: NameRegistry;
  serviceNames: NameRegistry;
  services: ServiceConfig[];
  databaseConfigs: DatabaseConfig[];
}

export function compileFaults(
  ctx: CompileContext,
  file: ScenarioFile,
  timing: { startOfDayUs: number; durationUs: number },
  refs: FaultReferences,
): FaultConfig[] {
  const nodes = nodeIds(refs.services, refs.databaseConfigs);
  return file.faults.map((fault, index) => {
    const path = ["faults", index];
    const isTimeOfDay = fault.at.includes(":");
    let startUs = ctx.unit(isTimeOfDay ? parseTimeOfDay(fault.at) : parseDuration(fault.at), [...path, "at"], 0);
    if (isTimeOfDay) startUs = (startUs - timing.startOfDayUs + US_PER_DAY) % US_PER_DAY; // counted from `start`
    const lasting = "for" in fault ? fault.for : undefined; // a corruption is an instant, not a span
    const endUs = lasting === undefined ? undefined : startUs + ctx.us(lasting, [...path, "for"]);
    if (startUs > timing.durationUs) {
      ctx.problem(
        [...path, "at"],
        `the fault starts after the run ends (duration ${file.duration}); move "at" earlier or lengthen "duration"`,
      );
    }
    return { index, startUs, endUs, ...faultDetails(ctx, fault, path, file, refs, nodes) } as FaultConfig;
  });
}

/** A fault's own fields (all but its timing), with every name it refers to checked. */
type FaultDetails = FaultConfig extends infer F
  ? F extends FaultConfig
    ? Omit<F, "index" | "startUs" | "endUs">
    : never
  : never;

function faultDetails(
  ctx: CompileContext,
  fault: ScenarioFile["faults"][number],
  path: IssuePath,
  file: ScenarioFile,
  refs: FaultReferences,
  nodes: string[],
): FaultDetails {
  switch (fault.kind) {
    case "region-outage":
      refs.regions.check(fault.region, [...path, "region"]);
      return { kind: fault.kind, region: fault.region };
    case "zone-outage":
      refs.zones.check(fault.zone, [...path, "zone"]);
      return { kind: fault.kind, zone: fault.zone };
    case "node-crash":
      if (!nodes.includes(fault.node)) ctx.problem([...path, "node"], unknown("node", fault.node, nodes));
      return { kind: fault.kind, node: fault.node };
    case "random-crashes": {
      const positiveUs = (field: "mtbf" | "mttr", example: string) => {
        const us = ctx.us(fault[field], [...path, field]);
        if (us <= 0) ctx.problem([...path, field], `${field} must be longer than 0, e.g. ${example}`);
        return us;
      };
      return {
        kind: fault.kind,
        ...crashTargets(ctx, fault, path, refs),
        mtbfUs: positiveUs("mtbf", "30d"),
        mttrUs: positiveUs("mttr", "20m"),
      };
    }
    case "replication-lag": {
      refs.databases.check(fault.database, [...path, "database"]);
      const db = refs.databaseConfigs.find((d) => d.name === fault.database);
      if (db && !db.replicas.some((r) => r.zone === fault.replica)) {
        const replicas = db.replicas.map((r) => r.zone);
        ctx.problem([...path, "replica"], unknown(`replica of "${db.name}"`, fault.replica, replicas));
      }
      const lagUs = ctx.us(fault.lag, [...path, "lag"]);
      return { kind: fault.kind, database: fault.database, replica: fault.replica, lagUs };
    }
    case "traffic-ramp":
      refs.clients.check(fault.client, [...path, "client"]);
      return { kind: fault.kind, client: fault.client, to: fault.to };
    case "traffic-spike":
      refs.clients.check(fault.client, [...path, "client"]);
      return { kind: fault.kind, client: fault.client, multiplier: fault.multiplier };
    case "slow-node":
      checkInstance(ctx, fault.node, [...path, "node"], refs.services);
      return { kind: fault.kind, node: fault.node, factor: fault.factor };
    case "failing-health-check": {
      checkInstance(ctx, fault.node, [...path, "node"], refs.services);
      const flapEveryUs = fault.flapEvery === undefined ? undefined : ctx.us(fault.flapEvery, [...path, "flapEvery"]);
      return { kind: fault.kind, node: fault.node, ...(flapEveryUs === undefined ? {} : { flapEveryUs }) };
    }
    case "network-partition": {
      const withDependency = fault.between.some((end) => isDependency(end, refs));
      const cut = withDependency
        ? dependencyCut(ctx, fault.between, fault.oneWay, [...path, "between"], refs)
        : undefined;
      if (!withDependency) checkLinkEnds(ctx, fault.between, [...path, "between"], refs);
      return { kind: fault.kind, between: fault.between, oneWay: fault.oneWay, ...(cut ? { cut } : {}) };
    }
    case "latency-spike":
      checkLinkEnds(ctx, fault.between, [...path, "between"], refs);
      return {
        kind: fault.kind,
        between: fault.between,
        oneWay: fault.oneWay,
        extraUs: ctx.us(fault.extra, [...path, "extra"]),
      };
    case "packet-loss":
      checkLinkEnds(ctx, fault.between, [...path, "between"], refs);
      return {
        kind: fault.kind,
        between: fault.between,
        oneWay: fault.oneWay,
        loss: ctx.fraction(fault.loss, [...path, "loss"]),
      };
    case "dns-failure":
      if (!file.design.routing?.dns) ctx.problem([...path, "kind"], "a dns-failure needs DNS: add design.routing.dns");
      return { kind: fault.kind };
    case "dependency-timeout":
      refs.externals.check(fault.dependency, [...path, "dependency"]);
      return { kind: fault.kind, dependency: fault.dependency };
    case "dependency-errors":
      refs.externals.check(fault.dependency, [...path, "dependency"]);
      return {
        kind: fault.kind,
        dependency: fault.dependency,
        errorRate: ctx.fraction(fault.errorRate, [...path, "errorRate"]),
      };
    case "dependency-slowdown":
      refs.externals.check(fault.dependency, [...path, "dependency"]);
      return { kind: fault.kind, dependency: fault.dependency, factor: fault.factor };
    case "accidental-delete":
      refs.databases.check(fault.database, [...path, "database"]);
      return {
        kind: fault.kind,
        database: fault.database,
        fraction: ctx.fraction(fault.fraction, [...path, "fraction"]),
        detectedAfterUs: ctx.us(fault.detectedAfter, [...path, "detectedAfter"]),
      };
    case "data-corruption": {
      refs.databases.check(fault.database, [...path, "database"]);
      const db = refs.databaseConfigs.find((d) => d.name === fault.database);
      if (db && !db.backups) {
        ctx.problem([...path, "database"], `database "${db.name}" has no backups to restore from; add backups: to it`);
      }
      return {
        kind: fault.kind,
        database: fault.database,
        detectedAfterUs: ctx.us(fault.detectedAfter, [...path, "detectedAfter"]),
        reachesBackups: fault.reachesBackups,
      };
    }
    case "bad-deploy":
      refs.serviceNames.check(fault.service, [...path, "service"]);
      return {
        kind: fault.kind,
        service: fault.service,
        errorRate: ctx.fraction(fault.errorRate, [...path, "errorRate"]),
        slowdown: fault.slowdown,
      };
    case "bad-config":
      refs.serviceNames.check(fault.service, [...path, "service"]);
      return {
        kind: fault.kind,
        service: fault.service,
        errorRate: ctx.fraction(fault.errorRate, [...path, "errorRate"]),
      };
    case "ddos": {
      refs.clients.check(fault.client, [...path, "client"]);
      const client = file.workload.clients.find((c) => (c.name ?? c.region) === fault.client);
      if (client && !client.malicious) {
        ctx.problem([...path, "client"], `client "${fault.client}" is not malicious; add malicious: true to it`);
      }
      return {
        kind: fault.kind,
        client: fault.client,
        perSecond: ctx.unit(parseRate(fault.rate), [...path, "rate"], 0),
      };
    }
    case "cache-flush":
    case "cache-failure": {
      refs.serviceNames.check(fault.service, [...path, "service"]);
      const service = refs.services.find((s) => s.name === fault.service);
      if (service && !service.cache)
        ctx.problem([...path, "service"], `service "${fault.service}" has no cache; add cache: to it`);
      return { kind: fault.kind, service: fault.service };
    }
    case "consumer-outage":
      if (!file.design.queues.some((q) => q.name === fault.queue)) {
        ctx.problem(
          [...path, "queue"],
          unknown(
            "queue",
            fault.queue,
            file.design.queues.map((q) => q.name),
          ),
        );
      }
      return { kind: fault.kind, queue: fault.queue };
    case "disk-full":
      refs.databases.check(fault.database, [...path, "database"]);
      return { kind: fault.kind, database: fault.database };
  }
  throw new Error(`unhandled fault kind in ${describePath(path)}`);
}

function checkInstance(ctx: CompileContext, node: string, path: IssuePath, services: ServiceConfig[]): void {
  const instances = nodeIds(services, []);
  if (!instances.includes(node)) ctx.problem(path, unknown("instance", node, instances));
}

/** Each end of a network fault is a region or a zone, and the two ends differ. */
function checkLinkEnds(ctx: CompileContext, between: [string, string], path: IssuePath, refs: FaultReferences): void {
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

function isDependency(end: string, refs: FaultReferences): boolean {
  return refs.externals.has(end) || refs.databases.has(end);
}

/**
 * A partition with a dependency (an external or a database) at one end: the other end is who
 * calls it — a service's instances, or every instance in a region or zone. With oneWay, only the
 * direction from the first end to the second is cut.
 */
function dependencyCut(
  ctx: CompileContext,
  between: [string, string],
  oneWay: boolean,
  path: IssuePath,
  refs: FaultReferences,
): DependencyCutConfig | undefined {
  const dependencyEnd = between.findIndex((end) => isDependency(end, refs));
  if (dependencyEnd < 0) return undefined;
  const dependency = between[dependencyEnd];
  const callerEnd = 1 - dependencyEnd;
  const caller = between[callerEnd];
  // A name shared by two kinds of thing (a service and a database, say) makes an end ambiguous.
  const meanings = (name: string) =>
    [refs.serviceNames, refs.externals, refs.databases, refs.regions, refs.zones].filter((names) => names.has(name))
      .length;
  const ambiguousEnd = meanings(dependency) > 1 ? dependencyEnd : meanings(caller) > 1 ? callerEnd : -1;
  if (ambiguousEnd >= 0) {
    ctx.problem(
      [...path, ambiguousEnd],
      `"${between[ambiguousEnd]}" names two things (a service, dependency, database, region or zone): rename one so the partition's ends are unambiguous`,
    );
    return undefined;
  }
  const dependencyKind = refs.externals.has(dependency) ? "external" : "database";
  const kind = refs.serviceNames.has(caller)
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
  const service = kind === "service" ? refs.services.find((s) => s.name === caller) : undefined;
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

/** The nodes random crashes act on: a service's provisioned instances, or a database's nodes. */
function crashTargets(
  ctx: CompileContext,
  fault: Extract<ScenarioFile["faults"][number], { kind: "random-crashes" }>,
  path: IssuePath,
  refs: FaultReferences,
): { target: string; nodes: string[] } {
  if (fault.service === undefined && fault.database === undefined) {
    ctx.problem(path, "random-crashes needs a target: add service: (its instances) or database: (its nodes)");
    return { target: "", nodes: [] };
  }
  if (fault.service !== undefined && fault.database !== undefined) {
    ctx.problem(path, "random-crashes takes one target: keep service or database, not both");
    return { target: "", nodes: [] };
  }
  if (fault.service !== undefined) {
    refs.serviceNames.check(fault.service, [...path, "service"]);
    const service = refs.services.find((s) => s.name === fault.service);
    const nodes = (service?.zones ?? []).flatMap((zone) =>
      Array.from({ length: service?.instancesPerZone ?? 0 }, (_, k) => `${fault.service}/${zone}/${k + 1}`),
    );
    return { target: fault.service, nodes };
  }
  const name = fault.database as string;
  refs.databases.check(name, [...path, "database"]);
  const db = refs.databaseConfigs.find((d) => d.name === name);
  const zones = db ? [db.primaryZone, ...db.replicas.map((r) => r.zone)] : [];
  return { target: name, nodes: zones.map((zone) => `${name}/${zone}`) };
}

/** Every node a node-crash may name: service instances and database nodes. */
function nodeIds(services: ServiceConfig[], databases: DatabaseConfig[]): string[] {
  const ids: string[] = [];
  for (const service of services) {
    for (const zone of service.zones) {
      const slots = Math.max(service.instancesPerZone, service.autoscaling?.maxInstancesPerZone ?? 0);
      for (let k = 1; k <= slots; k++) ids.push(`${service.name}/${zone}/${k}`);
    }
  }
  for (const db of databases)
    for (const zone of [db.primaryZone, ...db.replicas.map((r) => r.zone)]) ids.push(`${db.name}/${zone}`);
  return ids;
}
