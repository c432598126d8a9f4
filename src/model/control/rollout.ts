// Rolling a change — a new version (deploy) or a configuration push — out to a service's
// instances, wave by wave: each wave is applied (taking `step`), then baked while the changed
// instances' error rate is watched. A breach rolls everything back automatically; without
// automated rollback a person does it after `manualRollback`; otherwise the next wave starts.
// Each change is a rollout of its own, keyed by the fault that started it: it installs its
// slowdown and error rate on the instances it reaches as effects, and removes them when it is
// reverted, so two changes that overlap (a slow version during a bad config push) compose.

import type { RolloutConfig, ServiceConfig } from "../core/index.js";
import { compare, emit, type ModelContext, Priority } from "../core/index.js";
import type { ServiceTier } from "../traffic/index.js";

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
  /** The fault that started it: keys its effects and its events. */
  key: number;
  service: number;
  kind: ChangeKind;
  config: RolloutConfig;
  change: Change;
  waves: number[][];
  wave: number;
  /** Events of an earlier phase (waves and checks before a rollback) carry an older generation and are dropped. */
  generation: number;
  applied: Set<number>;
  /** The changed instances' counters when they were changed, so only what they served since counts. */
  servedBefore: number;
  failedBefore: number;
  samples: { timeUs: number; served: number; failed: number }[];
  done: boolean;
  /** Called once the change is gone from every instance (reverted). */
  onReverted: () => void;
}

export class Rollouts {
  private readonly active = new Map<number, ActiveRollout>();
  private readonly applyCode: number;
  private readonly bakedCode: number;
  private readonly evaluateCode: number;
  private readonly rollbackCode: number;
  private readonly revertCode: number;
  rollbacks = 0;
  /**
   * Brings what instances served up to now before it is read: set in the fluid fidelity, whose
   * traffic adds it up between instants (observers/fluid-traffic.ts).
   */
  beforeEvaluate: ((nowUs: number) => void) | undefined = undefined;

  constructor(
    private readonly ctx: ModelContext,
    private readonly services: ServiceConfig[],
    private readonly tier: ServiceTier,
  ) {
    const sim = ctx.sim;
    this.applyCode = sim.register("rollout.applyWave", (key, generation) =>
      this.ifCurrent(key, generation, (r) => this.applyWave(r)),
    );
    this.bakedCode = sim.register("rollout.baked", (key, generation) =>
      this.ifCurrent(key, generation, (r) => this.baked(r)),
    );
    this.evaluateCode = sim.register("rollout.evaluate", (key, generation) =>
      this.ifCurrent(key, generation, (r) => this.evaluate(r)),
    );
    this.rollbackCode = sim.register("rollout.manualRollback", (key, generation) =>
      this.ifCurrent(key, generation, (r) => this.rollBack(r, {})),
    );
    this.revertCode = sim.register("rollout.reverted", (key, generation) =>
      this.ifCurrent(key, generation, (r) => this.reverted(r)),
    );
  }

  /**
   * Starts rolling `change` out to a service's instances with its deploy or config policy, as
   * fault `key`; `onReverted` is called when a rollback has taken it off every instance.
   */
  start(serviceName: string, kind: ChangeKind, change: Change, key: number, onReverted: () => void): void {
    const service = this.services.findIndex((s) => s.name === serviceName);
    if (service < 0) throw new Error(`unknown service ${serviceName}`);
    if (this.active.has(key)) throw new Error(`fault #${key} already rolls out a change`);
    const config = kind === "deploy" ? this.services[service].deploy : this.services[service].config;
    const rollout: ActiveRollout = {
      key,
      service,
      kind,
      config,
      change,
      waves: this.wavesOf(service, config),
      wave: -1,
      generation: 0,
      applied: new Set(),
      servedBefore: 0,
      failedBefore: 0,
      samples: [],
      done: false,
      onReverted,
    };
    this.active.set(key, rollout);
    emit(this.ctx.trace, this.ctx.sim.now, {
      kind: `${kind}.started`,
      subject: serviceName,
      data: { label: change.label },
    });
    this.nextWave(rollout);
    if (config.manualRollbackUs !== undefined) {
      this.ctx.sim.schedule(config.manualRollbackUs, this.rollbackCode, key, 0, Priority.control);
    }
    if (config.rollback) this.ctx.sim.schedule(EVALUATE_EVERY_US, this.evaluateCode, key, 0, Priority.control);
  }

  private ifCurrent(key: number, generation: number, act: (rollout: ActiveRollout) => void): void {
    const rollout = this.active.get(key);
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

  private nextWave(rollout: ActiveRollout): void {
    rollout.wave++;
    if (rollout.wave >= rollout.waves.length || rollout.waves[rollout.wave].length === 0) {
      rollout.done = true;
      const subject = this.services[rollout.service].name;
      emit(this.ctx.trace, this.ctx.sim.now, { kind: `${rollout.kind}.completed`, subject });
      return;
    }
    // Blue-green: the green fleet is brought up (step), then the load balancers switch to it.
    const { config } = rollout;
    const delayUs = config.strategy === "blue-green" ? config.stepUs + config.switchUs : config.stepUs;
    this.ctx.sim.schedule(delayUs, this.applyCode, rollout.key, rollout.generation, Priority.control);
  }

  private applyWave(rollout: ActiveRollout): void {
    const { sim, trace } = this.ctx;
    const tier = this.tier;
    this.beforeEvaluate?.(sim.now);
    const { key, change } = rollout;
    for (const instance of rollout.waves[rollout.wave]) {
      if (rollout.applied.has(instance)) continue;
      rollout.applied.add(instance);
      rollout.servedBefore += tier.changedServed[instance];
      rollout.failedBefore += tier.changedFailed[instance];
      tier.changes.set(instance, key);
      if (change.errorRate > 0) tier.changeErrors.set(instance, key, change.errorRate);
      if (change.slowdown > 1) tier.slowdown.set(instance, key, change.slowdown);
    }
    const total = rollout.waves.reduce((n, w) => n + w.length, 0);
    const service = this.services[rollout.service].name;
    if (rollout.config.strategy === "blue-green") {
      const data = { blueKeptS: rollout.config.bakeUs / 1e6 };
      emit(trace, sim.now, { kind: `${rollout.kind}.switched`, subject: service, data });
    } else {
      const data = {
        wave: rollout.wave + 1,
        waves: rollout.waves.length,
        changed: rollout.applied.size,
        instances: total,
      };
      emit(trace, sim.now, { kind: `${rollout.kind}.waveApplied`, subject: service, data });
    }
    sim.schedule(rollout.config.bakeUs, this.bakedCode, key, rollout.generation, Priority.control);
  }

  private baked(rollout: ActiveRollout): void {
    if (!rollout.done) this.nextWave(rollout);
  }

  /** What the instances this rollout changed served since, and how many of those a change failed. */
  private changedOutcomes(rollout: ActiveRollout): { served: number; failed: number } {
    let served = -rollout.servedBefore;
    let failed = -rollout.failedBefore;
    for (const instance of rollout.applied) {
      served += this.tier.changedServed[instance];
      failed += this.tier.changedFailed[instance];
    }
    return { served, failed };
  }

  /** Samples the changed instances' outcomes; rolls back when the window's error rate breaches. */
  private evaluate(rollout: ActiveRollout): void {
    const { sim } = this.ctx;
    const rule = rollout.config.rollback;
    if (!rule) return;
    this.beforeEvaluate?.(sim.now);
    sim.schedule(EVALUATE_EVERY_US, this.evaluateCode, rollout.key, rollout.generation, Priority.control);
    const sample = { timeUs: sim.now, ...this.changedOutcomes(rollout) };
    rollout.samples.push(sample);
    // Samples older than the window are never read again.
    while (rollout.samples.length > 1 && rollout.samples[0].timeUs < sim.now - rule.windowUs) rollout.samples.shift();
    const from = rollout.samples.find((s) => s.timeUs >= sim.now - rule.windowUs) ?? sample;
    const served = sample.served - from.served;
    if (served < EVIDENCE_MIN) return;
    const errorRate = (sample.failed - from.failed) / served;
    if (compare(errorRate, rule.errorRate)) {
      this.rollBack(rollout, { errorRate });
    }
  }

  /** Rolls back, automatically (`why.errorRate`: the breach) or by an operator. */
  private rollBack(rollout: ActiveRollout, why: { errorRate?: number }): void {
    const { sim, trace } = this.ctx;
    if (rollout.applied.size === 0 && rollout.done) return;
    this.rollbacks++;
    const subject = this.services[rollout.service].name;
    emit(trace, sim.now, { kind: `${rollout.kind}.rolledBack`, subject, data: why });
    const revertUs = this.revertDelayUs(rollout);
    rollout.done = true;
    // Stop the rollout's own events (waves, evaluation) and revert.
    rollout.generation++;
    sim.schedule(revertUs, this.revertCode, rollout.key, rollout.generation, Priority.control);
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
    const tier = this.tier;
    const { key, change } = rollout;
    for (const instance of rollout.applied) {
      tier.changes.clear(instance, key);
      if (change.errorRate > 0) tier.changeErrors.clear(instance, key);
      if (change.slowdown > 1) tier.slowdown.clear(instance, key);
    }
    rollout.applied.clear();
    this.active.delete(key);
    const subject = this.services[rollout.service].name;
    emit(this.ctx.trace, this.ctx.sim.now, { kind: `${rollout.kind}.reverted`, subject });
    rollout.onReverted();
  }
}
