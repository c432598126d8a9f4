// The fluid fidelity's traffic (ARCHITECTURE.md, "Fidelity"): no request is simulated. After
// every instant at which the world changed, each user client's share of requests that would
// succeed (per operation, when the workload declares them: one stream per client and operation)
// is read from the state (serviceability.ts) and held until the next change; the
// recorder integrates the clients' rates against it (core/fluid-series.ts). While the answer
// drifts with time alone (DNS caches expiring one by one, a cache warming) it is read again
// every second, as the per-request observer reads it.
//
// What the traffic does to the world is added up too, before the next instant changes anything:
// the writes each database commits (as flows into its log: data/fluid-replication-log.ts), and
// what instances running a change served and failed (a rollout's rollback rule reads them).

import type { FluidSeries, ModelContext, OperationConfig, RateProfile, WriterClasses } from "../core/index.js";
import { classCount, classOf, Priority, requestsBetween } from "../core/index.js";
import type { Database } from "../data/index.js";
import type { ServiceTier } from "../traffic/index.js";
import type { Serviceability } from "./serviceability.js";

const US_PER_S = 1_000_000;

export interface FluidTrafficParts {
  ctx: ModelContext;
  series: FluidSeries;
  serviceability: Serviceability;
  tier: ServiceTier;
  databases: readonly Database[];
  /**
   * Each stream's rate, as the fluid series holds them: one per user client in the
   * serviceability's user order, or with operations one per client and operation, client by
   * client, at the operation's share of the client's rate.
   */
  profiles: readonly RateProfile[];
  /** Each user client's share of writes (without operations: each operation says its own). */
  writeRatios: readonly number[];
  /** The workload's operations (empty: none). */
  operations: readonly OperationConfig[];
  /** Who writes (operation × client region): each flow carries its writer classes' mix. */
  writers: WriterClasses;
}

export class FluidTraffic {
  private readonly shares: Float64Array;
  private readonly previous: Float64Array;
  private readonly resampleCode: number;
  /** The next pending resample (−1: none). */
  private resampleAtUs = -1;
  /**
   * As of the last sample: per user client × database, the share of its requests that commit an
   * acknowledged write there; per user client × instance, the share reaching an instance that
   * runs a change; per instance, that change's error rate.
   */
  private readonly writes: Float64Array;
  private readonly changed: Float64Array;
  private readonly changeErrorRate: Float64Array;
  private integratedUntilUs = 0;
  /** A resample ran at this instant: the world must be read even if nothing else happened. */
  resampled = false;
  /** Streams per user client (its operations, or 1), and each stream's rate and share of writes. */
  private readonly perClient: number;
  private readonly profiles: readonly RateProfile[];
  private readonly writeRatios: Float64Array;
  /** Each stream's writer class, and how many classes (1: flows carry no mix). */
  private readonly classOfStream: Int32Array;
  /** Scratch, reused every instant: each stream's requests since the last, and a flow's mix of writer classes. */
  private readonly requestsOf: Float64Array;
  private readonly mix: Float64Array | undefined;
  private readonly classes: number;

  constructor(private readonly parts: FluidTrafficParts) {
    const operations = parts.operations;
    this.perClient = Math.max(1, operations.length);
    const users = parts.serviceability.users.length * this.perClient;
    const instances = parts.tier.instanceIds.length;
    this.profiles = parts.profiles;
    this.writeRatios =
      operations.length === 0
        ? Float64Array.from(parts.writeRatios)
        : Float64Array.from({ length: users }, (_, c) => (operations[c % operations.length].write ? 1 : 0));
    this.classes = classCount(parts.writers);
    this.classOfStream = Int32Array.from({ length: users }, (_, c) => {
      const client = parts.serviceability.users[Math.floor(c / this.perClient)];
      return classOf(parts.writers, client, operations.length === 0 ? 0 : c % operations.length);
    });
    this.requestsOf = new Float64Array(users);
    this.mix = this.classes > 1 ? new Float64Array(this.classes) : undefined;
    this.shares = new Float64Array(users);
    this.previous = new Float64Array(users).fill(Number.NaN);
    this.writes = new Float64Array(users * parts.databases.length);
    this.changed = new Float64Array(users * instances);
    this.changeErrorRate = new Float64Array(instances);
    this.resampleCode = parts.ctx.sim.register("fluid.resample", () => {
      this.resampleAtUs = -1;
      this.resampled = true;
      parts.ctx.lazy.ticked();
    });
  }

  /**
   * Adds up what the traffic did from the last time to `toUs`, as the world stood at the last
   * sample: called before an instant's events change it, and before a rollout reads it.
   */
  advance(toUs: number): void {
    const fromUs = this.integratedUntilUs;
    if (toUs <= fromUs) return;
    this.integratedUntilUs = toUs;
    const { tier, databases, ctx } = this.parts;
    const profiles = this.profiles;
    const classes = this.classes;
    const instances = this.changeErrorRate.length;
    const startOfDayUs = ctx.run.startOfDayUs;
    const requestsOf = this.requestsOf;
    for (let c = 0; c < profiles.length; c++) {
      const requests = requestsBetween(profiles[c], fromUs + startOfDayUs, toUs + startOfDayUs);
      requestsOf[c] = requests;
      if (requests === 0) continue;
      for (let instance = 0; instance < instances; instance++) {
        const share = this.changed[c * instances + instance];
        if (share === 0) continue;
        tier.changedServed[instance] += requests * share;
        tier.changedFailed[instance] += requests * share * this.changeErrorRate[instance];
      }
    }
    for (let db = 0; db < databases.length; db++) {
      let count = 0;
      // Which writer classes (operation × client region) wrote the flow, for lost writes.
      const byClass = this.mix;
      byClass?.fill(0);
      for (let c = 0; c < profiles.length; c++) {
        const share = this.writes[c * databases.length + db];
        if (share <= 0) continue;
        const writes = requestsOf[c] * share;
        count += writes;
        if (byClass !== undefined) byClass[this.classOfStream[c]] += writes;
      }
      if (count <= 0) continue;
      if (byClass !== undefined) for (let k = 0; k < classes; k++) byClass[k] /= count;
      databases[db].commitFlow(fromUs, toUs, count, byClass);
    }
  }

  /** Reads the world at the end of the instant `nowUs`; true when any client's share changed. */
  sample(nowUs: number): boolean {
    const { serviceability, series, ctx } = this.parts;
    const { users } = serviceability;
    this.resampled = false;
    this.advance(nowUs);
    serviceability.prepare(nowUs);
    this.readWork(nowUs);
    let changed = false;
    const operations = this.parts.operations.length;
    for (let i = 0; i < this.shares.length; i++) {
      const client = users[Math.floor(i / this.perClient)];
      const success =
        operations === 0
          ? serviceability.clientSuccess(client, nowUs)
          : serviceability.operationSuccess(client, i % operations, nowUs);
      const share = Math.min(1, Math.max(0, success));
      this.shares[i] = share;
      if (share !== this.previous[i]) changed = true;
      this.previous[i] = share;
    }
    if (changed) series.set(nowUs, this.shares);
    if (this.resampleAtUs < 0 && serviceability.drifting(nowUs)) {
      this.resampleAtUs = (Math.floor(nowUs / US_PER_S) + 1) * US_PER_S;
      ctx.sim.at(this.resampleAtUs, this.resampleCode, 0, 0, Priority.traffic);
    }
    return changed;
  }

  /** Where each client's requests land now, and what they do there (writes, changed instances). */
  private readWork(nowUs: number): void {
    const { serviceability, tier, databases } = this.parts;
    const writeRatios = this.writeRatios;
    const { users } = serviceability;
    const operations = this.parts.operations.length;
    const instances = this.changeErrorRate.length;
    for (let instance = 0; instance < instances; instance++) {
      this.changeErrorRate[instance] = tier.changed(instance) ? tier.changeErrorRate[instance] : 0;
    }
    this.changed.fill(0);
    this.writes.fill(0);
    for (let c = 0; c < this.shares.length; c++) {
      // Without operations a stream is a client making every call; with them, one operation's.
      const operation = operations === 0 ? serviceability.operationCount : c % operations;
      const visit = (instance: number, share: number) => {
        if (tier.changed(instance)) this.changed[c * instances + instance] += share;
        if (writeRatios[c] === 0) return;
        const db = tier.data.databaseOf(tier.instanceService[instance]);
        if (db === undefined) return;
        this.writes[c * databases.length + db.index] +=
          share * writeRatios[c] * serviceability.writeCommits(instance, nowUs, operation);
      };
      serviceability.forEachArrival(users[Math.floor(c / this.perClient)], nowUs, visit, operation);
    }
  }
}
