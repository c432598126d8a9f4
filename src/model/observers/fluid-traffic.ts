// The fluid fidelity's traffic (ARCHITECTURE.md, "Fidelity"): no request is simulated. After
// every instant at which the world changed, each user client's share of requests that would
// succeed is read from the state (serviceability.ts) and held until the next change; the
// recorder integrates the clients' rates against it (core/fluid-series.ts). While the answer
// drifts with time alone (DNS caches expiring one by one, a cache warming) it is read again
// every second, as the per-request observer reads it.

import type { FluidSeries, ModelContext, RateProfile } from "../core/index.js";
import { Priority, requestsBetween } from "../core/index.js";
import type { ServiceTier } from "../traffic/index.js";
import type { Serviceability } from "./serviceability.js";

const US_PER_S = 1_000_000;

export class FluidTraffic {
  private readonly shares: Float64Array;
  private readonly previous: Float64Array;
  private readonly resampleCode: number;
  /** The next pending resample (−1: none). */
  private resampleAtUs = -1;
  /**
   * Per user client × instance, the share of the client's requests reaching the instance, as of
   * the last sample; per instance, the bad change it ran then (its error rate; −1: none). A
   * rollout's rollback rule reads what its changed instances served and failed (service-tier.ts):
   * fluid runs add them up from these.
   */
  private readonly arrivals: Float64Array;
  private readonly changeErrorRate: Float64Array;
  private integratedUntilUs = 0;

  constructor(
    private readonly ctx: ModelContext,
    private readonly series: FluidSeries,
    private readonly serviceability: Serviceability,
    private readonly tier: ServiceTier,
    private readonly profiles: readonly RateProfile[],
  ) {
    const instances = tier.instanceIds.length;
    this.arrivals = new Float64Array(serviceability.users.length * instances);
    this.changeErrorRate = new Float64Array(instances).fill(-1);
    this.shares = new Float64Array(serviceability.users.length);
    this.previous = new Float64Array(serviceability.users.length).fill(Number.NaN);
    this.resampleCode = ctx.sim.register("fluid.resample", () => {
      this.resampleAtUs = -1;
      ctx.lazy.ticked();
    });
  }

  /** Adds up, to `nowUs`, what changed instances served and failed since the last sample. */
  advance(nowUs: number): void {
    const fromUs = this.integratedUntilUs;
    if (nowUs <= fromUs) return;
    this.integratedUntilUs = nowUs;
    const instances = this.changeErrorRate.length;
    const startOfDayUs = this.ctx.run.startOfDayUs;
    for (let c = 0; c < this.profiles.length; c++) {
      const requests = requestsBetween(this.profiles[c], fromUs + startOfDayUs, nowUs + startOfDayUs);
      if (requests === 0) continue;
      for (let instance = 0; instance < instances; instance++) {
        const errorRate = this.changeErrorRate[instance];
        const share = this.arrivals[c * instances + instance];
        if (errorRate < 0 || share === 0) continue;
        this.tier.changedServed[instance] += requests * share;
        this.tier.changedFailed[instance] += requests * share * errorRate;
      }
    }
  }

  /** Reads the world at the end of the instant `nowUs`; true when any client's share changed. */
  sample(nowUs: number): boolean {
    const { users } = this.serviceability;
    this.advance(nowUs);
    this.readArrivals(nowUs);
    let changed = false;
    for (let i = 0; i < users.length; i++) {
      const share = Math.min(1, Math.max(0, this.serviceability.clientSuccess(users[i], nowUs)));
      this.shares[i] = share;
      if (share !== this.previous[i]) changed = true;
      this.previous[i] = share;
    }
    if (changed) this.series.set(nowUs, this.shares);
    if (this.resampleAtUs < 0 && this.serviceability.drifting(nowUs)) {
      this.resampleAtUs = (Math.floor(nowUs / US_PER_S) + 1) * US_PER_S;
      this.ctx.sim.at(this.resampleAtUs, this.resampleCode, 0, 0, Priority.traffic);
    }
    return changed;
  }

  private readArrivals(nowUs: number): void {
    const { users } = this.serviceability;
    const { tier } = this;
    const instances = this.changeErrorRate.length;
    for (let instance = 0; instance < instances; instance++) {
      this.changeErrorRate[instance] = tier.changed(instance) ? tier.changeErrorRate[instance] : -1;
    }
    this.arrivals.fill(0);
    for (let i = 0; i < users.length; i++) {
      this.serviceability.addArrivalShares(users[i], nowUs, this.arrivals.subarray(i * instances, (i + 1) * instances));
    }
  }
}
