// Turns a schema-valid scenario file into the model's unit-free configuration: converts units,
// resolves every reference (regions, zones, services, databases, nodes, clients) and reports
// each dangling one with the path of the value that names it. The steps live in compile/.

import type { FaultConfig } from "../faults/index.js";
import {
  CompileContext,
  type CompileIssue,
  MEMORY_MAX_BYTES,
  NameRegistry,
  parseRate,
  parseTimeOfDay,
} from "../input/index.js";
import type { CostAssumptions } from "../metrics/index.js";
import type { ClientConfig, WorldConfig } from "../model/index.js";
import { checkInstanceTotal, checkRequestSlots, checkRestores, checkSlowdowns } from "./compile/bounds.js";
import { compileCost } from "./compile/cost.js";
import {
  compileAlerts,
  compileDatabases,
  compileDns,
  compileExternals,
  compileNetwork,
  compileServices,
  declareTopology,
} from "./compile/design.js";
import { compileFaults } from "./compile/faults.js";
import {
  compileExpectations,
  compileMetricsOptions,
  compileSlo,
  type Expectation,
  type MetricsOptions,
  type SloTarget,
} from "./compile/targets.js";
import { compileClients, compileOperations } from "./compile/workload.js";
import { estimateMemory, formatBytes } from "./memory.js";
import type { ScenarioFile } from "./schema.js";

export type { CompileIssue } from "../input/index.js";
export {
  type ExpectationMetric,
  expectationUnit,
  type MetricsOptions,
  type SloName,
  type SourcePosition,
} from "./compile/targets.js";

export interface CompiledScenario {
  name: string;
  /** Seeds `faultline check` runs by default (1 when absent). */
  seeds?: number;
  /** The fidelity the file asks for (the CLI's --fidelity overrides it; request when absent). */
  fidelity?: "request" | "fluid" | "auto";
  description?: string;
  world: WorldConfig;
  faults: FaultConfig[];
  slo: SloTarget[];
  expectations: Expectation[];
  metrics: MetricsOptions;
  /** Prices and sizes from the `cost:` section; absent: the run reports no cost. */
  cost?: CostAssumptions;
}

/** Compiles with all issues collected; the result is only meaningful when `issues` is empty. */
export function compileScenario(file: ScenarioFile): { scenario: CompiledScenario; issues: CompileIssue[] } {
  const ctx = new CompileContext();
  const { regions, zones } = declareTopology(ctx, file.design);
  const databaseNames = new NameRegistry(ctx, "database");
  file.design.databases.forEach((db, i) => {
    databaseNames.declare(db.name, ["design", "databases", i, "name"]);
  });
  const databases = compileDatabases(ctx, file.design, zones);
  const externalNames = new NameRegistry(ctx, "dependency");
  const externals = compileExternals(ctx, file.design, externalNames);
  const serviceNames = new NameRegistry(ctx, "service");
  const services = compileServices(ctx, file.design, {
    regions,
    services: serviceNames,
    databases: databaseNames,
    externals: externalNames,
  });
  const queueNames = new NameRegistry(ctx, "queue");
  file.design.queues.forEach((queue, i) => {
    queueNames.declare(queue.name, ["design", "queues", i, "name"]);
  });
  file.design.services.forEach((service, i) => {
    if (service.publishesTo) queueNames.check(service.publishesTo, ["design", "services", i, "publishesTo"]);
  });
  const { clients: userClients, clientNames } = compileClients(ctx, file.workload.clients, {
    regions,
    services: serviceNames,
  });
  // An alert and a probe (which fires an alert of its own name) share the alerts' names.
  const alertNames = new NameRegistry(ctx, "alert");
  file.design.alerts.forEach((alert, i) => {
    alertNames.declare(alert.name, ["design", "alerts", i, "name"]);
  });
  // Probes travel as clients of their own (after the users, so no user's stream changes).
  const probes = file.design.probes.map((probe, i): ClientConfig => {
    const path = ["design", "probes", i];
    if (clientNames.declare(probe.name, [...path, "name"], { as: "probe" })) {
      alertNames.declare(probe.name, [...path, "name"], {
        as: "probe",
        fix: "rename the probe: it fires an alert of its own name",
      });
    }
    regions.check(probe.from, [...path, "from"]);
    serviceNames.check(probe.service, [...path, "service"]);
    const everyUs = ctx.us(probe.every, [...path, "every"]);
    return {
      name: probe.name,
      region: probe.from,
      service: probe.service,
      rate: { kind: "constant", perSecond: everyUs > 0 ? 1e6 / everyUs : 0 },
      writeRatio: 0,
      population: 1,
      malicious: false,
      probeEveryUs: everyUs,
      probeFailuresToAlert: probe.failuresToAlert,
    };
  });
  const operations = compileOperations(
    ctx,
    file,
    { services, clients: userClients, probes },
    { services: serviceNames, externals: externalNames, queues: queueNames },
  );
  const operationNames = operations.map((operation) => operation.name);
  const clients = [...userClients, ...probes];

  const startOfDayUs = ctx.unit(parseTimeOfDay(file.start), ["start"], 0);
  const durationUs = ctx.us(file.duration, ["duration"]);
  // Fault steps list instances by name: only once their number is known to be bounded.
  const instancesBounded = checkInstanceTotal(ctx, services);
  const faults = !instancesBounded
    ? []
    : compileFaults(
        ctx,
        file,
        { startOfDayUs, durationUs },
        {
          regions,
          zones,
          services: serviceNames,
          databases: databaseNames,
          externals: externalNames,
          clients: clientNames,
          queues: queueNames,
          serviceConfigs: services,
          databaseConfigs: databases,
          clientConfigs: clients,
          hasDns: file.design.routing?.dns !== undefined,
        },
      );
  checkSlowdowns(ctx, services, faults, durationUs);
  if (instancesBounded) checkRequestSlots(ctx, services, file.limits.pendingEventsMax);
  checkRestores(ctx, databases);

  const limitedClients = new NameRegistry(ctx, "rate-limited client");
  const world: WorldConfig = {
    seed: file.seed,
    startOfDayUs,
    durationUs,
    network: compileNetwork(ctx, file.design.network, regions),
    regions: file.design.regions.map((r) => ({ name: r.name, zones: r.zones.map((z) => `${r.name}/${z}`) })),
    services,
    databases,
    externals,
    dns: compileDns(ctx, file.design),
    alerts: compileAlerts(ctx, file.design),
    edgeCacheHitRatio: ctx.fraction(file.design.edge.cacheHitRatio, ["design", "edge", "cacheHitRatio"]),
    queues: file.design.queues.map((queue, i) => ({
      name: queue.name,
      concurrency: queue.consumers.concurrency,
      processTimeUs: ctx.us(queue.consumers.processTime, ["design", "queues", i, "consumers", "processTime"]),
    })),
    rateLimits: file.design.edge.rateLimits.map((limit, i) => {
      const path = ["design", "edge", "rateLimits", i];
      limit.clients.forEach((client, j) => {
        clientNames.check(client, [...path, "clients", j]);
        limitedClients.declare(client, [...path, "clients", j], {
          fix: "a client class passes one token bucket: keep it in one rule",
        });
      });
      return {
        clients: limit.clients,
        perSecond: ctx.unit(parseRate(limit.rate), [...path, "rate"], 0),
        burst: limit.burst,
      };
    }),
    clients,
    ...(operations.length > 0 ? { operations } : {}),
    limits: { eventsMax: file.limits.eventsMax, pendingEventsMax: file.limits.pendingEventsMax },
  };
  if (instancesBounded) checkMemory(ctx, world, userClients.length);
  const scenario: CompiledScenario = {
    name: file.name,
    seeds: file.seeds,
    ...(file.fidelity === undefined ? {} : { fidelity: file.fidelity }),
    description: file.description,
    world,
    faults,
    slo: compileSlo(ctx, file.slo, operationNames),
    expectations: compileExpectations(ctx, file.expect, operationNames),
    metrics: compileMetricsOptions(ctx, file.metrics),
    ...(file.cost === undefined
      ? {}
      : {
          cost: compileCost(
            ctx,
            file.cost,
            serviceNames,
            file.design.services.map((service) => service.name),
          ),
        }),
  };
  if (file.slo.cost !== undefined && file.cost === undefined)
    ctx.problem(["slo", "cost"], "a cost target needs prices: add a cost: section (cost: {} takes the shipped table)");
  return { scenario, issues: ctx.issues };
}

/** What the run allocates before its first event stays under MEMORY_MAX_BYTES. */
function checkMemory(ctx: CompileContext, world: WorldConfig, userClients: number): void {
  const memory = estimateMemory(world, userClients);
  if (memory.bytes <= MEMORY_MAX_BYTES) return;
  const [largest] = memory.parts;
  const parts = memory.parts
    .filter((part) => part.bytes >= memory.bytes / 20)
    .map((part) => `${part.what} ${formatBytes(part.bytes)}`)
    .join(", ");
  ctx.problem(
    largest.path,
    `this run would need about ${formatBytes(memory.bytes)} of memory before its first event, more than the ${MEMORY_MAX_BYTES / 1e9} GB faultline allows (${parts}); ${largest.knob}`,
  );
}
