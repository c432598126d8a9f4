// Autoscaling per (service, region): every `every`, compare slot utilisation and queue depth
// with the target; scale out by what the utilisation asks for, scale in one instance at a time
// (drained first), never within the cool-down of the last change. New instances take the
// provisioning delay to boot, then must pass their load balancer's health checks.

import { invariant } from "../../engine/index.js";
import type { AutoscalingConfig, ServiceConfig } from "../core/index.js";
import { emit, type ModelContext, Priority } from "../core/index.js";
import type { LoadBalancers, ServiceTier } from "../traffic/index.js";
import type { LivenessKinds } from "../world.js";

/** How long a drained instance keeps finishing its requests before it is removed. */
const DRAIN_US = 30_000_000;

interface ScalingGroup {
  id: string;
  config: AutoscalingConfig;
  concurrency: number;
  minimum: number;
  /** The group's instances in the order they are added (zone by zone, round robin). */
  instances: number[];
  provisioning: Set<number>;
  lastChangeUs: number;
}

export class Autoscaler {
  private readonly groups: ScalingGroup[] = [];
  private readonly evaluateCode: number;
  private readonly provisionCode: number;
  private readonly removeCode: number;
  scaleOuts = 0;
  scaleIns = 0;
  /**
   * What the instances cost in time (ARCHITECTURE.md, "Cost"): an instance is paid for from its
   * launch (the scale-out that chose it, before it boots) to its removal (after its drain),
   * crashed or not. `paidSinceUs`: NaN while it is not running; `paidUs`: closed stretches.
   */
  private readonly paidSinceUs: Float64Array;
  private readonly paidUs: Float64Array;

  constructor(
    private readonly ctx: ModelContext,
    services: ServiceConfig[],
    private readonly tier: ServiceTier,
    private readonly balancers: LoadBalancers,
    private readonly refreshLiveness: (kinds: LivenessKinds) => void,
  ) {
    const { sim, topology } = ctx;
    this.paidSinceUs = Float64Array.from(tier.provisioned, (provisioned) => (provisioned === 1 ? 0 : Number.NaN));
    this.paidUs = new Float64Array(tier.provisioned.length);
    this.evaluateCode = sim.register("autoscaler.evaluate", (group) => this.evaluate(group));
    this.provisionCode = sim.register("autoscaler.provisioned", (instance) => this.provisioned(instance));
    this.removeCode = sim.register("autoscaler.removed", (instance) => this.removed(instance));
    services.forEach((service, s) => {
      const config = service.autoscaling;
      if (!config) return;
      topology.regionNames.forEach((regionName, region) => {
        const members = tier.instanceIds
          .map((_, instance) => instance)
          .filter((i) => tier.instanceService[i] === s && topology.zoneRegion[tier.instanceZone[i]] === region);
        if (members.length === 0) return;
        const zones = [...new Set(members.map((i) => tier.instanceZone[i]))];
        const byZone = zones.map((zone) => members.filter((i) => tier.instanceZone[i] === zone));
        const ordered: number[] = [];
        for (let k = 0; k < Math.max(...byZone.map((list) => list.length)); k++) {
          for (const list of byZone) if (k < list.length) ordered.push(list[k]);
        }
        this.groups.push({
          id: `${service.name}/${regionName}`,
          config,
          concurrency: service.concurrency,
          minimum: service.instancesPerZone * zones.length,
          instances: ordered,
          provisioning: new Set(),
          lastChangeUs: Number.NEGATIVE_INFINITY,
        });
        sim.at(config.everyUs, this.evaluateCode, this.groups.length - 1, 0, Priority.control);
      });
    });
  }

  private evaluate(index: number): void {
    const { sim, trace } = this.ctx;
    const group = this.groups[index];
    const config = group.config;
    sim.schedule(config.everyUs, this.evaluateCode, index, 0, Priority.control);
    const tier = this.tier;
    const kept = (i: number) => tier.provisioned[i] === 1 && tier.draining[i] === 0;
    const serving = group.instances.filter((i) => kept(i) && tier.alive[i] === 1);
    if (serving.length === 0 || sim.now - group.lastChangeUs < config.cooldownUs) return;
    const busy = serving.reduce((sum, i) => sum + tier.busy[i], 0);
    const queued = serving.reduce((sum, i) => sum + tier.queueLength[i], 0);
    const utilization = busy / (serving.length * group.concurrency);
    const queuePerInstance = queued / serving.length;
    const provisioned = group.instances.filter(kept).length;
    if (utilization > config.targetUtilization || queuePerInstance > config.queuePerInstance) {
      // Enough instances for the target utilisation; with a queue, at least one more.
      const wanted = Math.ceil((serving.length * utilization) / config.targetUtilization);
      const add = Math.max(1, wanted - provisioned - group.provisioning.size);
      const candidates = group.instances.filter((i) => tier.provisioned[i] === 0 && !group.provisioning.has(i));
      const chosen = candidates.slice(0, add);
      if (chosen.length === 0) return;
      for (const instance of chosen) {
        group.provisioning.add(instance);
        this.paidSinceUs[instance] = sim.now;
        sim.schedule(config.provisioningUs, this.provisionCode, instance, 0, Priority.control);
      }
      group.lastChangeUs = sim.now;
      this.scaleOuts++;
      const data = { added: chosen.length, utilization, queuePerInstance };
      emit(trace, sim.now, { kind: "autoscaler.scaledOut", subject: group.id, data });
      return;
    }
    if (utilization < config.targetUtilization / 2 && provisioned > group.minimum && group.provisioning.size === 0) {
      // Remove a serving instance (a dead one is no capacity to give back).
      const last = [...group.instances].reverse().find((i) => kept(i) && tier.alive[i] === 1);
      if (last === undefined) return;
      this.tier.draining[last] = 1;
      this.balancers.drain(last);
      sim.schedule(DRAIN_US, this.removeCode, last, 0, Priority.control);
      group.lastChangeUs = sim.now;
      this.scaleIns++;
      const data = { removed: tier.instanceIds[last], utilization };
      emit(trace, sim.now, { kind: "autoscaler.scaledIn", subject: group.id, data });
    }
  }

  private provisioned(instance: number): void {
    for (const group of this.groups) group.provisioning.delete(instance);
    this.tier.provisioned[instance] = 1;
    this.refreshLiveness({ up: "node.provisioned", down: "node.crashed" });
  }

  /** Instance-microseconds paid for per service (in `services` order), up to `endUs`. */
  paidInstanceUs(serviceCount: number, endUs: number): number[] {
    const perService = new Array<number>(serviceCount).fill(0);
    for (let instance = 0; instance < this.paidUs.length; instance++) {
      const since = this.paidSinceUs[instance];
      const open = Number.isNaN(since) ? 0 : endUs - since;
      perService[this.tier.instanceService[instance]] += this.paidUs[instance] + open;
    }
    return perService;
  }

  private removed(instance: number): void {
    const since = this.paidSinceUs[instance];
    invariant(
      !Number.isNaN(since),
      "autoscaler",
      this.ctx.sim.now,
      () => `removed instance ${instance} was not running`,
    );
    this.paidUs[instance] += this.ctx.sim.now - since;
    this.paidSinceUs[instance] = Number.NaN;
    this.tier.provisioned[instance] = 0;
    this.tier.draining[instance] = 0;
    this.refreshLiveness({ up: "node.restarted", down: "node.removed" });
  }
}
