// Regional load balancers, one per (service, region). Each health-checks its targets on an
// interval and routes only to targets it believes healthy: a dead target keeps receiving
// traffic until `unhealthyThreshold` checks in a row have failed.

import type { RandomStream } from "../../engine/index.js";
import type { HealthCheckConfig, ServiceConfig } from "../core/index.js";
import { FoldedLever, type ModelContext, nextTickUs, Priority } from "../core/index.js";
import type { ServiceTier } from "./service-tier.js";

interface LoadBalancerState {
  id: string;
  service: number;
  region: number;
  targets: Int32Array;
  believedHealthy: Uint8Array;
  failStreak: Int32Array;
  passStreak: Int32Array;
  cursor: number;
  leastOutstanding: boolean;
  healthCheck: HealthCheckConfig;
  /** When its checks tick: at phaseUs + k × interval. */
  phaseUs: number;
  /** Bumped when it falls asleep or wakes: a tick of another generation is stale. */
  generation: number;
  asleep: boolean;
}

export class LoadBalancers {
  readonly balancers: LoadBalancerState[] = [];
  /** balancer index by service × region (−1 where the service is not deployed). */
  private readonly byServiceRegion: Int32Array;
  private readonly regionCount: number;
  private readonly checkCode: number;
  /** Load-balancer outages, keyed by fault: a balancer answers nothing while any holds it. */
  readonly outages: FoldedLever;

  constructor(
    private readonly ctx: ModelContext,
    services: ServiceConfig[],
    private readonly tier: ServiceTier,
  ) {
    const { topology } = ctx;
    this.regionCount = topology.regionNames.length;
    this.byServiceRegion = new Int32Array(services.length * this.regionCount).fill(-1);
    this.checkCode = ctx.sim.register("lb.healthCheck", (balancer, generation) => this.check(balancer, generation));
    services.forEach((service, s) => {
      topology.regionNames.forEach((regionName, region) => {
        const targets: number[] = [];
        tier.instanceIds.forEach((_, instance) => {
          if (tier.instanceService[instance] === s && topology.zoneRegion[tier.instanceZone[instance]] === region) {
            targets.push(instance);
          }
        });
        if (targets.length === 0) return;
        const index = this.balancers.length;
        this.byServiceRegion[s * this.regionCount + region] = index;
        // Checks start at a random phase, so detection takes between (k−1) and k intervals.
        const phase: RandomStream = ctx.streams.fork(`lb/${service.name}/${regionName}`);
        const phaseUs = Math.round(phase.next() * service.healthCheck.intervalUs);
        this.balancers.push({
          id: `lb/${service.name}/${regionName}`,
          service: s,
          region,
          targets: Int32Array.from(targets),
          believedHealthy: Uint8Array.from(targets.map((instance) => tier.provisioned[instance])),
          failStreak: new Int32Array(targets.length),
          passStreak: new Int32Array(targets.length),
          cursor: 0,
          leastOutstanding: service.balancing === "least-outstanding",
          healthCheck: service.healthCheck,
          phaseUs,
          generation: 0,
          asleep: false,
        });
        ctx.sim.at(phaseUs, this.checkCode, index, 0, Priority.control);
      });
    });
    this.outages = new FoldedLever({
      name: "balancer.outage",
      targets: this.balancers.length,
      rule: "count",
      now: () => ctx.sim.now,
    });
    ctx.lazy.add((nowUs) => this.wake(nowUs));
  }

  /** The balancer by its id (lb/<service>/<region>), or −1. */
  indexOf(id: string): number {
    return this.balancers.findIndex((lb) => lb.id === id);
  }

  /** The balancer answers: its region is up and no outage holds it. */
  isUp(balancer: number): boolean {
    return this.outages.values[balancer] === 0 && this.ctx.topology.isRegionUp(this.balancers[balancer].region);
  }

  private wake(nowUs: number): void {
    this.balancers.forEach((lb, index) => {
      if (!lb.asleep) return;
      lb.asleep = false;
      lb.generation++;
      const atUs = nextTickUs(lb.phaseUs, lb.healthCheck.intervalUs, nowUs);
      this.ctx.sim.at(atUs, this.checkCode, index, lb.generation, Priority.control);
    });
  }

  balancerFor(service: number, region: number): number {
    return this.byServiceRegion[service * this.regionCount + region];
  }

  /** The target for the next request, or −1 when no target is believed healthy (or the balancer is down). */
  pick(balancer: number): number {
    if (this.outages.values[balancer] > 0) return -1;
    const lb = this.balancers[balancer];
    const n = lb.targets.length;
    let chosen = -1;
    let chosenLoad = Number.POSITIVE_INFINITY;
    let k = lb.cursor;
    for (let step = 0; step < n; step++, k = k + 1 === n ? 0 : k + 1) {
      if (lb.believedHealthy[k] === 0) continue;
      if (!lb.leastOutstanding) {
        chosen = k;
        break;
      }
      const load = this.tier.outstanding(lb.targets[k]);
      if (load < chosenLoad) {
        chosen = k;
        chosenLoad = load;
        if (load === 0) break; // an idle target cannot be beaten (ties go to the first)
      }
    }
    if (chosen < 0) return -1;
    lb.cursor = (chosen + 1) % n;
    return lb.targets[chosen];
  }

  /** True when the balancer answers and has at least one target in rotation. */
  hasHealthyTarget(balancer: number): boolean {
    return this.outages.values[balancer] === 0 && this.balancers[balancer].believedHealthy.includes(1);
  }

  private check(balancer: number, generation: number): void {
    const { sim, lazy } = this.ctx;
    const lb = this.balancers[balancer];
    lazy.ticked();
    if (generation !== lb.generation) return; // it fell asleep since
    // Per request the next check is scheduled first, as it always was; a fluid run decides after.
    if (!lazy.enabled) sim.schedule(lb.healthCheck.intervalUs, this.checkCode, balancer, 0, Priority.control);
    if (!this.isUp(balancer)) {
      this.sleepOrTick(lb, balancer); // the balancer itself is down: it checks nothing
      return;
    }
    for (let k = 0; k < lb.targets.length; k++) {
      const instance = lb.targets[k];
      // Nothing there to check, or on its way out: it stays out of rotation.
      if (this.tier.provisioned[instance] === 0 || this.tier.draining[instance] === 1) continue;
      if (this.tier.passesHealthCheck(instance, sim.now)) {
        lb.failStreak[k] = 0;
        lb.passStreak[k]++;
        if (lb.believedHealthy[k] === 0 && lb.passStreak[k] >= lb.healthCheck.healthyThreshold) {
          lb.believedHealthy[k] = 1;
          this.announce(lb, instance, true);
        }
      } else {
        lb.passStreak[k] = 0;
        lb.failStreak[k]++;
        if (lb.believedHealthy[k] === 1 && lb.failStreak[k] >= lb.healthCheck.unhealthyThreshold) {
          lb.believedHealthy[k] = 0;
          this.announce(lb, instance, false);
        }
      }
    }
    this.sleepOrTick(lb, balancer);
  }

  /**
   * In the fluid fidelity, a balancer whose every target is believed what it is, with no check
   * pending to confirm, sleeps until the world changes (core/lazy-checks.ts). A target failing
   * checks through a fault may flap with time alone: its balancer never sleeps.
   */
  private sleepOrTick(lb: LoadBalancerState, balancer: number): void {
    if (!this.ctx.lazy.enabled) return;
    if (!this.atRest(lb, balancer)) {
      this.ctx.sim.schedule(lb.healthCheck.intervalUs, this.checkCode, balancer, lb.generation, Priority.control);
      return;
    }
    lb.asleep = true;
    lb.generation++;
  }

  private atRest(lb: LoadBalancerState, balancer: number): boolean {
    if (this.isUp(balancer)) {
      for (let k = 0; k < lb.targets.length; k++) {
        const instance = lb.targets[k];
        if (this.tier.provisioned[instance] === 0 || this.tier.draining[instance] === 1) continue;
        if (this.tier.healthCheckFaults(instance) > 0) return false;
        const atRest =
          this.tier.alive[instance] === 1
            ? lb.believedHealthy[k] === 1 && lb.failStreak[k] === 0
            : lb.believedHealthy[k] === 0 && lb.passStreak[k] === 0;
        if (!atRest) return false;
      }
    }
    return true;
  }

  /** Takes a target out of rotation at once (connection draining before it is removed). */
  drain(instance: number): void {
    for (const lb of this.balancers) {
      const k = lb.targets.indexOf(instance);
      if (k < 0 || lb.believedHealthy[k] === 0) continue;
      lb.believedHealthy[k] = 0;
      lb.passStreak[k] = 0;
      this.announce(lb, instance, false, "lb.targetDrained");
    }
  }

  private announce(lb: LoadBalancerState, instance: number, inRotation: boolean, kind?: "lb.targetDrained"): void {
    const { sim, controlPlane } = this.ctx;
    this.ctx.lazy.changed();
    const target = this.tier.instanceIds[instance];
    controlPlane.change(
      sim.now,
      {
        kind: kind ?? (inRotation ? "lb.targetRestored" : "lb.targetEjected"),
        subject: target,
        data: { balancer: lb.id },
      },
      (draft) => {
        draft.loadBalancers[lb.id][target] = inRotation;
      },
    );
  }
}
