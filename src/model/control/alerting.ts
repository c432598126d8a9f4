// Alert rules: every `every`, the error rate over the last `window` is compared with the rule's
// threshold; crossing it fires the alert (time to detect is measured from these firings).

import type { AlertConfig } from "../core/index.js";
import { type AlertPayload, compare, type ModelContext, Priority } from "../core/index.js";

const US_PER_S = 1_000_000;

export class Alerting {
  private readonly firing: boolean[];
  /** Per alert, the recorder's latency watch it reads (−1: no latency condition). */
  private readonly latencyWatch: number[];
  private readonly evaluateCode: number;

  constructor(
    private readonly ctx: ModelContext,
    private readonly alerts: AlertConfig[],
  ) {
    this.firing = alerts.map(() => false);
    this.latencyWatch = alerts.map((alert) =>
      alert.latencyP99AboveUs === undefined ? -1 : ctx.recorder.watchLatencyAbove(alert.latencyP99AboveUs),
    );
    this.evaluateCode = ctx.sim.register("alert.evaluate", (alert) => this.evaluate(alert));
    alerts.forEach((alert, i) => {
      ctx.sim.at(alert.everyUs, this.evaluateCode, i, 0, Priority.control);
    });
  }

  private evaluate(index: number): void {
    const { sim, recorder, controlPlane } = this.ctx;
    const alert = this.alerts[index];
    sim.schedule(alert.everyUs, this.evaluateCode, index, 0, Priority.control);
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
}
