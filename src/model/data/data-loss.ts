// Data loss: acknowledged writes a database can no longer give back, whatever lost them — a
// failover to a replica that lacked them, a restore after corruption, or deleted rows no backup
// holds. Each is recorded the same way: in the database's losses and as one trace line.

import { invariant } from "../../engine/index.js";
import type { DatabaseConfig, ModelContext } from "../core/index.js";
import { classCount, emit, ONE_WRITER_CLASS, splitByWriter } from "../core/index.js";
import type { CommitTimes } from "./replicated-log.js";

export interface DataLoss {
  database: string;
  /**
   * What lost the writes: a failover to a replica that lacked them, a restore after corruption,
   * deleted rows that no backup holds, or a deposed primary's writes during a split brain.
   */
  cause: "failover" | "restore" | "deletion" | "split-brain";
  /** When the primary failed: replication stopped here. */
  failureUs: number;
  /** When the replica was promoted and the loss became final. */
  promotedUs: number;
  promotedNode: string;
  lostWrites: number;
  /** failure time − commit time of the oldest lost acknowledged write. */
  rpoUs: number;
  /**
   * Of `lostWrites`, how many each operation wrote (whole writes that add up to it; absent when
   * the workload declares no operations).
   */
  byOperation?: number[];
  /**
   * Of `lostWrites`, how many each client region wrote (indexed by the design's regions; the
   * region of the user whose request made the write, through any calls between services): whole
   * writes that add up to it.
   */
  byRegion: number[];
}

/** What a recovery that can lose writes (a restore, an un-delete) needs from its database. */
export interface LoggedDatabase {
  readonly name: string;
  readonly config: DatabaseConfig;
  readonly commitLog: CommitTimes;
  readonly losses: DataLoss[];
  primaryNodeId(): string;
  /** The acknowledged writes among log positions [from, to): how many, and the first's position. */
  acknowledgedBetween(from: number, to: number): { count: number; first: number };
  /** The same writes per writer class (empty with one class: writer-classes.ts). */
  acknowledgedByWriter(from: number, to: number): Float64Array;
}

/**
 * A lost count in whole writes. The fluid log counts writes as a real number (a flow spreads them
 * evenly); a write is lost or not, so the count is rounded to the nearest, and a loss that rounds
 * to none is none: no RPO is measured for it. Per-request counts are whole already.
 */
export function wholeWrites(count: number): number {
  return Math.round(count);
}

/**
 * `total` whole writes split in proportion to `weights` (largest remainders, ties to the first),
 * so the parts are whole and add up to it exactly: a loss per writer class. Per request the weights
 * are the whole counts themselves and come back unchanged.
 */
export function splitWhole(total: number, weights: ArrayLike<number>): number[] {
  const sum = Array.from(weights).reduce((a, b) => a + Math.max(0, b), 0);
  if (weights.length === 0) return [];
  if (sum <= 0) return Array.from(weights, (_, k) => (k === 0 ? total : 0));
  const exact = Array.from(weights, (w) => (total * Math.max(0, w)) / sum);
  const parts = exact.map(Math.floor);
  let left = total - parts.reduce((a, b) => a + b, 0);
  const order = exact
    .map((value, k) => ({ k, rest: value - Math.floor(value) }))
    .sort((a, b) => b.rest - a.rest || a.k - b.k);
  for (let i = 0; left > 0; i = (i + 1) % order.length, left--) parts[order[i].k]++;
  return parts;
}

/**
 * Records a loss of `loss.lostWrites` acknowledged writes, a whole number (none: nothing to
 * record); `byWriter`: the lost writes per writer class as counted (real numbers in the fluid
 * log; empty with one class), split to whole writes that add up to the loss, then summed per
 * operation and per client region (writer-classes.ts).
 */
export function recordDataLoss(
  ctx: ModelContext,
  database: { readonly name: string; readonly losses: DataLoss[]; readonly config: Pick<DatabaseConfig, "writers"> },
  loss: Omit<DataLoss, "database" | "byOperation" | "byRegion">,
  byWriter?: ArrayLike<number>,
): void {
  invariant(Number.isInteger(loss.lostWrites), `database ${database.name}`, ctx.sim.now, () => {
    return `a loss of ${loss.lostWrites} writes: round it with wholeWrites`;
  });
  if (loss.lostWrites < 1) return;
  const writers = database.config.writers ?? ONE_WRITER_CLASS;
  const weights = byWriter !== undefined && byWriter.length === classCount(writers) ? byWriter : [1];
  const split = splitByWriter(writers, splitWhole(loss.lostWrites, weights));
  database.losses.push({ database: database.name, ...loss, ...split });
  const data = { lostWrites: loss.lostWrites, rpoS: loss.rpoUs / 1e6 };
  emit(ctx.trace, ctx.sim.now, { kind: "db.writesLost", subject: database.name, data });
}
