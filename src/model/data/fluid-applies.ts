// One node's progress through the fluid log: when it applies each position, as pieces over
// contiguous position ranges. A piece either follows the commits at a fixed delay (a live replica
// at its lag, the primary at 0) or applies its whole range at one instant (a catch-up, a re-seed,
// or ∞: not received). A node applies in order, so apply times never decrease along the log.

import { countAtOrBelow } from "../core/index.js";
import type { FluidCommits } from "./fluid-commits.js";

/** Positions [fromPos, toPos): applied at commit time + `shiftUs`, or all at `endUs` (shiftUs null). */
interface Piece {
  fromPos: number;
  toPos: number;
  shiftUs: number | null;
  /** When its last position is applied: the pieces after it apply no earlier. */
  endUs: number;
}

export class FluidApplies {
  /** In position order, covering [0, the log's length) without gaps; endUs non-decreasing. */
  private readonly pieces: Piece[] = [];

  constructor(private readonly commits: FluidCommits) {}

  /** Pieces held: what memory grows with. */
  get pieceCount(): number {
    return this.pieces.length;
  }

  /** The position applied by `timeUs`. */
  appliedBy(timeUs: number): number {
    const pieces = this.pieces;
    // The first piece not wholly applied by then: every piece before it is.
    const low = countAtOrBelow(pieces.length, timeUs, (i) => pieces[i].endUs);
    if (low === pieces.length) return low === 0 ? 0 : pieces[low - 1].toPos;
    const piece = pieces[low];
    if (piece.shiftUs === null) return piece.fromPos;
    const reached = this.commits.countAtOrBelow(timeUs - piece.shiftUs);
    return Math.min(piece.toPos, Math.max(piece.fromPos, reached));
  }

  /**
   * Positions [fromPos, toPos), committed evenly over [fromUs, toUs), are applied `delayUs` after
   * their commit — but never before the position ahead of them (the delay may have shrunk).
   */
  follow(fromPos: number, toPos: number, fromUs: number, toUs: number, delayUs: number): void {
    const tailUs = this.tailUs();
    if (fromUs + delayUs >= tailUs) {
      this.push(fromPos, toPos, delayUs, toUs + delayUs);
    } else if (toUs + delayUs <= tailUs) {
      this.push(fromPos, toPos, null, tailUs);
    } else {
      // Held back until the tail's time, then following the commits at the new delay.
      const splitPos = fromPos + ((toPos - fromPos) * (tailUs - delayUs - fromUs)) / (toUs - fromUs);
      this.push(fromPos, splitPos, null, tailUs);
      this.push(splitPos, toPos, delayUs, toUs + delayUs);
    }
  }

  /** Positions [fromPos, toPos) are all applied at `atUs` (∞: not received), or after the tail. */
  applyAt(fromPos: number, toPos: number, atUs: number): void {
    this.push(fromPos, toPos, null, Math.max(atUs, this.tailUs()));
  }

  /** Forgets every position from `length` on. */
  truncate(length: number): void {
    const pieces = this.pieces;
    while (pieces.length > 0 && (pieces.at(-1) as Piece).fromPos >= length) pieces.pop();
    const last = pieces.at(-1);
    if (last === undefined || last.toPos <= length) return;
    last.toPos = length;
    if (last.shiftUs !== null) last.endUs = this.commits.reachedUs(length) + last.shiftUs;
  }

  /** When the last position held is applied (−∞: none held). */
  private tailUs(): number {
    const last = this.pieces.at(-1);
    return last === undefined ? Number.NEGATIVE_INFINITY : last.endUs;
  }

  /** Appends a piece, merged into the last one when it continues it. */
  private push(fromPos: number, toPos: number, shiftUs: number | null, endUs: number): void {
    if (toPos <= fromPos) return;
    const last = this.pieces.at(-1);
    if (last !== undefined && last.toPos === fromPos && last.shiftUs === shiftUs) {
      // A shift piece runs on at the same delay; an instant piece only at the same instant.
      if (shiftUs !== null || last.endUs === endUs) {
        last.toPos = toPos;
        last.endUs = endUs;
        return;
      }
    }
    this.pieces.push({ fromPos, toPos, shiftUs, endUs });
  }
}
