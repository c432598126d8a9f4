// Rolling a change — a new version (deploy) or a configuration push — out to a service's
// instances, wave by wave: each wave is applied (taking `step`), then baked while the changed
// instances' error rate is watched. A breach rolls everything back automatically; without
// automated rollback a person does it after `manualRollback`; otherwise the next wave starts.

import { compare } from "./comparison.js";
import type { RolloutConfig, ServiceConfig } from "./config.js";
import { type ModelContext, Priority } from "./context.js";
import type { ServiceTier } from "./service-tier.js";

/** How often a rollout's error rate is sampled while a wave bakes. */
const EVALUATE_EVERY_US = 10_000_000;
/** Fewer changed requests than this in the window say nothing about the change. */
const EVIDENCE_MIN = 20;

export type ChangeKind = "deploy" | "config";

export interface Change {
  errorRate: number;
  slowdown: number;
  label: string;
}

interface ActiveRollout {
  service: number;
  kind: ChangeKind;
  config: RolloutConfig;
  change: Change;
  waves: number[][];
  wave: number;
  /** Generation: events of an earlier rollout of the same (service, kind) are dropped. */
  generation: number;
  applied: Set<number>;
  samples: { timeUs: number; served: number; failed: number }[];
  done: boolean;
}

export class Rollouts {
  private readonly active: (ActiveRollout | undefined)[];
  private readonly generations: Int32Array;
  private readonly applyCode: number;
  private readonly bakedCode: number;
  private readonly evaluateCode: number;
  private readonly rollbackCode: number;
  private readonly revertCode: number;
  rollbacks = 0;

  constructor(
    private readonly ctx: ModelContext,
    private readonly services: ServiceConfig[],
    private readonly tier: ServiceTier,
  ) {
    this.active = services.flatMap(() => [undefined, undefined]);
    this.generations = new Int32Array(services.length * 2);
    const sim = ctx.sim;
    this.applyCode = sim.register("rollout.applyWave", (slot, generation) =>
      this.ifCurrent(slot, generation, (r) => this.applyWave(r)),
    );
    this.bakedCode = sim.register("rollout.baked", (slot, generation) =>
      this.ifCurrent(slot, generation, (r) => this.baked(r, slot)),
    );
    this.evaluateCode = sim.register("rollout.evaluate", (slot, generation) =>
      this.ifCurrent(slot, generation, (r) => this.evaluate(r, slot)),
    );
    this.rollbackCode = sim.register("rollout.manualRollback", (slot, generation) =>
      this.ifCurrent(slot, generation, (r) => this.rollBack(r, slot, "by an operator")),
    );
    this.revertCode = sim.register("rollout.reverted", (slot, generation) =>
      this.ifCurrent(slot, generation, (r) => this.reverted(r)),
    );
  }

  /** Starts rolling `change` out to a service's instances with its deploy or config policy. */
  start(serviceName: string, kind: ChangeKind, change: Change): void {
    const service = this.services.findIndex((s) => s.name === serviceName);
    if (service < 0) throw new Error(`unknown service ${serviceName}`);
    const slot = service * 2 + (kind === "deploy" ? 0 : 1);
    const config = kind === "deploy" ? this.services[service].deploy : this.services[service].config;
    const generation = ++this.generations[slot];
    const rollout: ActiveRollout = {
      service,
      kind,
      config,
      change,
      waves: this.wavesOf(service, config),
      wave: -1,
      generation,
      applied: new Set(),
      samples: [],
      done: false,
    };
    this.active[slot] = rollout;
    this.ctx.trace.add(this.ctx.sim.now, `${kind}.started`, serviceName, change.label);
    this.nextWave(rollout, slot);
    if (config.manualRollbackUs !== undefined) {
      this.ctx.sim.schedule(config.manualRollbackUs, this.rollbackCode, slot, generation, Priority.control);
    }
    if (config.rollback)
      this.ctx.sim.schedule(EVALUATE_EVERY_US, this.evaluateCode, slot, generation, Priority.control);
  }

  private ifCurrent(slot: number, generation: number, act: (rollout: ActiveRollout) => void): void {
    const rollout = this.active[slot];
    if (rollout !== undefined && rollout.generation === generation) act(rollout);
  }

  /** Cumulative fractions become nested groups of instances; by-region, one region per wave. */
  private wavesOf(service: number, config: RolloutConfig): number[][] {
    const { topology } = this.ctx;
    const instances = this.tier.instanceIds.map((_, i) => i).filter((i) => this.tier.instanceService[i] === service);
    if (config.waves === "by-region") {
      const regions = [...new Set(instances.map((i) => topology.zoneRegion[this.tier.instanceZone[i]]))];
      return regions.map((region) =>
        instances.filter((i) => topology.zoneRegion[this.tier.instanceZone[i]] === region),
      );
    }
    let taken = 0;
    return config.waves.map((fraction) => {
      const upTo = Math.max(taken + 1, Math.min(instances.length, Math.ceil(fraction * instances.length)));
      const wave = instances.slice(taken, upTo);
      taken = upTo;
      return wave;
    });
  }

  private nextWave(rollout: ActiveRollout, slot: number): void {
    rollout.wave++;
    if (rollout.wave >= rollout.waves.length || rollout.waves[rollout.wave].length === 0) {
      rollout.done = true;
      this.ctx.trace.add(this.ctx.sim.now, `${rollout.kind}.completed`, this.services[rollout.service].name);
      return;
    }
    // Blue-green: the green fleet is brought up (step), then the load balancers switch to it.
    const { config } = rollout;
    const delayUs = config.strategy === "blue-green" ? config.stepUs + config.switchUs : config.stepUs;
    this.ctx.sim.schedule(delayUs, this.applyCode, slot, rollout.generation, Priority.control);
  }

  private applyWave(rollout: ActiveRollout): void {
    const { sim, trace } = this.ctx;
    const wave = rollout.waves[rollout.wave];
    for (const instance of wave) {
      if (rollout.applied.has(instance)) continue;
      rollout.applied.add(instance);
      this.tier.changed[instance] = 1;
      this.tier.changeErrorRate[instance] = rollout.change.errorRate;
      this.tier.slowdown[instance] *= rollout.change.slowdown;
    }
    const total = rollout.waves.reduce((n, w) => n + w.length, 0);
    const service = this.services[rollout.service].name;
    if (rollout.config.strategy === "blue-green") {
      const keptMin = rollout.config.bakeUs / 60e6;
      trace.add(sim.now, `${rollout.kind}.switched`, service, `all traffic on green; blue kept for ${keptMin} min`);
    } else {
      trace.add(
        sim.now,
        `${rollout.kind}.waveApplied`,
        service,
        `wave ${rollout.wave + 1}/${rollout.waves.length}: ${rollout.applied.size} of ${total} instances`,
      );
    }
    const slot = rollout.service * 2 + (rollout.kind === "deploy" ? 0 : 1);
    sim.schedule(rollout.config.bakeUs, this.bakedCode, slot, rollout.generation, Priority.control);
  }

  private baked(rollout: ActiveRollout, slot: number): void {
    if (!rollout.done) this.nextWave(rollout, slot);
  }

  /** Samples the changed instances' outcomes; rolls back when the window's error rate breaches. */
  private evaluate(rollout: ActiveRollout, slot: number): void {
    const { sim } = this.ctx;
    const rule = rollout.config.rollback;
    if (!rule) return;
    sim.schedule(EVALUATE_EVERY_US, this.evaluateCode, slot, rollout.generation, Priority.control);
    const sample = {
      timeUs: sim.now,
      served: this.tier.changedServed[rollout.service],
      failed: this.tier.changedFailed[rollout.service],
    };
    rollout.samples.push(sample);
    const from = rollout.samples.find((s) => s.timeUs >= sim.now - rule.windowUs) ?? sample;
    const served = sample.served - from.served;
    if (served < EVIDENCE_MIN) return;
    const errorRate = (sample.failed - from.failed) / served;
    if (compare(errorRate, rule.errorRate)) {
      this.rollBack(rollout, slot, `automatically: error rate ${(errorRate * 100).toFixed(1)}% on changed instances`);
    }
  }

  private rollBack(rollout: ActiveRollout, slot: number, why: string): void {
    const { sim, trace } = this.ctx;
    if (rollout.applied.size === 0 && rollout.done) return;
    this.rollbacks++;
    trace.add(sim.now, `${rollout.kind}.rolledBack`, this.services[rollout.service].name, why);
    const revertUs = this.revertDelayUs(rollout);
    rollout.done = true;
    // Stop the rollout's own events (waves, evaluation) and revert.
    const generation = ++this.generations[slot];
    rollout.generation = generation;
    sim.schedule(revertUs, this.revertCode, slot, generation, Priority.control);
  }

  /**
   * Waves are reverted like they were applied, one step. Blue-green switches back while blue is
   * still kept (within the bake after the switch); once blue is retired it must be rebuilt and
   * switched to, like green was.
   */
  private revertDelayUs(rollout: ActiveRollout): number {
    const { config } = rollout;
    if (config.strategy === "waves") return config.stepUs;
    if (rollout.applied.size === 0) return 0; // still building green: nothing to undo
    // Blue retired: it is rebuilt (step), then traffic switches to it, as for green.
    return rollout.done ? config.stepUs + config.switchUs : config.switchUs;
  }

  private reverted(rollout: ActiveRollout): void {
    for (const instance of rollout.applied) {
      this.tier.changed[instance] = 0;
      this.tier.changeErrorRate[instance] = 0;
      this.tier.slowdown[instance] /= rollout.change.slowdown;
    }
    rollout.applied.clear();
    this.ctx.trace.add(this.ctx.sim.now, `${rollout.kind}.reverted`, this.services[rollout.service].name);
  }
}
