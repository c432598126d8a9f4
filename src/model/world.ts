// Wires the model: topology, services, load balancers, DNS, databases, workload and alerts on
// one simulator, and offers the levers faults pull (outages, crashes, lag, traffic).

import { RandomStreams, Simulator, Trace } from "../engine/index.js";
import { Alerting } from "./alerting.js";
import { Autoscaler } from "./autoscaler.js";
import type { DependencyCutConfig, WorldConfig } from "./config.js";
import type { ModelContext } from "./context.js";
import { type ComponentStatus, ControlPlane, type ControlPlaneState } from "./control-plane.js";
import { Database } from "./database.js";
import { GlobalRouting } from "./global-routing.js";
import { LoadBalancers } from "./load-balancer.js";
import { NetworkConditions, type NetworkRule } from "./network.js";
import { Probes } from "./probes.js";
import { Queues } from "./queues.js";
import { Recorder } from "./recorder.js";
import { RequestPool } from "./requests.js";
import { type Change, type ChangeKind, Rollouts } from "./rollout.js";
import { instanceSlotsPerZone, ServiceTier } from "./service-tier.js";
import { Topology } from "./topology.js";
import { Workload } from "./workload.js";

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

  constructor(readonly config: WorldConfig) {
    const sim = new Simulator({
      endUs: config.durationUs,
      eventsMax: config.limits.eventsMax,
      pendingMax: config.limits.pendingEventsMax,
    });
    const trace = new Trace();
    const topology = new Topology(config.regions, config.network);
    this.ctx = {
      config,
      sim,
      streams: new RandomStreams(config.seed),
      trace,
      recorder: new Recorder(config.durationUs),
      topology,
      network: new NetworkConditions(topology),
      controlPlane: new ControlPlane(initialState(config), trace),
      requests: new RequestPool(config.limits.pendingEventsMax),
    };
    // Construction order fixes event codes and stream names: keep it stable.
    this.databases = config.databases.map((db, i) => new Database(this.ctx, db, i));
    this.tier = new ServiceTier(this.ctx, config.services, this.databases);
    this.balancers = new LoadBalancers(this.ctx, config.services, this.tier);
    this.routing = new GlobalRouting(this.ctx, config.services, config.clients, this.balancers, config.dns);
    new Alerting(this.ctx, config.alerts);
    this.probes = new Probes(this.ctx, config.clients);
    this.tier.probes = this.probes;
    this.workload = new Workload(this.ctx, config.clients, this.routing, this.balancers, this.tier, this.probes);
    // Registered last, so designs without autoscaling keep their event codes.
    this.rollouts = new Rollouts(this.ctx, config.services, this.tier);
    this.queues = new Queues(this.ctx, config.queues);
    this.tier.messageQueues = this.queues;
    this.autoscaler = new Autoscaler(this.ctx, config.services, this.tier, this.balancers, (kinds) =>
      this.refreshLiveness(kinds),
    );
  }

  get sim(): Simulator {
    return this.ctx.sim;
  }

  run(): void {
    this.ctx.sim.run();
  }

  /** Adds (+1) or removes (−1) an outage covering a region. */
  changeRegionOutage(region: string, delta: 1 | -1): void {
    const index = this.ctx.topology.regionIndex(region);
    this.ctx.topology.regionOutages[index] += delta;
    this.announceDomain(region, this.ctx.topology.regionOutages[index] > 0);
    this.refreshLiveness();
  }

  changeZoneOutage(zone: string, delta: 1 | -1): void {
    const index = this.ctx.topology.zoneIndex(zone);
    this.ctx.topology.zoneOutages[index] += delta;
    this.announceDomain(zone, this.ctx.topology.zoneOutages[index] > 0);
    this.refreshLiveness();
  }

  /** Crashes (+1) or restarts (−1) one node: a service instance or a database node. */
  changeNodeCrash(node: string, delta: 1 | -1): void {
    const instance = this.tier.instanceIds.indexOf(node);
    if (instance >= 0) this.tier.crashes[instance] += delta;
    for (const db of this.databases) {
      const member = db.nodeIds.indexOf(node);
      if (member >= 0) db.nodeCrashes[member] += delta;
    }
    this.refreshLiveness();
  }

  setReplicationLag(database: string, zone: string, lagUs: number | undefined): void {
    const db = this.databases.find((d) => d.name === database);
    if (!db) throw new Error(`unknown database ${database}`);
    const node = db.nodeIds.indexOf(`${database}/${zone}`);
    db.setLagOverride(node, lagUs ?? -1);
    const lagS = (lagUs ?? db.lagUs[node]) / 1e6;
    this.ctx.controlPlane.change(
      this.ctx.sim.now,
      { kind: "db.lagChanged", subject: `${database}/${zone}`, detail: `replication lag ${lagS}s` },
      (draft) => {
        const replica = draft.databases[database].replicas[zone];
        if (replica) replica.lagS = lagS;
      },
    );
  }

  /** The service's cache is emptied now (`down` undefined), or goes down / comes back empty. */
  changeCache(service: string, change: "flush" | "down" | "up"): void {
    const index = this.config.services.findIndex((s) => s.name === service);
    if (index < 0) throw new Error(`unknown service ${service}`);
    const now = this.ctx.sim.now;
    if (change === "flush") this.tier.data.caches.flush(index, now);
    else this.tier.data.caches.setDown(index, change === "down", now);
    this.ctx.trace.add(
      now,
      change === "flush" ? "cache.flushed" : change === "down" ? "cache.failed" : "cache.restored",
      service,
    );
  }

  setConsumersDown(queue: string, down: boolean): void {
    this.queues.setConsumersDown(this.queues.indexOf(queue), down);
    this.ctx.trace.add(this.ctx.sim.now, down ? "queue.consumersDown" : "queue.consumersUp", queue);
  }

  /** A flood from a malicious client class at `perSecond` (undefined: it stops). */
  setFlood(client: string, perSecond: number | undefined): void {
    const index = this.config.clients.findIndex((c) => c.name === client);
    if (index < 0) throw new Error(`unknown client ${client}`);
    this.workload.setRateOverride(index, perSecond);
  }

  setTrafficMultiplier(client: string, multiplier: number): void {
    const index = this.config.clients.findIndex((c) => c.name === client);
    if (index < 0) throw new Error(`unknown client ${client}`);
    this.workload.setMultiplier(index, multiplier);
  }

  /** Adds a network rule (partition, latency, loss); databases re-check who can replicate. */
  addNetworkRule(rule: NetworkRule, label: string): void {
    this.ctx.network.add(rule);
    this.ctx.trace.add(this.ctx.sim.now, "network.ruleAdded", label);
    for (const db of this.databases) db.onNetworkChanged(this.ctx.sim.now);
  }

  removeNetworkRule(id: number, label: string): void {
    this.ctx.network.remove(id);
    this.ctx.trace.add(this.ctx.sim.now, "network.ruleRemoved", label);
    for (const db of this.databases) db.onNetworkChanged(this.ctx.sim.now);
  }

  /** Grey failure: the instance keeps passing health checks but serves `factor` times slower. */
  setSlowdown(node: string, factor: number): void {
    this.tier.slowdown[this.instanceIndex(node)] = factor;
  }

  /** The instance fails its health checks (alternating every half `periodUs` when given) but serves. */
  setHealthCheckFailing(node: string, failing: boolean, periodUs = 0): void {
    const instance = this.instanceIndex(node);
    this.tier.healthCheckFailing[instance] = failing ? 1 : 0;
    this.tier.healthFlapPeriodUs[instance] = periodUs;
    this.tier.healthFlapStartUs[instance] = this.ctx.sim.now;
  }

  /** Starts rolling a bad version or configuration out with the service's policy. */
  startChange(service: string, kind: ChangeKind, change: Change): void {
    this.rollouts.start(service, kind, change);
  }

  corruptDatabase(database: string, detectedAfterUs: number, reachesBackups: boolean): void {
    const db = this.databases.find((d) => d.name === database);
    if (!db) throw new Error(`unknown database ${database}`);
    db.corrupt(detectedAfterUs, reachesBackups);
  }

  deleteRows(database: string, fraction: number, detectedAfterUs: number): void {
    const db = this.databases.find((d) => d.name === database);
    if (!db) throw new Error(`unknown database ${database}`);
    db.deletes.delete(fraction, detectedAfterUs);
  }

  setDiskFull(database: string, full: boolean): void {
    const db = this.databases.find((d) => d.name === database);
    if (!db) throw new Error(`unknown database ${database}`);
    db.setDiskFull(full);
  }

  setDnsResolutionFailing(failing: boolean): void {
    this.routing.setResolutionFailing(failing, this.ctx.sim.now);
  }

  /** The dependency stops answering (every attempt waits out its timeout), or answers again. */
  setDependencyHanging(dependency: string, hanging: boolean): void {
    const externals = this.tier.calls.externals;
    externals.setHanging(externals.indexOf(dependency), hanging);
  }

  setDependencyErrorRate(dependency: string, errorRate: number | undefined): void {
    const externals = this.tier.calls.externals;
    externals.setErrorRate(externals.indexOf(dependency), errorRate);
  }

  setDependencySlowdown(dependency: string, factor: number): void {
    const externals = this.tier.calls.externals;
    externals.setSlowdown(externals.indexOf(dependency), factor);
  }

  /** A partition between a dependency and its callers (fault `id`); undefined heals it. */
  setDependencyCut(id: number, cut: DependencyCutConfig | undefined, label: string): void {
    const calls = this.tier.calls;
    calls.cuts.remove(id);
    this.tier.data.cuts.remove(id);
    if (cut) {
      const { kind, name } = cut.callers;
      const toDatabase = cut.dependency.kind === "database";
      const cuts = toDatabase ? this.tier.data.cuts : calls.cuts;
      cuts.add({
        id,
        target: toDatabase
          ? this.databases.findIndex((db) => db.name === cut.dependency.name)
          : calls.externals.indexOf(cut.dependency.name),
        service: kind === "service" ? this.config.services.findIndex((s) => s.name === name) : -1,
        region: kind === "region" ? this.ctx.topology.regionNames.indexOf(name) : -1,
        zone: kind === "zone" ? this.ctx.topology.zoneIds.indexOf(name) : -1,
        requests: cut.requests,
        answers: cut.answers,
      });
    }
    this.ctx.trace.add(this.ctx.sim.now, cut ? "network.ruleAdded" : "network.ruleRemoved", label);
  }

  private instanceIndex(node: string): number {
    const instance = this.tier.instanceIds.indexOf(node);
    if (instance < 0) throw new Error(`unknown instance ${node}`);
    return instance;
  }

  /** Brings every node's up/down state in line with its crashes and failure domains. */
  refreshLiveness(kinds = { up: "node.restarted", down: "node.crashed" }): void {
    const { topology, sim } = this.ctx;
    const tier = this.tier;
    for (let instance = 0; instance < tier.instanceIds.length; instance++) {
      const up =
        tier.provisioned[instance] === 1 &&
        tier.crashes[instance] === 0 &&
        topology.isZoneUp(tier.instanceZone[instance]);
      if (up === (tier.alive[instance] === 1)) continue;
      if (up) tier.restart(instance);
      else tier.crash(instance);
      this.announceNode(tier.instanceIds[instance], up, kinds);
    }
    for (const db of this.databases) {
      db.nodeIds.forEach((id, member) => {
        const up = db.nodeCrashes[member] === 0 && topology.isZoneUp(db.nodeZones[member]);
        if (up === db.nodeAlive[member]) return;
        db.setNodeAlive(member, up, sim.now);
        this.announceNode(id, up, kinds);
      });
    }
  }

  private announceNode(id: string, up: boolean, kinds: { up: string; down: string }): void {
    this.ctx.controlPlane.change(this.ctx.sim.now, { kind: up ? kinds.up : kinds.down, subject: id }, (draft) => {
      draft.components[id] = up ? "up" : kinds.down === "node.removed" ? "absent" : "down";
    });
  }

  private announceDomain(id: string, down: boolean): void {
    this.ctx.controlPlane.change(
      this.ctx.sim.now,
      { kind: down ? "domain.failed" : "domain.restored", subject: id },
      (draft) => {
        draft.components[id] = down ? "down" : "up";
      },
    );
  }
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
