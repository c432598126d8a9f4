// Turns a schema-valid scenario file into the model's unit-free configuration: converts units,
// resolves every reference (regions, zones, services, databases, nodes, clients) and reports
// each dangling one with the path of the value that names it.

import type { FaultConfig } from "../faults/types.js";
import type { Comparison } from "../model/comparison.js";
import type { ClientConfig, DatabaseConfig, HealthCheckConfig, ServiceConfig, WorldConfig } from "../model/config.js";
import { describePath, type IssuePath } from "./errors.js";
import type { ScenarioFile } from "./schema.js";
import { EXPECTATION_METRICS } from "./schema.js";
import { type MetricUnit, parseComparison, parseDuration, parseFraction, parseRate, parseTimeOfDay } from "./units.js";

export interface MetricsOptions {
  sliThreshold: number;
  incidentWindowUs: number;
  stabilisationUs: number;
  availabilityWindowUs: number;
}

export type SloName = "availability" | "rpo" | "rto" | "ttd" | "latencyP99";
export type ExpectationMetric = (typeof EXPECTATION_METRICS)[number];

/** Where a value stands in its file, filled in by the loader (for annotations in CI logs). */
export interface SourcePosition {
  line: number;
  column: number;
}

export interface CompiledScenario {
  name: string;
  /** Seeds `faultline check` runs by default (1 when absent). */
  seeds?: number;
  description?: string;
  world: WorldConfig;
  faults: FaultConfig[];
  slo: { name: SloName; target: Comparison; path: IssuePath; position?: SourcePosition }[];
  expectations: { metric: ExpectationMetric; target: Comparison; path: IssuePath; position?: SourcePosition }[];
  metrics: MetricsOptions;
}

export interface CompileIssue {
  path: IssuePath;
  message: string;
}

const SLO_UNITS: Record<SloName, MetricUnit> = {
  availability: "fraction",
  rpo: "seconds",
  rto: "seconds",
  ttd: "seconds",
  latencyP99: "milliseconds",
};

export function expectationUnit(metric: ExpectationMetric): MetricUnit {
  if (metric === "availability") return "fraction";
  if (metric.endsWith("S")) return "seconds";
  if (metric.endsWith("Ms")) return "milliseconds";
  return "count";
}

/** Compiles with all issues collected; the result is only meaningful when `issues` is empty. */
export function compileScenario(file: ScenarioFile): { scenario: CompiledScenario; issues: CompileIssue[] } {
  const issues: CompileIssue[] = [];
  const unit = <T>(parsed: { ok: true; value: T } | { ok: false; message: string }, path: IssuePath, fallback: T) => {
    if (parsed.ok) return parsed.value;
    issues.push({ path, message: parsed.message });
    return fallback;
  };
  const us = (text: string, path: IssuePath) => unit(parseDuration(text), path, 0);
  const fraction = (value: string | number, path: IssuePath) => unit(parseFraction(value), path, 0);
  const healthCheck = (hc: ScenarioFile["design"]["services"][number]["healthCheck"], path: IssuePath) =>
    ({
      intervalUs: us(hc.interval, [...path, "interval"]),
      unhealthyThreshold: hc.unhealthyThreshold,
      healthyThreshold: hc.healthyThreshold,
    }) satisfies HealthCheckConfig;

  const regionNames = new Set<string>();
  const zoneIds = new Set<string>();
  file.design.regions.forEach((region, i) => {
    if (regionNames.has(region.name))
      issues.push({ path: ["design", "regions", i, "name"], message: `region "${region.name}" is declared twice` });
    regionNames.add(region.name);
    region.zones.forEach((zone, j) => {
      const id = `${region.name}/${zone}`;
      if (zoneIds.has(id))
        issues.push({ path: ["design", "regions", i, "zones", j], message: `zone "${id}" is declared twice` });
      zoneIds.add(id);
    });
  });
  const checkRegion = (name: string, path: IssuePath) => {
    if (!regionNames.has(name)) issues.push({ path, message: unknown("region", name, [...regionNames]) });
  };
  const checkZone = (id: string, path: IssuePath) => {
    if (!zoneIds.has(id))
      issues.push({ path, message: unknown("zone", id, [...zoneIds], "write zones as region/zone") });
  };

  const databaseNames = new Set(file.design.databases.map((db) => db.name));
  const databases: DatabaseConfig[] = file.design.databases.map((db, i) => {
    const path = ["design", "databases", i];
    checkZone(db.primary, [...path, "primary"]);
    const seen = new Set([db.primary]);
    db.replicas.forEach((replica, j) => {
      checkZone(replica.zone, [...path, "replicas", j, "zone"]);
      if (seen.has(replica.zone)) {
        issues.push({
          path: [...path, "replicas", j, "zone"],
          message: `database "${db.name}" already has a node in ${replica.zone}`,
        });
      }
      seen.add(replica.zone);
    });
    return {
      name: db.name,
      primaryZone: db.primary,
      replicas: db.replicas.map((r, j) => ({
        zone: r.zone,
        mode: r.mode,
        lagUs: r.mode === "sync" ? 0 : us(r.lag, [...path, "replicas", j, "lag"]),
      })),
      readTimeUs: us(db.readTime, [...path, "readTime"]),
      writeTimeUs: us(db.writeTime, [...path, "writeTime"]),
      failover: {
        automatic: db.failover.mode === "automatic",
        heartbeatUs: us(db.failover.heartbeat, [...path, "failover", "heartbeat"]),
        missedHeartbeats: db.failover.missedHeartbeats,
        promotionUs: us(db.failover.promotion, [...path, "failover", "promotion"]),
      },
    };
  });

  const serviceNames = new Set<string>();
  const services: ServiceConfig[] = file.design.services.map((service, i) => {
    const path = ["design", "services", i];
    if (serviceNames.has(service.name))
      issues.push({ path: [...path, "name"], message: `service "${service.name}" is declared twice` });
    serviceNames.add(service.name);
    const regions = service.regions ?? file.design.regions.map((r) => r.name);
    service.regions?.forEach((name, j) => {
      checkRegion(name, [...path, "regions", j]);
    });
    if (service.database && !databaseNames.has(service.database.name)) {
      issues.push({
        path: [...path, "database", "name"],
        message: unknown("database", service.database.name, [...databaseNames]),
      });
    }
    return {
      name: service.name,
      zones: file.design.regions
        .filter((r) => regions.includes(r.name))
        .flatMap((r) => r.zones.map((z) => `${r.name}/${z}`)),
      instancesPerZone: service.instancesPerZone,
      concurrency: service.concurrency,
      queueCapacity: service.queue,
      serviceTime: {
        distribution: service.serviceTime.distribution,
        meanUs: us(service.serviceTime.mean, [...path, "serviceTime", "mean"]),
        sigma: service.serviceTime.sigma,
      },
      database: service.database && {
        name: service.database.name,
        reads: service.database.reads,
        timeoutUs: us(service.database.timeout, [...path, "database", "timeout"]),
      },
      healthCheck: healthCheck(service.healthCheck, [...path, "healthCheck"]),
      balancing: service.balancing,
    };
  });

  const clientNames = new Set<string>();
  const clients: ClientConfig[] = file.workload.clients.map((client, i) => {
    const path = ["workload", "clients", i];
    const name = client.name ?? client.region;
    if (clientNames.has(name)) {
      issues.push({ path, message: `two clients are named "${name}"; give one a distinct name` });
    }
    clientNames.add(name);
    checkRegion(client.region, [...path, "region"]);
    if (!serviceNames.has(client.service)) {
      issues.push({ path: [...path, "service"], message: unknown("service", client.service, [...serviceNames]) });
    }
    const rate =
      typeof client.rate === "string"
        ? { kind: "constant" as const, perSecond: unit(parseRate(client.rate), [...path, "rate"], 0) }
        : {
            kind: "diurnal" as const,
            peakPerSecond: unit(parseRate(client.rate.diurnal.peak), [...path, "rate", "diurnal", "peak"], 0),
            troughPerSecond: unit(parseRate(client.rate.diurnal.trough), [...path, "rate", "diurnal", "trough"], 0),
            peakAtUs: unit(parseTimeOfDay(client.rate.diurnal.peakAt), [...path, "rate", "diurnal", "peakAt"], 0),
          };
    return {
      name,
      region: client.region,
      service: client.service,
      rate,
      writeRatio: fraction(client.writeRatio, [...path, "writeRatio"]),
      population: client.population,
    };
  });

  const startOfDayUs = unit(parseTimeOfDay(file.start), ["start"], 0);
  const durationUs = us(file.duration, ["duration"]);
  if (durationUs <= 0) issues.push({ path: ["duration"], message: "the duration must be longer than zero" });

  const nodeIds = new Set<string>();
  for (const service of services) {
    for (const zone of service.zones) {
      for (let k = 1; k <= service.instancesPerZone; k++) nodeIds.add(`${service.name}/${zone}/${k}`);
    }
  }
  for (const db of databases)
    for (const zone of [db.primaryZone, ...db.replicas.map((r) => r.zone)]) nodeIds.add(`${db.name}/${zone}`);

  const faults: FaultConfig[] = file.faults.map((fault, index) => {
    const path = ["faults", index];
    const at = fault.at.includes(":") ? parseTimeOfDay(fault.at) : parseDuration(fault.at);
    let startUs = unit(at, [...path, "at"], 0);
    if (fault.at.includes(":")) startUs = (startUs - startOfDayUs + 86_400e6) % 86_400e6; // a time of day, counted from `start`
    const endUs = fault.for === undefined ? undefined : startUs + us(fault.for, [...path, "for"]);
    if (startUs > durationUs) {
      issues.push({
        path: [...path, "at"],
        message: `the fault starts after the run ends (duration ${file.duration}); move "at" earlier or lengthen "duration"`,
      });
    }
    const timing = { index, startUs, endUs };
    switch (fault.kind) {
      case "region-outage":
        checkRegion(fault.region, [...path, "region"]);
        return { ...timing, kind: fault.kind, region: fault.region };
      case "zone-outage":
        checkZone(fault.zone, [...path, "zone"]);
        return { ...timing, kind: fault.kind, zone: fault.zone };
      case "node-crash":
        if (!nodeIds.has(fault.node))
          issues.push({ path: [...path, "node"], message: unknown("node", fault.node, [...nodeIds]) });
        return { ...timing, kind: fault.kind, node: fault.node };
      case "replication-lag": {
        const db = databases.find((d) => d.name === fault.database);
        if (!db)
          issues.push({
            path: [...path, "database"],
            message: unknown("database", fault.database, [...databaseNames]),
          });
        else if (!db.replicas.some((r) => r.zone === fault.replica)) {
          issues.push({
            path: [...path, "replica"],
            message: unknown(
              `replica of "${db.name}"`,
              fault.replica,
              db.replicas.map((r) => r.zone),
            ),
          });
        }
        return {
          ...timing,
          kind: fault.kind,
          database: fault.database,
          replica: fault.replica,
          lagUs: us(fault.lag, [...path, "lag"]),
        };
      }
      case "traffic-spike":
        if (!clientNames.has(fault.client))
          issues.push({ path: [...path, "client"], message: unknown("client", fault.client, [...clientNames]) });
        return { ...timing, kind: fault.kind, client: fault.client, multiplier: fault.multiplier };
    }
    throw new Error(`unhandled fault kind in ${describePath(path)}`);
  });

  const slo = (Object.keys(SLO_UNITS) as SloName[])
    .filter((name) => file.slo[name] !== undefined)
    .map((name) => ({
      name,
      target: unit(parseComparison(file.slo[name] as string, SLO_UNITS[name]), ["slo", name], placeholderComparison),
      path: ["slo", name],
    }));
  const expectations = EXPECTATION_METRICS.filter((metric) => file.expect[metric] !== undefined).map((metric) => ({
    metric,
    target: unit(
      parseComparison(file.expect[metric] as string, expectationUnit(metric)),
      ["expect", metric],
      placeholderComparison,
    ),
    path: ["expect", metric],
  }));

  const alerts = file.design.alerts.map((alert, i) => ({
    name: alert.name,
    errorRate: unit(
      parseComparison(alert.errorRate, "fraction"),
      ["design", "alerts", i, "errorRate"],
      placeholderComparison,
    ),
    windowUs: us(alert.window, ["design", "alerts", i, "window"]),
    everyUs: us(alert.every, ["design", "alerts", i, "every"]),
  }));

  const network = file.design.network;
  const world: WorldConfig = {
    seed: file.seed,
    startOfDayUs,
    durationUs,
    network: {
      sameZoneUs: us(network.sameZone, ["design", "network", "sameZone"]),
      crossZoneUs: us(network.crossZone, ["design", "network", "crossZone"]),
      crossRegionUs: us(network.crossRegion, ["design", "network", "crossRegion"]),
      clientUs: us(network.client, ["design", "network", "client"]),
      jitter: fraction(network.jitter, ["design", "network", "jitter"]),
    },
    regions: file.design.regions.map((r) => ({ name: r.name, zones: r.zones.map((z) => `${r.name}/${z}`) })),
    services,
    databases,
    dns: file.design.routing && {
      ttlUs: us(file.design.routing.dns.ttl, ["design", "routing", "dns", "ttl"]),
      healthCheck: healthCheck(file.design.routing.dns.healthCheck, ["design", "routing", "dns", "healthCheck"]),
    },
    alerts,
    clients,
    limits: { eventsMax: file.limits.eventsMax, pendingEventsMax: file.limits.pendingEventsMax },
  };
  const metrics: MetricsOptions = {
    sliThreshold: fraction(file.metrics.sliThreshold, ["metrics", "sliThreshold"]),
    incidentWindowUs: us(file.metrics.incidentWindow, ["metrics", "incidentWindow"]),
    stabilisationUs: us(file.metrics.stabilisation, ["metrics", "stabilisation"]),
    availabilityWindowUs: us(file.metrics.availabilityWindow, ["metrics", "availabilityWindow"]),
  };
  return {
    scenario: {
      name: file.name,
      seeds: file.seeds,
      description: file.description,
      world,
      faults,
      slo,
      expectations,
      metrics,
    },
    issues,
  };
}

const placeholderComparison: Comparison = { operator: ">=", value: 0, text: "" };

function unknown(what: string, name: string, known: string[], hint?: string): string {
  const list = known.length > 0 ? `; known: ${known.slice(0, 12).join(", ")}${known.length > 12 ? ", …" : ""}` : "";
  return `unknown ${what} "${name}"${list}${hint ? ` (${hint})` : ""}`;
}
