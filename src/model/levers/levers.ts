// The levers faults pull, behind one door: a fault applies an effect (effects.ts) keyed by
// itself, and removes it — or all of its effects — when it ends. This file knows which
// component owns each lever and what else must follow a change (nodes restart or die,
// databases re-check who can replicate, clients redraw their next arrival); the components
// fold the active effects themselves (folded-lever.ts).

import { invariant } from "../../engine/index.js";
import type { ModelContext } from "../core/index.js";
import { emit } from "../core/index.js";
import type { Database } from "../data/index.js";
import type { Queues } from "../dependencies/index.js";
import type { GlobalRouting, LoadBalancers, ServiceTier, Workload } from "../traffic/index.js";
import { type Effect, effectTarget, sameEffect } from "./effects.js";

/** What the levers act on. */
export interface LeverHost {
  ctx: ModelContext;
  /** The design's services and clients, in declaration order (their indexes are the components'). */
  services: readonly { name: string }[];
  clients: readonly { name: string }[];
  tier: ServiceTier;
  databases: Database[];
  workload: Workload;
  routing: GlobalRouting;
  balancers: LoadBalancers;
  queues: Queues;
  /** Brings every node's up/down state in line with its crashes and failure domains. */
  refreshLiveness(): void;
  /** Records a region or zone going down or coming back in the control-plane state. */
  announceDomain(id: string, down: boolean): void;
}

export class Levers {
  /** The effects each fault holds now, in the order it applied them. */
  private readonly held = new Map<number, Effect[]>();
  private readonly instanceIndex = new Map<string, number>();
  private readonly clientIndex = new Map<string, number>();
  private readonly serviceIndex = new Map<string, number>();

  constructor(private readonly host: LeverHost) {
    host.tier.instanceIds.forEach((id, index) => {
      this.instanceIndex.set(id, index);
    });
    host.clients.forEach((client, index) => {
      this.clientIndex.set(client.name, index);
    });
    host.services.forEach((service, index) => {
      this.serviceIndex.set(service.name, index);
    });
  }

  /** Fault `key` holds `effect` from now on (or, already holding it, with its new value). */
  apply(key: number, effect: Effect): void {
    const effects = this.held.get(key) ?? [];
    const at = effects.findIndex((held) => sameEffect(held, effect));
    if (at >= 0) effects[at] = effect;
    else effects.push(effect);
    this.held.set(key, effects);
    this.pull(key, effect, true);
  }

  /** Fault `key` no longer holds `effect`; it must hold it. */
  remove(key: number, effect: Effect): void {
    const effects = this.held.get(key) ?? [];
    const at = effects.findIndex((held) => sameEffect(held, effect));
    invariant(at >= 0, `lever ${effect.lever}`, this.host.ctx.sim.now, () => {
      return `fault #${key} removed an effect on ${effectTarget(effect)} it does not hold`;
    });
    const [removed] = effects.splice(at, 1);
    if (effects.length === 0) this.held.delete(key);
    this.pull(key, removed, false);
  }

  /** Every effect fault `key` holds is removed, in the order it applied them. */
  removeAll(key: number): void {
    for (const effect of [...(this.held.get(key) ?? [])]) this.remove(key, effect);
  }

  /** The effects fault `key` holds now. */
  heldBy(key: number): readonly Effect[] {
    return this.held.get(key) ?? [];
  }

  /** How many faults hold at least one effect now. */
  get faultsHolding(): number {
    return this.held.size;
  }

  private pull(key: number, effect: Effect, on: boolean): void {
    const { tier, ctx } = this.host;
    switch (effect.lever) {
      case "region.outage":
      case "zone.outage": {
        const isRegion = effect.lever === "region.outage";
        const id = isRegion ? effect.region : effect.zone;
        const lever = isRegion ? ctx.topology.regionOutages : ctx.topology.zoneOutages;
        const index = isRegion ? ctx.topology.regionIndex(id) : ctx.topology.zoneIndex(id);
        toggle(lever, index, key, on);
        this.host.announceDomain(id, lever.values[index] > 0);
        this.host.refreshLiveness();
        return;
      }
      case "balancer.outage": {
        const balancers = this.host.balancers;
        const id = `lb/${effect.service}/${effect.region}`;
        const balancer = balancers.indexOf(id);
        toggle(balancers.outages, balancer, key, on);
        this.host.announceDomain(id, balancers.outages.values[balancer] > 0);
        return;
      }
      case "node.crash": {
        const instance = this.instanceIndex.get(effect.node);
        if (instance !== undefined) toggle(tier.crashes, instance, key, on);
        for (const db of this.host.databases) {
          const member = db.nodeIds.indexOf(effect.node);
          if (member >= 0) toggle(db.nodeCrashes, member, key, on);
        }
        this.host.refreshLiveness();
        return;
      }
      case "instance.slowdown":
        toggle(tier.slowdown, this.instance(effect.instance), key, on, effect.factor);
        return;
      case "instance.healthCheckFailing": {
        const instance = this.instance(effect.instance);
        if (on) tier.failHealthChecks(instance, key, effect.flapEveryUs ?? 0);
        else tier.passHealthChecks(instance, key);
        return;
      }
      case "client.traffic":
      case "client.flood": {
        const client = this.client(effect.client);
        const workload = this.host.workload;
        if (effect.lever === "client.traffic") toggle(workload.traffic, client, key, on, effect.multiplier);
        else toggle(workload.floods, client, key, on, effect.perSecond);
        workload.rateChanged(client);
        return;
      }
      case "replica.lag":
        this.changeLag(effect.database, effect.replica, key, on, effect.lagUs);
        return;
      case "database.diskFull":
        toggle(this.database(effect.database).diskFull, 0, key, on);
        return;
      case "dns.resolutionFailing":
        this.host.routing.setResolutionFailing(key, on);
        return;
      case "queue.consumersDown": {
        const queues = this.host.queues;
        queues.setConsumersDown(queues.indexOf(effect.queue), key, on);
        return;
      }
      case "cache.down": {
        const service = this.service(effect.service);
        if (tier.data.caches.setDown(service, key, on, ctx.sim.now))
          emit(ctx.trace, ctx.sim.now, { kind: on ? "cache.failed" : "cache.restored", subject: effect.service });
        return;
      }
      case "dependency.hanging":
      case "dependency.errors":
      case "dependency.slowdown": {
        const externals = tier.calls.externals;
        const dependency = externals.indexOf(effect.dependency);
        if (effect.lever === "dependency.hanging") toggle(externals.hanging, dependency, key, on);
        else if (effect.lever === "dependency.errors")
          toggle(externals.errorRates, dependency, key, on, effect.errorRate);
        else toggle(externals.slowdowns, dependency, key, on, effect.factor);
        return;
      }
      case "network.rule":
        if (on) ctx.network.add({ ...effect.rule, id: key });
        else ctx.network.remove(key);
        emit(ctx.trace, ctx.sim.now, { kind: on ? "network.ruleAdded" : "network.ruleRemoved", subject: effect.label });
        for (const db of this.host.databases) db.onNetworkChanged(ctx.sim.now);
        return;
      case "dependency.cut":
        this.changeCut(key, effect, on);
        return;
    }
  }

  private changeLag(database: string, replica: string, key: number, on: boolean, lagUs: number): void {
    const { ctx } = this.host;
    const db = this.database(database);
    const node = db.nodeIds.indexOf(`${database}/${replica}`);
    if (node < 0) throw new Error(`unknown replica ${database}/${replica}`);
    toggle(db.lagRaisedUs, node, key, on, lagUs);
    const lagS = db.effectiveLagUs(node) / 1e6;
    ctx.controlPlane.change(
      ctx.sim.now,
      { kind: "db.lagChanged", subject: `${database}/${replica}`, data: { lagS, designLagS: db.lagUs[node] / 1e6 } },
      (draft) => {
        const view = draft.databases[database].replicas[replica];
        if (view) view.lagS = lagS;
      },
    );
  }

  private changeCut(key: number, effect: Extract<Effect, { lever: "dependency.cut" }>, on: boolean): void {
    const { tier, ctx, databases } = this.host;
    const { cut, label } = effect;
    const toDatabase = cut.dependency.kind === "database";
    const cuts = toDatabase ? tier.data.cuts : tier.calls.cuts;
    if (on) {
      const { kind, name } = cut.callers;
      cuts.add({
        id: key,
        target: toDatabase
          ? databases.findIndex((db) => db.name === cut.dependency.name)
          : tier.calls.externals.indexOf(cut.dependency.name),
        service: kind === "service" ? this.service(name) : -1,
        region: kind === "region" ? ctx.topology.regionIndex(name) : -1,
        zone: kind === "zone" ? ctx.topology.zoneIndex(name) : -1,
        requests: cut.requests,
        answers: cut.answers,
      });
    } else cuts.remove(key);
    emit(ctx.trace, ctx.sim.now, { kind: on ? "network.ruleAdded" : "network.ruleRemoved", subject: label });
  }

  private instance(id: string): number {
    const index = this.instanceIndex.get(id);
    if (index === undefined) throw new Error(`unknown instance ${id}`);
    return index;
  }

  private client(name: string): number {
    const index = this.clientIndex.get(name);
    if (index === undefined) throw new Error(`unknown client ${name}`);
    return index;
  }

  private service(name: string): number {
    const index = this.serviceIndex.get(name);
    if (index === undefined) throw new Error(`unknown service ${name}`);
    return index;
  }

  private database(name: string): Database {
    const db = this.host.databases.find((d) => d.name === name);
    if (!db) throw new Error(`unknown database ${name}`);
    return db;
  }
}

function toggle(
  lever: { set(target: number, key: number, value?: number): void; clear(target: number, key: number): void },
  target: number,
  key: number,
  on: boolean,
  value = 1,
): void {
  if (on) lever.set(target, key, value);
  else lever.clear(target, key);
}
