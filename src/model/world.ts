// Wires the model: topology, services, load balancers, DNS, databases, workload and alerts on
// one simulator, and offers the levers faults pull (outages, crashes, lag, traffic).

import { RandomStreams, Simulator, Trace } from "../engine/index.js";
import { Alerting, Autoscaler, type Change, type ChangeKind, Probes, Rollouts } from "./control/index.js";
import type {
  ClientConfig,
  ModelContext,
  OperationConfig,
  RateProfile,
  WorldConfig,
  WriterClasses,
} from "./core/index.js";
import {
  type ComponentStatus,
  ControlPlane,
  type ControlPlaneState,
  emit,
  FluidSeries,
  LazyChecks,
  NetworkConditions,
  Recorder,
  RequestPool,
  scaledProfile,
  Topology,
  writerClasses,
} from "./core/index.js";
import { Database } from "./data/index.js";
import { Queues } from "./dependencies/index.js";
import { assertEndOfRunInvariants } from "./invariants.js";
import { Levers } from "./levers/index.js";
import { FluidTraffic, Serviceability } from "./observers/index.js";
import { GlobalRouting, instanceSlotsPerZone, LoadBalancers, ServiceTier, Workload } from "./traffic/index.js";

/** How a node coming up or going down is told: restarted or provisioned; crashed or removed. */
export interface LivenessKinds {
  up: "node.restarted" | "node.provisioned";
  down: "node.crashed" | "node.removed";
}

export class World {
  readonly ctx: ModelContext;
  readonly tier: ServiceTier;
  readonly balancers: LoadBalancers;
  readonly routing: GlobalRouting;
  readonly databases: Database[];
  readonly workload: Workload;
  readonly autoscaler: Autoscaler;
  readonly rollouts: Rollouts;
  readonly probes: Probes;
  readonly queues: Queues;
  /** The levers faults pull: every fault's effects go through here (levers.ts). */
  readonly levers: Levers;
  /** The fluid fidelity's traffic (undefined in per-request runs). */
  private readonly fluidTraffic: FluidTraffic | undefined;
  /** Who writes: operation × client region (core/writer-classes.ts). */
  private readonly writers: WriterClasses;

  constructor(readonly config: WorldConfig) {
    const sim = new Simulator({
      endUs: config.durationUs,
      eventsMax: config.limits.eventsMax,
      pendingMax: config.limits.pendingEventsMax,
    });
    const trace = new Trace();
    const fluid = config.fidelity === "fluid";
    const users = config.clients.filter((c) => !c.malicious && c.probeEveryUs === undefined);
    const operations = config.operations ?? [];
    // With operations, one fluid stream per user client and operation (its share of the rate).
    const profiles = fluidProfiles(users, operations);
    const series = fluid ? new FluidSeries(profiles, config.startOfDayUs) : undefined;
    const topology = new Topology(config.regions, config.network, () => sim.now);
    const regions = {
      names: topology.regionNames,
      ofClient: config.clients.map((c) => topology.regionIndex(c.region)),
      userClients: config.clients.flatMap((c, i) => (users.includes(c) ? [i] : [])),
      operations: operations.map((operation) => operation.name),
    };
    this.ctx = {
      run: { durationUs: config.durationUs, startOfDayUs: config.startOfDayUs },
      sim,
      streams: new RandomStreams(config.seed),
      trace,
      recorder: new Recorder(config.durationUs, series, regions),
      topology,
      network: new NetworkConditions(topology),
      controlPlane: new ControlPlane(initialState(config), trace),
      requests: new RequestPool(config.limits.pendingEventsMax, () => sim.now),
      lazy: new LazyChecks(fluid),
    };
    // Who wrote each write (operation × client region), for lost writes per operation and region.
    const writers = writerClasses(operations.length, topology.regionNames.length, regions.ofClient);
    this.writers = writers;
    // Construction order fixes event codes and stream names: keep it stable.
    this.databases = config.databases.map((db, i) => new Database(this.ctx, { ...db, fluid, writers }, i));
    this.tier = new ServiceTier(this.ctx, config.services, {
      databases: this.databases,
      externals: config.externals,
      queueNames: config.queues.map((q) => q.name),
      operations,
    });
    this.balancers = new LoadBalancers(this.ctx, config.services, this.tier);
    this.tier.balancers = this.balancers;
    this.routing = new GlobalRouting(this.ctx, config.services, config.clients, this.balancers, config.dns);
    new Alerting(this.ctx, config.alerts);
    this.probes = new Probes(this.ctx, config.clients);
    this.tier.probes = this.probes;
    const edge = {
      serviceNames: config.services.map((s) => s.name),
      network: config.network,
      rateLimits: config.rateLimits,
      edgeCacheHitRatio: config.edgeCacheHitRatio,
      operations,
    };
    this.workload = new Workload(this.ctx, edge, config.clients, this.routing, this.balancers, this.tier, this.probes);
    // Registered last, so designs without autoscaling keep their event codes.
    this.rollouts = new Rollouts(this.ctx, config.services, this.tier);
    this.queues = new Queues(this.ctx, config.queues);
    this.tier.messageQueues = this.queues;
    this.autoscaler = new Autoscaler(this.ctx, config.services, this.tier, this.balancers, (kinds) =>
      this.refreshLiveness(kinds),
    );
    const serviceability = new Serviceability({
      ctx: this.ctx,
      clients: config.clients,
      edgeCacheHitRatio: config.edgeCacheHitRatio,
      operations,
      tier: this.tier,
      balancers: this.balancers,
      routing: this.routing,
      workload: this.workload,
    });
    if (series !== undefined) this.fluidTraffic = this.watchFluidTraffic(series, serviceability, profiles);
    else {
      // Each second's state: the worse of its two ends, so a change within the second counts
      // against it as failed requests would (an observer: it changes nothing in the run).
      const statePerSecond = this.ctx.recorder.statePerSecond;
      let atStart = 1;
      sim.observe(1_000_000, (atUs) => {
        const atEnd = serviceability.userSuccessRatio(atUs);
        statePerSecond[atUs / 1_000_000 - 1] = Math.min(atStart, atEnd);
        atStart = atEnd;
      });
    }
    this.levers = new Levers({
      ctx: this.ctx,
      services: config.services,
      clients: config.clients,
      tier: this.tier,
      databases: this.databases,
      workload: this.workload,
      routing: this.routing,
      balancers: this.balancers,
      queues: this.queues,
      refreshLiveness: () => this.refreshLiveness(),
      announceDomain: (id, down) => this.announceDomain(id, down),
    });
  }

  get sim(): Simulator {
    return this.ctx.sim;
  }

  /**
   * The fluid fidelity: after every instant at which events ran, the traffic reads the world;
   * when anything but a sleeping check's tick happened, or a share changed, every sleeping check
   * wakes (core/lazy-checks.ts).
   */
  private watchFluidTraffic(
    series: FluidSeries,
    serviceability: Serviceability,
    profiles: readonly RateProfile[],
  ): FluidTraffic {
    const { sim, lazy } = this.ctx;
    const users = serviceability.users.map((c) => this.config.clients[c]);
    const traffic = new FluidTraffic({
      ctx: this.ctx,
      series,
      serviceability,
      tier: this.tier,
      databases: this.databases,
      profiles,
      writeRatios: users.map((c) => c.writeRatio),
      operations: this.config.operations ?? [],
      writers: this.writers,
    });
    this.rollouts.beforeEvaluate = (nowUs) => traffic.advance(nowUs);
    sim.beforeEachInstant((nowUs) => traffic.advance(nowUs));
    let eventsBefore = 0;
    sim.afterEachInstant((nowUs) => {
      const others = sim.eventsRun - eventsBefore - lazy.ticksThisInstant;
      // Checks that ticked and changed nothing leave the world as it was: nothing to read.
      const touched = others > 0 || lazy.changedThisInstant || traffic.resampled;
      const changed = touched && traffic.sample(nowUs);
      if (changed || others > 0 || lazy.changedThisInstant) lazy.wakeAll(nowUs);
      eventsBefore = sim.eventsRun;
      lazy.startInstant();
    });
    return traffic;
  }

  /** Runs to the end, or to `untilUs` (call again to go on); at the end, checks the run's invariants. */
  run(untilUs?: number): void {
    const { sim, recorder } = this.ctx;
    // A fluid run's traffic starts as the world stands at time 0, whether or not anything happens then.
    if (sim.eventsRun === 0 && sim.now === 0) this.fluidTraffic?.sample(0);
    sim.run(untilUs);
    if (sim.now >= this.config.durationUs) {
      this.fluidTraffic?.advance(this.config.durationUs);
      recorder.closeFluid(this.config.durationUs);
      assertEndOfRunInvariants(this);
    }
  }

  /** The service's cache is emptied now; it warms up again (a fault's instant action). */
  flushCache(service: string): void {
    const index = this.config.services.findIndex((s) => s.name === service);
    if (index < 0) throw new Error(`unknown service ${service}`);
    const now = this.ctx.sim.now;
    this.tier.data.caches.flush(index, now);
    emit(this.ctx.trace, now, { kind: "cache.flushed", subject: service });
  }

  /** How long the service's cache takes to be warm again after a flush (µs; 0 without a cache). */
  cacheWarmupUs(service: string): number {
    const cache = this.config.services.find((s) => s.name === service)?.cache;
    if (!cache) return 0;
    return cache.ttl ? cache.ttl.ttlUs : cache.warmupUs;
  }

  /**
   * Starts rolling a bad version or configuration out with the service's policy, as fault
   * `key`; `onReverted` is called once a rollback has taken it off every instance.
   */
  startChange(service: string, kind: ChangeKind, change: Change, key: number, onReverted: () => void): void {
    this.rollouts.start(service, kind, change, key, onReverted);
  }

  /**
   * A logical corruption of the database now, as fault `key`, noticed after `detectedAfterUs`;
   * `onOver` is called once it is gone (restored) or given up on (no clean backup).
   */
  corruptDatabase(
    database: string,
    corruption: { detectedAfterUs: number; reachesBackups: boolean },
    key: number,
    onOver: () => void,
  ): void {
    this.database(database).corruption.corrupt({ ...corruption, key, onOver });
  }

  /** Deletes a share of the rows now, noticed after `detectedAfterUs`; `onOver` once they are back or given up. */
  deleteRows(database: string, fraction: number, detectedAfterUs: number, onOver: () => void): void {
    this.database(database).deletes.delete(fraction, detectedAfterUs, onOver);
  }

  private database(name: string): Database {
    const db = this.databases.find((d) => d.name === name);
    if (!db) throw new Error(`unknown database ${name}`);
    return db;
  }

  /** Brings every node's up/down state in line with its crashes and failure domains. */
  refreshLiveness(kinds: LivenessKinds = { up: "node.restarted", down: "node.crashed" }): void {
    const { topology, sim } = this.ctx;
    const tier = this.tier;
    for (let instance = 0; instance < tier.instanceIds.length; instance++) {
      const up =
        tier.provisioned[instance] === 1 &&
        tier.crashes.values[instance] === 0 &&
        topology.isZoneUp(tier.instanceZone[instance]);
      if (up === (tier.alive[instance] === 1)) continue;
      if (up) tier.restart(instance);
      else tier.crash(instance);
      this.announceNode(tier.instanceIds[instance], up, kinds);
    }
    for (const db of this.databases) {
      db.nodeIds.forEach((id, member) => {
        const up = db.nodeCrashes.values[member] === 0 && topology.isZoneUp(db.nodeZones[member]);
        if (up === db.nodeAlive[member]) return;
        db.setNodeAlive(member, up, sim.now);
        this.announceNode(id, up, kinds);
      });
    }
  }

  private announceNode(id: string, up: boolean, kinds: LivenessKinds): void {
    this.ctx.controlPlane.change(this.ctx.sim.now, { kind: up ? kinds.up : kinds.down, subject: id }, (draft) => {
      draft.components[id] = up ? "up" : kinds.down === "node.removed" ? "absent" : "down";
    });
  }

  announceDomain(id: string, down: boolean): void {
    this.ctx.controlPlane.change(
      this.ctx.sim.now,
      { kind: down ? "domain.failed" : "domain.restored", subject: id },
      (draft) => {
        draft.components[id] = down ? "down" : "up";
      },
    );
  }
}

/**
 * The fluid series' streams: each user client's rate, or, with operations, one stream per user
 * client and operation at its share of the client's rate (its own mix, or the declared shares;
 * client by client).
 */
function fluidProfiles(users: readonly ClientConfig[], operations: readonly OperationConfig[]): RateProfile[] {
  if (operations.length === 0) return users.map((c) => c.rate);
  return users.flatMap((c) =>
    operations.map((operation, k) => scaledProfile(c.rate, c.operationShares?.[k] ?? operation.share)),
  );
}

function initialState(config: WorldConfig): ControlPlaneState {
  const components: Record<string, ComponentStatus> = {};
  for (const region of config.regions) {
    components[region.name] = "up";
    for (const zone of region.zones) components[zone] = "up";
  }
  const loadBalancers: Record<string, Record<string, boolean>> = {};
  for (const service of config.services) {
    for (const region of config.regions) {
      const zones = service.zones.filter((zone) => region.zones.includes(zone));
      if (zones.length === 0) continue;
      const members: Record<string, boolean> = {};
      for (const zone of zones) {
        for (let k = 1; k <= instanceSlotsPerZone(service); k++) {
          const provisioned = k <= service.instancesPerZone;
          components[`${service.name}/${zone}/${k}`] = provisioned ? "up" : "absent";
          members[`${service.name}/${zone}/${k}`] = provisioned;
        }
      }
      loadBalancers[`lb/${service.name}/${region.name}`] = members;
    }
  }
  const databases: ControlPlaneState["databases"] = {};
  for (const db of config.databases) {
    databases[db.name] = {
      primary: db.primaryZone,
      failingOver: false,
      replicas: Object.fromEntries(db.replicas.map((r) => [r.zone, { mode: r.mode, lagS: r.lagUs / 1e6 }])),
    };
    for (const zone of [db.primaryZone, ...db.replicas.map((r) => r.zone)]) components[`${db.name}/${zone}`] = "up";
  }
  const dns: ControlPlaneState["dns"] = {};
  for (const service of config.services) {
    const deployed = config.regions
      .filter((r) => r.zones.some((zone) => service.zones.includes(zone)))
      .map((r) => r.name);
    dns[service.name] = Object.fromEntries(
      config.regions.map((r) => [r.name, deployed.includes(r.name) ? r.name : deployed[0]]),
    );
  }
  const alerts = Object.fromEntries([
    ...config.alerts.map((alert) => [alert.name, "ok" as const]),
    ...config.clients.filter((c) => c.probeEveryUs !== undefined).map((c) => [c.name, "ok" as const]),
  ]);
  return { components, loadBalancers, dns, databases, alerts };
}
