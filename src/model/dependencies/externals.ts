// External dependencies (third-party APIs and other services outside the design): how long an
// attempt takes and whether it succeeds, given their latency, error rate, capacity and the
// faults acting on them (hanging, errors, slowdown). Beyond its capacity a dependency shares
// itself out (processor sharing): with n calls in flight over a capacity of c, each is n/c
// times slower. The factor is taken when the attempt starts — an approximation that keeps one
// event per attempt — which is what lets retries feed a slowdown into a storm.

import jstat from "jstat";
import type { RandomStream } from "../../engine/index.js";
import type { ExternalConfig, ModelContext } from "../core/index.js";
import { FoldedLever } from "../core/index.js";

/** How an attempt ended. */
export const ATTEMPT_OK = 0;
export const ATTEMPT_ERROR = 1;
export const ATTEMPT_TIMED_OUT = 2;
/** The attempt never reached the dependency (a partition): the caller times out. */
export const ATTEMPT_LOST = 3;

export interface ExternalStats {
  name: string;
  /** Attempts made (first tries and retries). */
  attempts: number;
  errors: number;
  timeouts: number;
  /** Attempts it served whose answer a partition lost: work done, yet the caller saw a timeout (and may retry). */
  unanswered: number;
  /** Most attempts in flight at once. */
  inFlightMax: number;
}

export class Externals {
  readonly names: string[];
  readonly inFlight: Int32Array;
  private readonly random: RandomStream[];
  /** Faults on each dependency, keyed by fault: hanging (any), error rate (independent causes, with its own), slowdown (multiplied). */
  readonly hanging: FoldedLever;
  readonly errorRates: FoldedLever;
  readonly slowdowns: FoldedLever;
  private readonly errorRate: Float64Array;
  private readonly slowdown: Float64Array;
  readonly stats: ExternalStats[];
  // Set by `attempt`, read by the caller without allocation.
  lastOutcome = ATTEMPT_OK;
  lastDurationUs = 0;

  constructor(
    ctx: ModelContext,
    private readonly configs: ExternalConfig[],
  ) {
    this.names = configs.map((c) => c.name);
    this.inFlight = new Int32Array(configs.length);
    this.random = configs.map((c) => ctx.streams.fork(`external/${c.name}`));
    const now = () => ctx.sim.now;
    const targets = configs.length;
    this.hanging = new FoldedLever({ name: "dependency.hanging", targets, rule: "count", now });
    const base = configs.map((c) => c.errorRate);
    this.errorRates = new FoldedLever({ name: "dependency.errors", targets, rule: "probability", base, now });
    this.slowdowns = new FoldedLever({ name: "dependency.slowdown", targets, rule: "multiply", minimum: 1, now });
    this.errorRate = this.errorRates.values;
    this.slowdown = this.slowdowns.values;
    this.stats = configs.map((c) => ({
      name: c.name,
      attempts: 0,
      errors: 0,
      timeouts: 0,
      unanswered: 0,
      inFlightMax: 0,
    }));
  }

  indexOf(name: string): number {
    const index = this.names.indexOf(name);
    if (index < 0) throw new Error(`unknown dependency ${name}`);
    return index;
  }

  /**
   * Starts one attempt; sets `lastOutcome` and `lastDurationUs` (capped by `timeoutUs`). The
   * attempt counts as in flight until `finish` is called for it.
   */
  attempt(external: number, timeoutUs: number): void {
    const config = this.configs[external];
    const stats = this.stats[external];
    stats.attempts++;
    const inFlight = ++this.inFlight[external];
    if (inFlight > stats.inFlightMax) stats.inFlightMax = inFlight;
    const random = this.random[external];
    const sharing = config.capacity > 0 && inFlight > config.capacity ? inFlight / config.capacity : 1;
    const latencyUs =
      this.hanging.values[external] > 0 ? Number.POSITIVE_INFINITY : this.drawLatencyUs(external, random) * sharing;
    if (latencyUs > timeoutUs) {
      stats.timeouts++;
      this.lastOutcome = ATTEMPT_TIMED_OUT;
      this.lastDurationUs = timeoutUs;
      return;
    }
    const errorRate = this.errorRate[external];
    const failed = errorRate > 0 && random.next() < errorRate;
    if (failed) stats.errors++;
    this.lastOutcome = failed ? ATTEMPT_ERROR : ATTEMPT_OK;
    this.lastDurationUs = latencyUs;
  }

  /** An attempt a partition drops on its way: it never arrives, and the caller waits out its timeout. */
  attemptLost(external: number, timeoutUs: number): void {
    const stats = this.stats[external];
    stats.attempts++;
    stats.timeouts++;
    this.lastOutcome = ATTEMPT_LOST;
    this.lastDurationUs = timeoutUs;
  }

  /**
   * An attempt whose answer a partition drops: the dependency does the work (and counts it as
   * in flight until the caller gives up), but to the caller it is a timeout.
   */
  attemptUnanswered(external: number, timeoutUs: number): void {
    this.attempt(external, timeoutUs);
    const stats = this.stats[external];
    if (this.lastOutcome === ATTEMPT_ERROR) stats.errors--;
    if (this.lastOutcome !== ATTEMPT_TIMED_OUT) {
      stats.timeouts++;
      stats.unanswered++;
    }
    this.lastOutcome = ATTEMPT_TIMED_OUT;
    this.lastDurationUs = timeoutUs;
  }

  /**
   * The chance an attempt succeeds now with this timeout, as the state says (drawing nothing):
   * it must be answered (not hanging), within the timeout (from its latency distribution, slowed
   * by any fault), and without an error. Sharing beyond capacity is a matter of load, not state.
   */
  attemptSuccess(external: number, timeoutUs: number): number {
    if (this.hanging.values[external] > 0) return 0;
    const latency = this.configs[external].latency;
    const meanUs = latency.meanUs * this.slowdown[external];
    let withinTimeout: number;
    if (latency.distribution === "constant") withinTimeout = meanUs <= timeoutUs ? 1 : 0;
    else if (latency.distribution === "exponential") withinTimeout = 1 - Math.exp(-timeoutUs / meanUs);
    else {
      const mu = Math.log(meanUs) - latency.sigma ** 2 / 2;
      withinTimeout = jstat.jStat.normal.cdf((Math.log(timeoutUs) - mu) / latency.sigma, 0, 1);
    }
    return withinTimeout * (1 - this.errorRate[external]);
  }

  /** An accepted attempt is over (answered, failed or timed out). */
  finish(external: number): void {
    this.inFlight[external]--;
  }

  private drawLatencyUs(external: number, random: RandomStream): number {
    const latency = this.configs[external].latency;
    const factor = this.slowdown[external];
    switch (latency.distribution) {
      case "constant":
        return latency.meanUs * factor;
      case "exponential":
        return random.exponential(latency.meanUs) * factor;
      default: {
        const mu = Math.log(latency.meanUs) - latency.sigma ** 2 / 2;
        return Math.exp(mu + latency.sigma * random.normal()) * factor;
      }
    }
  }
}
