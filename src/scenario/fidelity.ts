// Which fidelity a run uses, and why (ARCHITECTURE.md, "Fidelity"). The fluid fidelity stands in
// for per-request runs only where the answer is decided by the world's state (what is up, what
// is believed healthy, where DNS points, what a database holds) and not by load: queueing,
// overload, retries that pile up, limits that count requests, latencies. Each thing in a
// scenario that makes load matter is an obstacle, named so that the user knows why a sweep ran
// request by request; `test/scenario/fidelity-agreement.test.ts` holds the fluid runs of every
// shipped scenario without obstacles to the per-request answers.

import type { FaultKindName } from "../faults/index.js";
import { targetLabel } from "../metrics/index.js";
import type { Fidelity, WorldConfig } from "../model/index.js";
import { callShare } from "./compile/workload.js";
import type { CompiledScenario } from "./compile.js";

export type FidelityChoice = Fidelity | "auto";
export const FIDELITY_CHOICES: readonly FidelityChoice[] = ["request", "fluid", "auto"];

/**
 * Per fault kind: null when the fluid fidelity models it (its effect is on state), else why not.
 * Typed by the registry, so a new kind does not compile until it says.
 */
const FLUID_FAULTS: Record<FaultKindName, string | null> = {
  "region-outage": null,
  "random-crashes": null,
  "zone-outage": null,
  "load-balancer-outage": null,
  "node-crash": null,
  "replication-lag": null,
  "network-partition": null,
  "dns-failure": null,
  "dependency-errors": null,
  "failing-health-check": null,
  "bad-deploy": null,
  "bad-config": null,
  "disk-full": null,
  "data-corruption": null,
  "accidental-delete": null,
  "cache-failure": null,
  "cache-flush": null,
  "dependency-timeout": "a dependency that hangs holds every caller's slot until its timeout (load)",
  "dependency-slowdown": "a slower dependency holds slots longer (load and timeouts)",
  "slow-node": "a slow node queues and times out requests (load)",
  "zone-degradation": "slower instances queue and time out requests (load)",
  "latency-spike": "extra latency is decided request by request against timeouts",
  "packet-loss": "lost packets are retried request by request",
  "traffic-spike": "a surge is load",
  "traffic-ramp": "a ramp is load",
  ddos: "a flood is load",
  "consumer-outage": "a queue's backlog is built message by message",
};

/**
 * Above this share of its capacity at peak, with its largest failure domain lost (a region, or a
 * zone when it runs in one region), a service's queueing matters.
 */
export const FLUID_UTILISATION_MAX = 0.5;

/** Why the fluid fidelity cannot stand in for per-request runs of this scenario (none: it can). */
export function fluidObstacles(scenario: CompiledScenario): string[] {
  const obstacles = new Set<string>();
  for (const fault of scenario.faults) {
    const why = FLUID_FAULTS[fault.kind as FaultKindName];
    if (why) obstacles.add(`fault ${fault.kind}: ${why}`);
  }
  for (const obstacle of designObstacles(scenario.world)) obstacles.add(obstacle);
  const targets = [
    ...scenario.slo.map((s) => ({ metric: s.name as string, operation: s.operation })),
    ...scenario.expectations.map((e) => ({ metric: e.metric as string, operation: e.operation })),
  ];
  for (const { metric, operation } of targets) {
    const target = targetLabel(metric, operation);
    if (/^latency/.test(metric)) obstacles.add(`target ${target}: fluid runs have no request latencies`);
    if (["degradedRequests", "breakerOpens", "retryAmplification", "backlogMax", "backlogDrainS"].includes(metric))
      obstacles.add(`target ${target}: it counts what individual requests did`);
  }
  return [...obstacles];
}

function designObstacles(world: WorldConfig): string[] {
  const obstacles: string[] = [];
  if (world.clients.some((c) => c.malicious)) obstacles.push("malicious clients: attack traffic is load");
  if (world.clients.some((c) => c.probeEveryUs !== undefined)) obstacles.push("synthetic probes: each is a request");
  if (world.rateLimits.length > 0) obstacles.push("rate limits: a token bucket counts requests");
  if (world.queues.length > 0) obstacles.push("queues: a backlog is built message by message");
  if (world.alerts.some((a) => a.latencyP99AboveUs !== undefined))
    obstacles.push("an alert on latency: fluid runs have no request latencies");
  if (world.databases.some((db) => db.capacity > 0)) obstacles.push("a database capacity: its slowdown is load");
  for (const db of world.databases) {
    // Fluid writes all flow into the new primary's log; a deposed primary's are counted one by one.
    if (db.failover.siteZone !== undefined && db.failover.leaseUs === undefined)
      obstacles.push(`database ${db.name}: a failover site without a lease can split the brain, counted per write`);
  }
  if (world.externals.some((e) => e.capacity > 0)) obstacles.push("a dependency capacity: its overload is load");
  for (const service of world.services) {
    if (service.autoscaling) obstacles.push(`service ${service.name}: autoscaling follows utilisation (load)`);
    if (service.cache?.ttl) obstacles.push(`service ${service.name}: a keyed cache's hit ratio emerges from its reads`);
    if (service.database?.bulkhead !== undefined || service.calls.some((call) => call.bulkhead !== undefined))
      obstacles.push(`service ${service.name}: a bulkhead counts calls in flight`);
    if (service.calls.some((call) => call.killSwitch !== undefined))
      obstacles.push(`service ${service.name}: a kill switch reads calls' outcomes`);
    if (service.calls.some((call) => call.retries.budget !== undefined))
      obstacles.push(`service ${service.name}: a retry budget counts retries`);
    for (const obstacle of calleeObstacles(world, service)) obstacles.push(obstacle);
    const utilisation = peakUtilisation(world, service.name);
    if (utilisation > FLUID_UTILISATION_MAX) {
      const percent = Math.round(utilisation * 100);
      obstacles.push(
        `service ${service.name}: at peak, with its largest region (or zone) lost, it runs at ${percent}% of its capacity (queueing matters above ${FLUID_UTILISATION_MAX * 100}%)`,
      );
    }
  }
  return obstacles;
}

/** How much longer than a callee's mean time (no load) a caller's timeout must be for fluid. */
export const FLUID_CALL_TIMEOUT_MARGIN = 10;

/**
 * What fluid cannot yet say of a service other services call: it reads the callee's success
 * share (serviceability.ts), so whatever the calls do to the callee beyond its state is missing.
 */
function calleeObstacles(world: WorldConfig, service: WorldConfig["services"][number]): string[] {
  const obstacles: string[] = [];
  const callers = world.services.filter((s) => s.calls.some((c) => c.callee === "service" && c.to === service.name));
  if (callers.length === 0) return obstacles;
  if (service.balancing === "least-outstanding")
    obstacles.push(
      `service ${service.name}: its least-outstanding balancer's share to dead targets depends on the calls' rate`,
    );
  if (service.database && world.clients.some((c) => c.writeRatio > 0))
    obstacles.push(`service ${service.name}: the writes calls make to its database are not yet flowed into its log`);
  if (service.deploy.rollback || service.config.rollback)
    obstacles.push(`service ${service.name}: a rollback rule reads the outcomes of the calls it serves`);
  // The callee's answer is taken to come within the timeout: true when the timeout is far above
  // its time (an exponential time exceeds 10 × its mean with probability e^−10 ≈ 5·10⁻⁵).
  for (const caller of callers) {
    for (const call of caller.calls) {
      if (call.callee !== "service" || call.to !== service.name) continue;
      const chainUs = chainTimeUs(world, service.name);
      if (call.timeoutUs < FLUID_CALL_TIMEOUT_MARGIN * chainUs)
        obstacles.push(
          `service ${caller.name}: its ${call.timeoutUs / 1000}ms timeout on ${service.name} is within ${FLUID_CALL_TIMEOUT_MARGIN}× ${service.name}'s own time (${(chainUs / 1000).toFixed(1)}ms), so timeouts are decided request by request`,
        );
    }
  }
  return obstacles;
}

/**
 * A service's mean time to answer with no load and no fault: its service time, its database's
 * round trip and operation, and its calls (an external's latency, a service's own chain time),
 * each capped by its timeout, plus a cross-zone round trip for each call to a service.
 */
function chainTimeUs(world: WorldConfig, serviceName: string): number {
  const service = world.services.find((s) => s.name === serviceName);
  if (service === undefined) return 0;
  const database = world.databases.find((db) => db.name === service.database?.name);
  const databaseUs = database ? Math.max(database.readTimeUs, database.writeTimeUs) + 2 * world.network.crossZoneUs : 0;
  return service.serviceTime.meanUs + databaseUs + callsTimeUs(world, service);
}

function callsTimeUs(world: WorldConfig, service: WorldConfig["services"][number]): number {
  return service.calls.reduce((sum, call) => {
    const meanUs =
      call.callee === "service"
        ? chainTimeUs(world, call.to) + 2 * world.network.crossZoneUs
        : (world.externals.find((e) => e.name === call.to)?.latency.meanUs ?? 0);
    return sum + callShare(world.operations, call) * Math.min(meanUs, call.timeoutUs);
  }, 0);
}

/** Requests per second at peak: its clients', plus the calls its callers make to it at theirs. */
function peakRate(world: WorldConfig, serviceName: string): number {
  const own = world.clients
    .filter((c) => c.service === serviceName)
    .reduce((sum, c) => sum + (c.rate.kind === "constant" ? c.rate.perSecond : c.rate.peakPerSecond), 0);
  return world.services.reduce((sum, caller) => {
    const calls = caller.calls.filter((c) => c.callee === "service" && c.to === serviceName);
    if (calls.length === 0) return sum;
    const fraction = calls.reduce((f, c) => f + callShare(world.operations, c), 0);
    return sum + peakRate(world, caller.name) * fraction;
  }, own);
}

/**
 * The service's busiest hour against what its instances can serve once its largest region (or,
 * in one region, a zone) is lost: peak rate × time a request holds a slot / (slots left). The holding time counts the
 * service time, the database operation and the calls it makes (each up to its timeout).
 */
function peakUtilisation(world: WorldConfig, serviceName: string): number {
  const service = world.services.find((s) => s.name === serviceName);
  if (service === undefined) return 0;
  const peak = peakRate(world, serviceName);
  const holdS = chainTimeUs(world, serviceName) / 1e6;
  const zonesByRegion = world.regions
    .map((r) => r.zones.filter((zone) => service.zones.includes(zone)).length)
    .filter((n) => n > 0);
  const zones = zonesByRegion.reduce((a, b) => a + b, 0);
  // The largest failure domain lost: a region when it runs in several, else a zone (if it has two).
  const left = zonesByRegion.length > 1 ? zones - Math.max(...zonesByRegion) : zones > 1 ? zones - 1 : zones;
  const slots = Math.max(1, left) * service.instancesPerZone * service.concurrency;
  return (peak * holdS) / slots;
}

/**
 * The fidelity a run will use: `auto` takes the fluid one when nothing stands in its way. An
 * explicit `fluid` with obstacles is refused by the caller, naming them.
 */
export function chooseFidelity(
  scenario: CompiledScenario,
  choice: FidelityChoice,
): { fidelity: Fidelity; obstacles: string[] } {
  const obstacles = fluidObstacles(scenario);
  if (choice === "request") return { fidelity: "request", obstacles };
  if (choice === "fluid") return { fidelity: "fluid", obstacles };
  return { fidelity: obstacles.length === 0 ? "fluid" : "request", obstacles };
}

/** The scenario to run at `fidelity`. */
export function withFidelity<S extends CompiledScenario>(scenario: S, fidelity: Fidelity): S {
  return { ...scenario, world: { ...scenario.world, fidelity } };
}
