// Alert rules: every `every`, the error rate over the last `window` is compared with the rule's
// threshold; crossing it fires the alert (time to detect is measured from these firings).

import { compare } from "./comparison.js";
import type { AlertConfig } from "./config.js";
import { type ModelContext, Priority } from "./context.js";

const US_PER_S = 1_000_000;

export class Alerting {
  private readonly firing: boolean[];
  private readonly evaluateCode: number;

  constructor(
    private readonly ctx: ModelContext,
    private readonly alerts: AlertConfig[],
  ) {
    this.firing = alerts.map(() => false);
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
    const fromS = Math.floor((sim.now - alert.windowUs) / US_PER_S);
    const { succeeded, failed } = recorder.countsBetween(fromS, toS);
    const total = succeeded + failed;
    const errorRate = total === 0 ? 0 : failed / total;
    const breached = total > 0 && compare(errorRate, alert.errorRate);
    if (breached === this.firing[index]) return;
    this.firing[index] = breached;
    controlPlane.change(
      sim.now,
      {
        kind: breached ? "alert.fired" : "alert.resolved",
        subject: alert.name,
        detail: `error rate ${(errorRate * 100).toFixed(2)}% over ${alert.windowUs / US_PER_S}s`,
      },
      (draft) => {
        draft.alerts[alert.name] = breached ? "firing" : "ok";
      },
    );
  }
}
