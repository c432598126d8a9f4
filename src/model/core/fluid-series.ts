// The fluid fidelity's record of user traffic: no requests, but each user client's rate (its
// profile, integrated exactly) and the share of it that would succeed, held constant between the
// instants where the world changed. Successes and failures over any stretch are integrals over
// these segments, so alerts, windows and incidents read the same counts per-request runs give
// them, in expectation. Memory grows with the number of changes, never with the horizon
// (ARCHITECTURE.md, "Fidelity").

import { countAtOrBelow } from "./bisect.js";
import type { RateProfile } from "./config.js";

const US_PER_DAY = 86_400_000_000;

/** Requests a client sends over [fromUs, toUs) (times of day included), exactly. */
export function requestsBetween(profile: RateProfile, fromUs: number, toUs: number): number {
  if (toUs <= fromUs) return 0;
  if (profile.kind === "constant") return (profile.perSecond * (toUs - fromUs)) / 1e6;
  // rate(t) = trough + (peak − trough)(1 + cos φ(t)) / 2 with φ = 2π (t − peakAt) / day.
  const half = (profile.peakPerSecond - profile.troughPerSecond) / 2;
  const phase = (t: number) => (2 * Math.PI * (t - profile.peakAtUs)) / US_PER_DAY;
  const wave = ((Math.sin(phase(toUs)) - Math.sin(phase(fromUs))) * US_PER_DAY) / (2 * Math.PI);
  return ((profile.troughPerSecond + half) * (toUs - fromUs) + half * wave) / 1e6;
}

/** A rate profile at `share` of itself: an operation's stream of a client's requests. */
export function scaledProfile(profile: RateProfile, share: number): RateProfile {
  if (profile.kind === "constant") return { kind: "constant", perSecond: profile.perSecond * share };
  return { ...profile, peakPerSecond: profile.peakPerSecond * share, troughPerSecond: profile.troughPerSecond * share };
}

export class FluidSeries {
  /** Segment starts (µs), ascending; segment i holds from startsUs[i] to the next start. */
  private readonly startsUs: number[] = [];
  /** Per segment, each client's share of requests that succeed, and the least of them. */
  private readonly shares: Float64Array[] = [];
  private readonly leastShare: number[] = [];
  /** Successes and failures before each segment's start: range queries are differences. */
  private readonly succeededBefore: number[] = [];
  private readonly failedBefore: number[] = [];

  /**
   * `profiles[c]`: each user client's rate; `startOfDayUs`: the time of day at time 0 (diurnal
   * rates peak at a time of day).
   */
  constructor(
    private readonly profiles: readonly RateProfile[],
    private readonly startOfDayUs: number,
  ) {}

  get segments(): number {
    return this.startsUs.length;
  }

  /** When the shares last changed (−∞: never set). */
  get lastChangeUs(): number {
    return this.startsUs.length === 0 ? Number.NEGATIVE_INFINITY : this.startsUs[this.startsUs.length - 1];
  }

  /** From `atUs` on, client c's requests succeed with probability shares[c] (copied). */
  set(atUs: number, shares: ArrayLike<number>): void {
    const last = this.startsUs.length - 1;
    if (last >= 0) {
      if (atUs < this.startsUs[last])
        throw new RangeError(`fluid segment at ${atUs}µs before ${this.startsUs[last]}µs`);
      if (sameShares(this.shares[last], shares)) return;
      if (atUs === this.startsUs[last]) {
        // The same instant changed again: the later state replaces it.
        this.shares[last] = Float64Array.from(shares);
        this.leastShare[last] = least(shares);
        if (last > 0 && sameShares(this.shares[last - 1], shares)) this.dropLast();
        return;
      }
      const { succeeded, failed } = this.segmentCounts(last, atUs);
      this.succeededBefore.push(this.succeededBefore[last] + succeeded);
      this.failedBefore.push(this.failedBefore[last] + failed);
    } else {
      this.succeededBefore.push(0);
      this.failedBefore.push(0);
    }
    this.startsUs.push(atUs);
    this.shares.push(Float64Array.from(shares));
    this.leastShare.push(least(shares));
  }

  /**
   * Where the stretch from `fromUs` in which every client's share is at least `threshold` ends
   * (`fromUs` itself when it is not in one; +∞ when it lasts): any window inside it has a success
   * ratio of at least `threshold`, since a ratio is an average of shares. Metrics skip such
   * stretches instead of judging a year window by window.
   */
  goodUntilUs(fromUs: number, threshold: number): number {
    let segment = this.segmentAt(fromUs);
    if (segment < 0 || this.leastShare[segment] < threshold) return fromUs;
    while (segment + 1 < this.startsUs.length && this.leastShare[segment + 1] >= threshold) segment++;
    return segment + 1 < this.startsUs.length ? this.startsUs[segment + 1] : Number.POSITIVE_INFINITY;
  }

  /** The users' successes and failures over [fromUs, toUs). */
  countsBetweenUs(fromUs: number, toUs: number): { succeeded: number; failed: number } {
    if (toUs <= fromUs || this.startsUs.length === 0) return { succeeded: 0, failed: 0 };
    const to = this.countsBefore(toUs);
    const from = this.countsBefore(fromUs);
    return { succeeded: to.succeeded - from.succeeded, failed: to.failed - from.failed };
  }

  /**
   * The users' successes and failures over [fromUs, toUs), grouped: client c's count to
   * group[c] (of `groups`). The same integrals as countsBetweenUs, summed per group, segment by
   * segment (memory per group, time per segment and client: read once, at the end of a run).
   */
  countsByGroupBetweenUs(
    fromUs: number,
    toUs: number,
    group: ArrayLike<number>,
    groups: number,
  ): { succeeded: Float64Array; failed: Float64Array } {
    const succeeded = new Float64Array(groups);
    const failed = new Float64Array(groups);
    for (let i = Math.max(0, this.segmentAt(fromUs)); i < this.startsUs.length && this.startsUs[i] < toUs; i++) {
      const startUs = Math.max(fromUs, this.startsUs[i]) + this.startOfDayUs;
      const endUs = Math.min(toUs, i + 1 < this.startsUs.length ? this.startsUs[i + 1] : toUs) + this.startOfDayUs;
      const shares = this.shares[i];
      for (let c = 0; c < this.profiles.length; c++) {
        const requests = requestsBetween(this.profiles[c], startUs, endUs);
        succeeded[group[c]] += requests * shares[c];
        failed[group[c]] += requests * (1 - shares[c]);
      }
    }
    return { succeeded, failed };
  }

  private countsBefore(timeUs: number): { succeeded: number; failed: number } {
    const segment = this.segmentAt(timeUs);
    if (segment < 0) return { succeeded: 0, failed: 0 };
    const within = this.segmentCounts(segment, timeUs);
    return {
      succeeded: this.succeededBefore[segment] + within.succeeded,
      failed: this.failedBefore[segment] + within.failed,
    };
  }

  /** Successes and failures from segment i's start to `untilUs` (within it). */
  private segmentCounts(i: number, untilUs: number): { succeeded: number; failed: number } {
    const fromUs = this.startsUs[i] + this.startOfDayUs;
    const toUs = untilUs + this.startOfDayUs;
    const shares = this.shares[i];
    let succeeded = 0;
    let failed = 0;
    for (let c = 0; c < this.profiles.length; c++) {
      const requests = requestsBetween(this.profiles[c], fromUs, toUs);
      succeeded += requests * shares[c];
      failed += requests * (1 - shares[c]);
    }
    return { succeeded, failed };
  }

  /** The last segment starting at or before `timeUs` (−1: before the first). */
  private segmentAt(timeUs: number): number {
    return countAtOrBelow(this.startsUs.length, timeUs, (i) => this.startsUs[i]) - 1;
  }

  private dropLast(): void {
    this.startsUs.pop();
    this.shares.pop();
    this.leastShare.pop();
    this.succeededBefore.pop();
    this.failedBefore.pop();
  }
}

function least(shares: ArrayLike<number>): number {
  let value = 1;
  for (let i = 0; i < shares.length; i++) if (shares[i] < value) value = shares[i];
  return value;
}

function sameShares(a: Float64Array, b: ArrayLike<number>): boolean {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
