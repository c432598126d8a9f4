// Compiles the design: regions and zones, the network, databases, services, DNS and alerts.

import { type CompileContext, describePath, NameRegistry, parseComparison, unknown } from "../../input/index.js";
import type {
  AlertConfig,
  AutoscalingConfig,
  BackupConfig,
  CallConfig,
  DatabaseConfig,
  DnsConfig,
  ExternalConfig,
  FallbackConfig,
  HealthCheckConfig,
  NetworkConfig,
  RolloutConfig,
  ServiceConfig,
} from "../../model/core/config.js";
import type { IssuePath } from "../errors.js";
import type { ScenarioFile } from "../schema.js";
import { PLACEHOLDER_COMPARISON } from "./targets.js";

type Design = ScenarioFile["design"];

export interface DesignNames {
  regions: NameRegistry;
  zones: NameRegistry;
  services: NameRegistry;
  databases: NameRegistry;
  externals: NameRegistry;
}

export function declareTopology(ctx: CompileContext, design: Design): Pick<DesignNames, "regions" | "zones"> {
  const regions = new NameRegistry(ctx, "region");
  const zones = new NameRegistry(ctx, "zone", "write zones as region/zone");
  design.regions.forEach((region, i) => {
    // A region declared twice is one problem, not one more per zone.
    if (!regions.declare(region.name, ["design", "regions", i, "name"])) return;
    region.zones.forEach((zone, j) => {
      zones.declare(`${region.name}/${zone}`, ["design", "regions", i, "zones", j]);
    });
  });
  return { regions, zones };
}

export function compileNetwork(ctx: CompileContext, network: Design["network"], regions: NameRegistry): NetworkConfig {
  const path = ["design", "network"];
  return {
    sameZoneUs: ctx.us(network.sameZone, [...path, "sameZone"]),
    crossZoneUs: ctx.us(network.crossZone, [...path, "crossZone"]),
    crossRegionUs: ctx.us(network.crossRegion, [...path, "crossRegion"]),
    regionLatency: compileRegionLatency(ctx, network.regionLatency, regions),
    clientUs: ctx.us(network.client, [...path, "client"]),
    clientLatency: compileClientLatency(ctx, network.clientLatency, regions),
    jitter: ctx.fraction(network.jitter, [...path, "jitter"]),
  };
}

/** Region pairs: known, distinct regions, each pair once whichever order it is written in (the latency is symmetric). */
function compileRegionLatency(
  ctx: CompileContext,
  pairs: Design["network"]["regionLatency"],
  regions: NameRegistry,
): NetworkConfig["regionLatency"] {
  const seen = new Map<string, IssuePath>();
  return pairs.map((pair, i) => {
    const path = ["design", "network", "regionLatency", i];
    const [a, b] = pair.between;
    const known = [a, b].map((region, end) => regions.check(region, [...path, "between", end]));
    if (known[0] && known[1]) {
      if (a === b) {
        ctx.problem(
          [...path, "between", 1],
          `a region pair needs two regions: within ${a} the latency is sameZone or crossZone`,
        );
      } else {
        const key = a < b ? `${a} ${b}` : `${b} ${a}`;
        const first = seen.get(key);
        if (first === undefined) seen.set(key, path);
        else {
          ctx.problem(
            [...path, "between"],
            `the latency between ${a} and ${b} is given twice (first at ${describePath(first)}); it is the same both ways: keep one`,
          );
        }
      }
    }
    return { between: [a, b], oneWayUs: ctx.us(pair.oneWay, [...path, "oneWay"]) };
  });
}

/** Client region → serving region: known regions, each direction once. */
function compileClientLatency(
  ctx: CompileContext,
  pairs: Design["network"]["clientLatency"],
  regions: NameRegistry,
): NetworkConfig["clientLatency"] {
  const seen = new Map<string, IssuePath>();
  return pairs.map((pair, i) => {
    const path = ["design", "network", "clientLatency", i];
    const fromKnown = regions.check(pair.from, [...path, "from"]);
    const toKnown = regions.check(pair.to, [...path, "to"]);
    if (fromKnown && toKnown) {
      const key = `${pair.from} ${pair.to}`;
      const first = seen.get(key);
      if (first === undefined) seen.set(key, path);
      else {
        ctx.problem(
          [...path, "to"],
          `the latency from clients in ${pair.from} to ${pair.to} is given twice (first at ${describePath(first)}); keep one`,
        );
      }
    }
    return { from: pair.from, to: pair.to, oneWayUs: ctx.us(pair.oneWay, [...path, "oneWay"]) };
  });
}

/** A quorum can only count the replicas that wait: k of the `sync` ones, at most all of them. */
function compileAck(ctx: CompileContext, db: Design["databases"][number], path: (string | number)[]): number {
  const k = db.ack?.any ?? 0;
  const sync = db.replicas.filter((r) => r.mode === "sync").length;
  if (k > sync) {
    ctx.problem(
      [...path, "ack", "any"],
      sync === 0
        ? `database "${db.name}" has no sync replica for ack.any to count: mark replicas mode: sync, or remove "ack"`
        : `database "${db.name}" has ${sync} sync replica${sync === 1 ? "" : "s"}: ack.any must be between 1 and ${sync}`,
    );
  }
  return k;
}

type DatabaseInput = Design["databases"][number];

/**
 * Replica modes belong to a primary and its replicas; a majority database's replicas are voting
 * members, its writes wait for a majority (not `ack`) and it elects a leader (not `failover`).
 */
function checkReplication(ctx: CompileContext, db: DatabaseInput, path: (string | number)[]): void {
  const majority = db.replication === "majority";
  db.replicas.forEach((replica, j) => {
    if (!majority && replica.mode === undefined) {
      ctx.problem(
        [...path, "replicas", j],
        `database "${db.name}": give the replica in ${replica.zone} a mode: sync, sync-or-skip or async`,
      );
    }
    if (majority && replica.mode !== undefined) {
      ctx.problem(
        [...path, "replicas", j, "mode"],
        `database "${db.name}" replicates by majority: its replicas are voting members, remove mode`,
      );
    }
  });
  if (!majority && db.election !== undefined) {
    ctx.problem([...path, "election"], `database "${db.name}": an election needs replication: majority`);
  }
  if (majority && db.ack !== undefined) {
    ctx.problem(
      [...path, "ack"],
      `database "${db.name}" replicates by majority: a write waits for a majority, remove ack`,
    );
  }
  if (
    majority &&
    (db.failover.site !== undefined || db.failover.lease !== undefined || db.failover.failback !== undefined)
  ) {
    ctx.problem(
      [...path, "failover"],
      `database "${db.name}" replicates by majority and elects its leader: use election: { timeout, lease }, not failover`,
    );
  }
}

function compileElection(
  ctx: CompileContext,
  db: DatabaseInput,
  path: (string | number)[],
): NonNullable<DatabaseConfig["election"]> {
  const election = db.election ?? { timeout: "1s", lease: "0s" };
  return {
    timeoutUs: ctx.us(election.timeout, [...path, "election", "timeout"]),
    leaseUs: ctx.us(election.lease, [...path, "election", "lease"]),
  };
}

export function compileDatabases(ctx: CompileContext, design: Design, zones: NameRegistry): DatabaseConfig[] {
  return design.databases.map((db, i) => {
    const path = ["design", "databases", i];
    zones.check(db.primary, [...path, "primary"]);
    if (db.failover.site !== undefined) zones.check(db.failover.site, [...path, "failover", "site"]);
    if (db.failover.lease !== undefined && db.failover.site === undefined) {
      ctx.problem(
        [...path, "failover", "lease"],
        `database "${db.name}": a lease is renewed with the failover manager: give its failover a site (region/zone)`,
      );
    }
    const occupied = new Set([db.primary]);
    db.replicas.forEach((replica, j) => {
      zones.check(replica.zone, [...path, "replicas", j, "zone"]);
      if (occupied.has(replica.zone)) {
        ctx.problem([...path, "replicas", j, "zone"], `database "${db.name}" already has a node in ${replica.zone}`);
      }
      occupied.add(replica.zone);
    });
    checkReplication(ctx, db, path);
    const majority = db.replication === "majority";
    return {
      name: db.name,
      primaryZone: db.primary,
      replicas: db.replicas.map((r, j) => ({
        zone: r.zone,
        // A voting member of a majority is waited for as a quorum's sync replica is.
        mode: majority ? "sync" : (r.mode ?? "async"),
        lagUs: r.mode === "async" ? ctx.us(r.lag, [...path, "replicas", j, "lag"]) : 0,
      })),
      ...(db.ack && !majority ? { ackAny: compileAck(ctx, db, path) } : {}),
      ...(majority ? { election: compileElection(ctx, db, path) } : {}),
      readTimeUs: ctx.us(db.readTime, [...path, "readTime"]),
      writeTimeUs: ctx.us(db.writeTime, [...path, "writeTime"]),
      sizeGb: parseSizeGb(db.size),
      capacity: db.capacity,
      ...(db.backups ? { backups: compileBackups(ctx, db.backups, [...path, "backups"]) } : {}),
      ...(db.softDelete
        ? {
            softDelete: {
              retentionUs: ctx.us(db.softDelete.retention, [...path, "softDelete", "retention"]),
              undeleteUs: ctx.us(db.softDelete.undelete, [...path, "softDelete", "undelete"]),
            },
          }
        : {}),
      failover: {
        // A majority database elects its leader (model/data/election.ts): no manager promotes one.
        automatic: db.failover.mode === "automatic" && !majority,
        heartbeatUs: ctx.us(db.failover.heartbeat, [...path, "failover", "heartbeat"]),
        missedHeartbeats: db.failover.missedHeartbeats,
        promotionUs: ctx.us(db.failover.promotion, [...path, "failover", "promotion"]),
        ...(db.failover.site === undefined ? {} : { siteZone: db.failover.site }),
        ...(db.failover.lease === undefined
          ? {}
          : { leaseUs: ctx.us(db.failover.lease, [...path, "failover", "lease"]) }),
        ...(db.failover.failback === undefined
          ? {}
          : { failbackUs: ctx.us(db.failover.failback, [...path, "failover", "failback"]) }),
      },
    };
  });
}

function parseSizeGb(text: string): number {
  const m = /(\d+(?:\.\d+)?)\s*(GB|TB)/.exec(text) as RegExpExecArray;
  return Number(m[1]) * (m[2] === "TB" ? 1000 : 1);
}

function compileBackups(
  ctx: CompileContext,
  backups: NonNullable<Design["databases"][number]["backups"]>,
  path: IssuePath,
): BackupConfig {
  const m = /(\d+(?:\.\d+)?)\s*GB\s*\/\s*(s|min|h)/.exec(backups.restoreRate) as RegExpExecArray;
  const perS = Number(m[1]) / (m[2] === "s" ? 1 : m[2] === "min" ? 60 : 3600);
  return {
    snapshotEveryUs: ctx.us(backups.snapshotEvery, [...path, "snapshotEvery"]),
    ...(backups.logArchiveEvery === undefined
      ? {}
      : { logArchiveEveryUs: ctx.us(backups.logArchiveEvery, [...path, "logArchiveEvery"]) }),
    immutable: backups.immutable,
    restoreGbPerS: perS,
  };
}

export function compileServices(
  ctx: CompileContext,
  design: Design,
  names: Pick<DesignNames, "regions" | "services" | "databases" | "externals">,
): ServiceConfig[] {
  // Every service is declared first: a call may name a service declared after its caller.
  design.services.forEach((service, i) => {
    const path = ["design", "services", i, "name"];
    if (!names.services.declare(service.name, path)) return;
    // One namespace for `to:`: a call names a service or an external, never both.
    if (names.externals.has(service.name)) {
      ctx.problem(
        path,
        `service "${service.name}" has the name of an external dependency; a call's \`to\` must name one of them: rename one`,
      );
    }
  });
  const compiled = design.services.map((service, i) => {
    const path = ["design", "services", i];
    service.regions?.forEach((name, j) => {
      names.regions.check(name, [...path, "regions", j]);
    });
    if (service.database) names.databases.check(service.database.name, [...path, "database", "name"]);
    const regions = service.regions ?? design.regions.map((r) => r.name);
    return {
      name: service.name,
      zones: design.regions
        .filter((r) => regions.includes(r.name))
        .flatMap((r) => r.zones.map((z) => `${r.name}/${z}`)),
      instancesPerZone: service.instancesPerZone,
      concurrency: service.concurrency,
      queueCapacity: service.queue,
      serviceTime: {
        distribution: service.serviceTime.distribution,
        meanUs: ctx.us(service.serviceTime.mean, [...path, "serviceTime", "mean"]),
        sigma: service.serviceTime.sigma,
      },
      database: service.database && {
        name: service.database.name,
        reads: service.database.reads,
        timeoutUs: ctx.us(service.database.timeout, [...path, "database", "timeout"]),
        ...(service.database.bulkhead === undefined ? {} : { bulkhead: service.database.bulkhead }),
      },
      calls: service.calls.map((call, j) => compileCall(ctx, call, [...path, "calls", j], names)),
      ...(service.autoscaling ? { autoscaling: compileAutoscaling(ctx, service, [...path, "autoscaling"]) } : {}),
      ...(service.cache ? { cache: compileCache(ctx, service.cache, [...path, "cache"]) } : {}),
      ...(service.publishesTo ? { publishesTo: service.publishesTo } : {}),
      deploy: compileRollout(ctx, service.deploy, [...path, "deploy"]),
      config: compileRollout(ctx, service.config, [...path, "config"]),
      healthCheck: compileHealthCheck(ctx, service.healthCheck, [...path, "healthCheck"]),
      balancing: service.balancing,
    };
  });
  refuseCallCycles(ctx, compiled);
  return compiled;
}

/**
 * Services that call services form a graph that must have no cycle: a request that calls back
 * into a service it came through would wait for itself (each holds a slot while it calls). The
 * call that closes a cycle is the problem, named with the cycle.
 */
function refuseCallCycles(ctx: CompileContext, services: ServiceConfig[]): void {
  const index = new Map(services.map((service, i) => [service.name, i]));
  const state = new Uint8Array(services.length); // 0 unvisited, 1 on the path, 2 done
  const path: number[] = [];
  const visit = (s: number): void => {
    state[s] = 1;
    path.push(s);
    services[s].calls.forEach((call, j) => {
      if (call.callee !== "service") return;
      const callee = index.get(call.to);
      if (callee === undefined) return;
      if (state[callee] === 1) {
        const cycle = [...path.slice(path.indexOf(callee)), callee].map((k) => services[k].name).join(" → ");
        ctx.problem(
          ["design", "services", s, "calls", j, "to"],
          `services call each other in a cycle (${cycle}): a request would wait for itself; remove one of these calls`,
        );
      } else if (state[callee] === 0) visit(callee);
    });
    path.pop();
    state[s] = 2;
  };
  for (let s = 0; s < services.length; s++) if (state[s] === 0) visit(s);
}

function compileCache(
  ctx: CompileContext,
  cache: NonNullable<Design["services"][number]["cache"]>,
  path: IssuePath,
): NonNullable<ServiceConfig["cache"]> {
  const latencyUs = ctx.us(cache.latency, [...path, "latency"]);
  if (cache.ttl === undefined) {
    if (cache.hitRatio === undefined) {
      ctx.problem(path, "a cache needs hitRatio (a fixed share of reads), or ttl and keys (a keyed TTL cache)");
    }
    for (const field of ["keys", "ttlJitter"] as const) {
      if (cache[field] !== undefined) ctx.problem([...path, field], `${field} needs ttl: add ttl, or remove ${field}`);
    }
    return {
      latencyUs,
      warmupUs: ctx.us(cache.warmup ?? "5m", [...path, "warmup"]),
      hitRatio: ctx.fraction(cache.hitRatio ?? "0%", [...path, "hitRatio"]),
    };
  }
  if (cache.hitRatio !== undefined) {
    ctx.problem(
      [...path, "hitRatio"],
      "with ttl the hit ratio follows from the reads per key: remove hitRatio, or remove ttl and keys",
    );
  }
  if (cache.warmup !== undefined) {
    ctx.problem([...path, "warmup"], "a TTL cache warms up by itself as reads refill it: remove warmup");
  }
  if (cache.keys === undefined)
    ctx.problem([...path, "ttl"], "a TTL cache needs keys: the distinct keys reads spread over");
  return {
    latencyUs,
    warmupUs: 0,
    hitRatio: 0,
    ttl: {
      keys: cache.keys ?? 1,
      ttlUs: ctx.us(cache.ttl, [...path, "ttl"]),
      ttlJitter: ctx.fraction(cache.ttlJitter ?? "0%", [...path, "ttlJitter"]),
    },
  };
}

function compileRollout(
  ctx: CompileContext,
  rollout: Design["services"][number]["deploy"] | Design["services"][number]["config"],
  path: IssuePath,
): RolloutConfig {
  const strategy = "strategy" in rollout ? rollout.strategy : "waves";
  if (strategy === "blue-green" && rollout.waves !== undefined) {
    ctx.problem(
      [...path, "waves"],
      "a blue-green deploy switches all traffic at once and has no waves: remove `waves`, or use strategy: waves",
    );
  }
  const declared = rollout.waves ?? ["100%"];
  const waves =
    declared === "by-region"
      ? ("by-region" as const)
      : declared.map((wave, i) => ctx.fraction(wave, [...path, "waves", i]));
  if (Array.isArray(waves) && waves.some((w, i) => i > 0 && w <= waves[i - 1])) {
    ctx.problem([...path, "waves"], "waves are cumulative shares and must grow, e.g. [5%, 25%, 100%]");
  }
  return {
    strategy,
    waves: strategy === "blue-green" ? [1] : waves,
    switchUs: "switch" in rollout ? ctx.us(rollout.switch, [...path, "switch"]) : 0,
    stepUs: ctx.us(rollout.step, [...path, "step"]),
    bakeUs: ctx.us(rollout.bake, [...path, "bake"]),
    ...(rollout.rollback
      ? {
          rollback: {
            errorRate: ctx.unit(
              parseComparison(rollout.rollback.errorRate, "fraction"),
              [...path, "rollback", "errorRate"],
              PLACEHOLDER_COMPARISON,
            ),
            windowUs: ctx.us(rollout.rollback.window, [...path, "rollback", "window"]),
          },
        }
      : {}),
    ...(rollout.manualRollback === undefined
      ? {}
      : { manualRollbackUs: ctx.us(rollout.manualRollback, [...path, "manualRollback"]) }),
  };
}

function compileAutoscaling(
  ctx: CompileContext,
  service: Design["services"][number],
  path: IssuePath,
): AutoscalingConfig {
  const scaling = service.autoscaling as NonNullable<typeof service.autoscaling>;
  if (scaling.maxInstancesPerZone < service.instancesPerZone) {
    ctx.problem(
      [...path, "maxInstancesPerZone"],
      `maxInstancesPerZone (${scaling.maxInstancesPerZone}) is below instancesPerZone (${service.instancesPerZone}); raise it`,
    );
  }
  return {
    maxInstancesPerZone: scaling.maxInstancesPerZone,
    targetUtilization: ctx.fraction(scaling.targetUtilization, [...path, "targetUtilization"]),
    queuePerInstance: scaling.queuePerInstance,
    everyUs: ctx.us(scaling.every, [...path, "every"]),
    cooldownUs: ctx.us(scaling.cooldown, [...path, "cooldown"]),
    provisioningUs: ctx.us(scaling.provisioning, [...path, "provisioning"]),
  };
}

function compileCall(
  ctx: CompileContext,
  call: Design["services"][number]["calls"][number],
  path: IssuePath,
  names: Pick<DesignNames, "services" | "externals">,
): CallConfig {
  const callsService = names.services.has(call.to);
  if (!callsService && !names.externals.has(call.to)) {
    ctx.problem(
      [...path, "to"],
      unknown("dependency or service", call.to, [...names.externals.all, ...names.services.all]),
    );
  }
  const breaker = call.breaker;
  const required = call.criticality === "required";
  const fallback = call.fallback === undefined ? undefined : compileFallback(ctx, call.fallback, required, path, names);
  return {
    to: call.to,
    ...(callsService ? { callee: "service" as const } : {}),
    fraction: ctx.fraction(call.fraction, [...path, "fraction"]),
    required,
    timeoutUs: ctx.us(call.timeout, [...path, "timeout"]),
    retries: compileRetries(ctx, call.retries, [...path, "retries"]),
    ...(breaker
      ? {
          breaker: {
            scope: breaker.scope,
            failureRate: ctx.fraction(breaker.failureRate, [...path, "breaker", "failureRate"]),
            window: breaker.window,
            minimumCalls: Math.min(breaker.minimumCalls, breaker.window),
            coolDownUs: ctx.us(breaker.coolDown, [...path, "breaker", "coolDown"]),
            probes: breaker.probes,
          },
        }
      : {}),
    ...(call.bulkhead === undefined ? {} : { bulkhead: call.bulkhead }),
    ...(call.killSwitch
      ? {
          killSwitch: {
            errorRate: ctx.unit(
              parseComparison(call.killSwitch.errorRate, "fraction"),
              [...path, "killSwitch", "errorRate"],
              PLACEHOLDER_COMPARISON,
            ),
            windowUs: ctx.us(call.killSwitch.window, [...path, "killSwitch", "window"]),
            reactionUs: ctx.us(call.killSwitch.reaction, [...path, "killSwitch", "reaction"]),
            retryAfterUs: ctx.us(call.killSwitch.retryAfter, [...path, "killSwitch", "retryAfter"]),
          },
        }
      : {}),
    ...(fallback === undefined ? {} : { fallback }),
  };
}

type CallInput = Design["services"][number]["calls"][number];

function compileRetries(ctx: CompileContext, retries: CallInput["retries"], path: IssuePath): CallConfig["retries"] {
  return {
    max: retries.max,
    backoffUs: ctx.us(retries.backoff, [...path, "backoff"]),
    maxBackoffUs: ctx.us(retries.maxBackoff, [...path, "maxBackoff"]),
    jitter: retries.jitter,
    ...(retries.budget === undefined ? {} : { budget: ctx.fraction(retries.budget, [...path, "budget"]) }),
  };
}

/**
 * A fallback call goes to an external (a second provider) and is as critical as the call it
 * stands in for; a fallback to a service of the design is refused, as its failure semantics (a
 * request holding a slot in the callee) would need the call graph's cycle rules too.
 */
function compileFallback(
  ctx: CompileContext,
  fallback: NonNullable<CallInput["fallback"]>,
  required: boolean,
  path: IssuePath,
  names: Pick<DesignNames, "services" | "externals">,
): FallbackConfig {
  const at: IssuePath = [...path, "fallback"];
  if (fallback === "cached") return { kind: "cached", share: 1 };
  if ("cached" in fallback) return { kind: "cached", share: ctx.fraction(fallback.cached, [...at, "cached"]) };
  if (!names.externals.has(fallback.to)) {
    ctx.problem(
      [...at, "to"],
      names.services.has(fallback.to)
        ? `a fallback calls an external (another provider), not a service of the design: add ${fallback.to}'s provider under design.externals, or use fallback: cached`
        : unknown("dependency", fallback.to, names.externals.all),
    );
  }
  return {
    kind: "call",
    call: {
      to: fallback.to,
      fraction: 1,
      required,
      timeoutUs: ctx.us(fallback.timeout, [...at, "timeout"]),
      retries: compileRetries(ctx, fallback.retries, [...at, "retries"]),
    },
  };
}

export function compileExternals(ctx: CompileContext, design: Design, externals: NameRegistry): ExternalConfig[] {
  return design.externals.map((external, i) => {
    const path = ["design", "externals", i];
    externals.declare(external.name, [...path, "name"]);
    return {
      name: external.name,
      latency: {
        distribution: external.latency.distribution,
        meanUs: ctx.us(external.latency.mean, [...path, "latency", "mean"]),
        sigma: external.latency.sigma,
      },
      errorRate: ctx.fraction(external.errorRate, [...path, "errorRate"]),
      capacity: external.capacity,
    };
  });
}

export function compileDns(ctx: CompileContext, design: Design): DnsConfig | undefined {
  const dns = design.routing?.dns;
  if (!dns) return undefined;
  const path = ["design", "routing", "dns"];
  return {
    ttlUs: ctx.us(dns.ttl, [...path, "ttl"]),
    healthCheck: compileHealthCheck(ctx, dns.healthCheck, [...path, "healthCheck"]),
  };
}

export function compileAlerts(ctx: CompileContext, design: Design): AlertConfig[] {
  return design.alerts.map((alert, i) => {
    const path = ["design", "alerts", i];
    const latency = alert.latencyP99 === undefined ? undefined : parseComparison(alert.latencyP99, "milliseconds");
    return {
      name: alert.name,
      ...(alert.errorRate === undefined
        ? {}
        : {
            errorRate: ctx.unit(
              parseComparison(alert.errorRate, "fraction"),
              [...path, "errorRate"],
              PLACEHOLDER_COMPARISON,
            ),
          }),
      ...(latency === undefined
        ? {}
        : { latencyP99AboveUs: ctx.unit(latency, [...path, "latencyP99"], PLACEHOLDER_COMPARISON).value * 1000 }),
      windowUs: ctx.us(alert.window, [...path, "window"]),
      everyUs: ctx.us(alert.every, [...path, "every"]),
    };
  });
}

function compileHealthCheck(
  ctx: CompileContext,
  check: ScenarioFile["design"]["services"][number]["healthCheck"],
  path: IssuePath,
): HealthCheckConfig {
  return {
    intervalUs: ctx.us(check.interval, [...path, "interval"]),
    unhealthyThreshold: check.unhealthyThreshold,
    healthyThreshold: check.healthyThreshold,
  };
}
