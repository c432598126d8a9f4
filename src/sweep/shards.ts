// Splitting a sweep across machines (ARCHITECTURE.md, "Sweeps"): shard i of n takes a contiguous
// block of the runs; its partial result is the header and its runs' summaries; merge checks that
// the partials are of one sweep and cover every run exactly once, then aggregates them exactly as
// one machine would have. Run r always has seed + r, whoever runs it.

import { aggregateSweep, type SweepHeader, type SweepResult } from "./aggregate.js";
import type { RunSummary } from "./run-summary.js";

export interface Shard {
  /** 1-based, as written on the command line (`--shard 2/4`). */
  index: number;
  count: number;
}

export const PARTIAL_KIND = "faultline.sweep.partial";

export interface SweepPartial {
  kind: typeof PARTIAL_KIND;
  header: SweepHeader;
  shard: Shard;
  summaries: RunSummary[];
}

/** `2/4` → { index: 2, count: 4 }; an error message for anything else. */
export function parseShard(text: string): Shard | string {
  const match = /^\s*(\d+)\s*\/\s*(\d+)\s*$/.exec(text);
  if (!match) return `--shard takes i/n, e.g. --shard 2/4 (got "${text}")`;
  const index = Number(match[1]);
  const count = Number(match[2]);
  if (count < 1 || index < 1 || index > count)
    return `--shard ${text}: i must be from 1 to n, e.g. --shard 1/${Math.max(1, count)}`;
  return { index, count };
}

/** The runs shard `shard` of `runs` takes: [from, to), contiguous, sizes differing by one at most. */
export function shardRuns(runs: number, shard: Shard): { from: number; to: number } {
  return {
    from: Math.floor(((shard.index - 1) * runs) / shard.count),
    to: Math.floor((shard.index * runs) / shard.count),
  };
}

export class MergeError extends Error {}

/**
 * The sweep the partials make together. Refuses partials of different sweeps (scenario hash,
 * seed, runs, duration, fidelity, version) and a set that misses a run or has one twice.
 */
export function mergePartials(partials: readonly { file: string; partial: SweepPartial }[]): SweepResult {
  if (partials.length === 0) throw new MergeError("merge needs at least one partial result");
  const [first] = partials;
  const expected = JSON.stringify(first.partial.header);
  for (const { file, partial } of partials.slice(1)) {
    if (JSON.stringify(partial.header) !== expected) {
      throw new MergeError(
        `${file} is a shard of another sweep than ${first.file}: ${difference(first.partial.header, partial.header)}`,
      );
    }
  }
  const runs = first.partial.header.runs;
  const seen = new Map<number, string>();
  const summaries: RunSummary[] = [];
  for (const { file, partial } of partials) {
    for (const summary of partial.summaries) {
      const earlier = seen.get(summary.run);
      if (earlier !== undefined)
        throw new MergeError(`run ${summary.run} is in both ${earlier} and ${file}: merge each shard once`);
      seen.set(summary.run, file);
      summaries.push(summary);
    }
  }
  const missing = Array.from({ length: runs }, (_, run) => run).filter((run) => !seen.has(run));
  if (missing.length > 0) {
    const shown = missing.slice(0, 5).join(", ") + (missing.length > 5 ? `, … (${missing.length} in all)` : "");
    throw new MergeError(`runs ${shown} of ${runs} are in no partial given: add the missing shards`);
  }
  return aggregateSweep(first.partial.header, summaries);
}

/** What differs between two headers, for the refusal: "scenario hash 1a2b… ≠ 3c4d…". */
function difference(a: SweepHeader, b: SweepHeader): string {
  const fields: [string, unknown, unknown][] = [
    ["scenario hash", a.scenario.hash, b.scenario.hash],
    ["seed", a.seed, b.seed],
    ["runs", a.runs, b.runs],
    ["duration", a.durationS, b.durationS],
    ["fidelity", a.fidelity, b.fidelity],
    ["faultline version", a.version, b.version],
  ];
  const differing = fields.filter(([, x, y]) => x !== y).map(([name, x, y]) => `${name} ${x} ≠ ${y}`);
  return differing.length > 0 ? differing.join(", ") : "their headers differ";
}
