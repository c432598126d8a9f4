// Alert rules: every `every`, the error rate over the last `window` is compared with the rule's
// threshold; crossing it fires the alert (time to detect is measured from these firings).

import type { AlertConfig } from "../core/index.js";
import { type AlertPayload, compare, type ModelContext, nextTickUs, Priority } from "../core/index.js";

const US_PER_S = 1_000_000;

export class Alerting {
  private readonly firing: boolean[];
  /** Per alert, the recorder's latency watch it reads (−1: no latency condition). */
  private readonly latencyWatch: number[];
  private readonly evaluateCode: number;
  /** In the fluid fidelity, rules sleep while their window holds no change (core/lazy-checks.ts). */
  private readonly asleep: boolean[];
  private readonly generation: number[];

  constructor(
    private readonly ctx: ModelContext,
    private readonly alerts: AlertConfig[],
  ) {
    this.firing = alerts.map(() => false);
    this.latencyWatch = alerts.map((alert) =>
      alert.latencyP99AboveUs === undefined ? -1 : ctx.recorder.watchLatencyAbove(alert.latencyP99AboveUs),
    );
    this.asleep = alerts.map(() => false);
    this.generation = alerts.map(() => 0);
    this.evaluateCode = ctx.sim.register("alert.evaluate", (alert, generation) => this.evaluate(alert, generation));
    alerts.forEach((alert, i) => {
      ctx.sim.at(alert.everyUs, this.evaluateCode, i, 0, Priority.control);
    });
    ctx.lazy.add((nowUs) => this.wake(nowUs));
  }

  private wake(nowUs: number): void {
    this.alerts.forEach((alert, index) => {
      if (!this.asleep[index]) return;
      this.asleep[index] = false;
      this.generation[index]++;
      const atUs = nextTickUs(alert.everyUs, alert.everyUs, nowUs);
      this.ctx.sim.at(atUs, this.evaluateCode, index, this.generation[index], Priority.control);
    });
  }

  private evaluate(index: number, generation: number): void {
    const { sim, recorder, controlPlane, lazy } = this.ctx;
    const alert = this.alerts[index];
    lazy.ticked();
    if (generation !== this.generation[index]) return; // it fell asleep since
    if (!this.sleepIfSteady(index)) sim.schedule(alert.everyUs, this.evaluateCode, index, generation, Priority.control);
    const toS = Math.floor(sim.now / US_PER_S);
    const fromS = Math.max(0, Math.floor((sim.now - alert.windowUs) / US_PER_S));
    const { succeeded, failed } = recorder.countsBetween(fromS, toS);
    const total = succeeded + failed;
    const errorRate = total === 0 ? 0 : failed / total;
    const errorsBreached = alert.errorRate !== undefined && total > 0 && compare(errorRate, alert.errorRate);
    // p99 above the bound ⇔ more than 1% of the successes were slower than it.
    let slowShare = 0;
    const watch = this.latencyWatch[index];
    if (watch >= 0 && succeeded > 0) {
      let slow = 0;
      for (let s = fromS; s < Math.min(toS, recorder.seconds); s++) slow += recorder.slowPerSecond[watch][s];
      slowShare = slow / succeeded;
    }
    const latencyBreached = watch >= 0 && slowShare > 0.01;
    const breached = errorsBreached || latencyBreached;
    if (breached === this.firing[index]) return;
    this.firing[index] = breached;
    lazy.changed();
    const data: AlertPayload = {
      probe: false,
      windowS: alert.windowUs / US_PER_S,
      ...(alert.errorRate === undefined ? {} : { errorRate }),
      ...(watch < 0 ? {} : { slowShare, latencyBoundMs: (alert.latencyP99AboveUs ?? 0) / 1000 }),
    };
    controlPlane.change(
      sim.now,
      { kind: breached ? "alert.fired" : "alert.resolved", subject: alert.name, data },
      (draft) => {
        draft.alerts[alert.name] = breached ? "firing" : "ok";
      },
    );
  }

  /**
   * A fluid run's traffic is constant between changes: once the rule's window (and the second it
   * is rounded to) holds no change, every later evaluation gives the same verdict until the next
   * change wakes it. Latency conditions are not fluid (no request latencies). True: it sleeps.
   */
  private sleepIfSteady(index: number): boolean {
    const fluid = this.ctx.recorder.fluid;
    if (!this.ctx.lazy.enabled || fluid === undefined || this.latencyWatch[index] >= 0) return false;
    if (this.ctx.sim.now - this.alerts[index].windowUs - 2 * US_PER_S < fluid.lastChangeUs) return false;
    this.asleep[index] = true;
    this.generation[index]++;
    return true;
  }
}
