// The fluid log's commit record: writes committed as flows, each spread evenly over a span of
// time, so a position and its commit time are linear in each other within a flow. Adjacent flows
// at the same rate are one segment: a steady year takes one entry, not billions.

import { invariant } from "../../engine/index.js";
import { countAtOrBelow } from "../core/index.js";
import type { CommitTimes } from "./replicated-log.js";

/**
 * Flows whose rates differ by less than this (relative) are merged. Summing a year of per-call
 * counts drifts by far less (≈ calls × 1e-16); a real change of rate is far larger.
 */
const SAME_RATE_TOLERANCE = 1e-9;

/**
 * Positions [startPos, endPos) committed evenly over [fromUs, toUs); `mix`: each writer class's
 * share of them (core/writer-classes.ts; absent with one class).
 */
interface Segment {
  fromUs: number;
  toUs: number;
  startPos: number;
  endPos: number;
  /**
   * Where its mix starts in the log's pool of mixes (absent with one writer class): a pool, not
   * an array per segment, because a year holds thousands of segments and each would be garbage.
   */
  mixAt?: number;
}

export class FluidCommits implements CommitTimes {
  /** In time and position order, contiguous in positions from 0; never empty of writes. */
  private readonly segments: Segment[] = [];
  /** Every segment's mix, one after another (a segment whose mix is its predecessor's shares it). */
  private mixes = new Float64Array(0);
  private mixesUsed = 0;
  /** Writer classes per mix (0 until the first flow with one). */
  private mixWidth = 0;

  get length(): number {
    return this.segments.length === 0 ? 0 : (this.segments.at(-1) as Segment).endPos;
  }

  /** Segments held: what memory grows with. */
  get segmentCount(): number {
    return this.segments.length;
  }

  /**
   * Commits `count` (> 0) writes evenly over [fromUs, toUs), after every write already here;
   * `mix[k]`: the share of them writer class k wrote (copied when a new segment keeps it, so the
   * caller may reuse its array).
   */
  append(fromUs: number, toUs: number, count: number, mix?: Float64Array): void {
    invariant(
      count > 0 && toUs > fromUs,
      "fluid commits",
      fromUs,
      () => `a flow of ${count} over [${fromUs}, ${toUs})`,
    );
    const last = this.segments.at(-1);
    invariant(last === undefined || fromUs >= last.toUs, "fluid commits", fromUs, () => "flows overlap");
    const sameMixAsLast = last !== undefined && this.sameMix(last.mixAt, mix);
    if (last !== undefined && last.toUs === fromUs && sameRate(last, count, toUs - fromUs) && sameMixAsLast) {
      last.toUs = toUs;
      last.endPos += count;
      return;
    }
    const startPos = this.length;
    // Many flows keep the mix of the one before (rates change, shares do not): share it.
    const kept =
      mix === undefined ? {} : { mixAt: sameMixAsLast && last?.mixAt !== undefined ? last.mixAt : this.keepMix(mix) };
    this.segments.push({ fromUs, toUs, startPos, endPos: startPos + count, ...kept });
  }

  /** The writes at positions [from, to) per writer class (of `classes`): each segment's share by its mix. */
  classesBetween(from: number, to: number, classes: number): Float64Array {
    const counts = new Float64Array(classes);
    if (classes === 0 || to <= from) return counts;
    for (let i = Math.max(0, this.lastStartingAtOrBefore(from)); i < this.segments.length; i++) {
      const segment = this.segments[i];
      if (segment.startPos >= to) break;
      const overlap = Math.min(to, segment.endPos) - Math.max(from, segment.startPos);
      const at = segment.mixAt;
      if (overlap <= 0 || at === undefined) continue;
      for (let k = 0; k < classes; k++) counts[k] += overlap * this.mixes[at + k];
    }
    return counts;
  }

  /** The commit time of the write at `position`: where the log first reaches past it. */
  get(position: number): number {
    const index = this.lastStartingAtOrBefore(position);
    if (index < 0) return this.segments.length === 0 ? 0 : this.segments[0].fromUs;
    return timeAt(this.segments[index], position);
  }

  /** The time by which the log had reached `position` (≤ get(position): a gap in traffic lies between). */
  reachedUs(position: number): number {
    const index = this.lastStartingAtOrBefore(position);
    if (index < 0) return this.segments.length === 0 ? 0 : this.segments[0].fromUs;
    const segment = this.segments[index];
    // At the very start of a segment the log was reached when the previous one ended.
    if (position === segment.startPos && index > 0) return this.segments[index - 1].toUs;
    return timeAt(segment, position);
  }

  /** The position committed by `timeUs`. */
  countAtOrBelow(timeUs: number): number {
    const segments = this.segments;
    const low = countAtOrBelow(segments.length, timeUs, (i) => segments[i].fromUs);
    if (low === 0) return 0;
    const segment = segments[low - 1];
    if (timeUs >= segment.toUs) return segment.endPos;
    return segment.startPos + ((segment.endPos - segment.startPos) * (timeUs - segment.fromUs)) / duration(segment);
  }

  /** Back to the first `length` writes: a segment cut in two keeps its rate. */
  truncate(length: number): void {
    const segments = this.segments;
    while (segments.length > 0 && (segments.at(-1) as Segment).startPos >= length) segments.pop();
    const last = segments.at(-1);
    // Mixes are kept in segment order: what the popped segments held is free again.
    this.mixesUsed = last?.mixAt === undefined ? 0 : Math.min(this.mixesUsed, last.mixAt + this.mixWidth);
    if (last === undefined || last.endPos <= length) return;
    last.toUs = timeAt(last, length);
    last.endPos = length;
  }

  /** Copies `mix` into the pool (grown by doubling); returns where it starts. */
  private keepMix(mix: Float64Array): number {
    this.mixWidth = mix.length;
    if (this.mixesUsed + mix.length > this.mixes.length) {
      const grown = new Float64Array(Math.max(64, 2 * (this.mixesUsed + mix.length)));
      grown.set(this.mixes.subarray(0, this.mixesUsed));
      this.mixes = grown;
    }
    const at = this.mixesUsed;
    this.mixes.set(mix, at);
    this.mixesUsed += mix.length;
    return at;
  }

  /** Whether the mix kept at `at` is `mix` (both absent counts as the same). */
  private sameMix(at: number | undefined, mix: Float64Array | undefined): boolean {
    if (at === undefined || mix === undefined) return at === undefined && mix === undefined;
    for (let k = 0; k < mix.length; k++) if (Math.abs(this.mixes[at + k] - mix[k]) > SAME_RATE_TOLERANCE) return false;
    return true;
  }

  private lastStartingAtOrBefore(position: number): number {
    const segments = this.segments;
    return countAtOrBelow(segments.length, position, (i) => segments[i].startPos) - 1;
  }
}

function duration(segment: Segment): number {
  return segment.toUs - segment.fromUs;
}

/** Where the segment is at `position` (clamped to its span). */
function timeAt(segment: Segment, position: number): number {
  const share = (position - segment.startPos) / (segment.endPos - segment.startPos);
  return segment.fromUs + Math.min(1, Math.max(0, share)) * duration(segment);
}

function sameRate(segment: Segment, count: number, durationUs: number): boolean {
  const before = (segment.endPos - segment.startPos) * durationUs;
  const after = count * duration(segment);
  return Math.abs(before - after) <= SAME_RATE_TOLERANCE * Math.max(before, after);
}
