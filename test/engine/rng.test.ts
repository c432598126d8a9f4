// Named random streams (ARCHITECTURE.md, "Determinism rules"): a stream's sequence depends only on the root seed
// and its own name, never on which other streams exist or the order they were forked in.

import { describe, expect, it } from "vitest";
import { type RandomStream, RandomStreams } from "../../src/engine/rng.js";

function draws(stream: RandomStream, count: number): number[] {
  return Array.from({ length: count }, () => stream.next());
}

describe("random streams", () => {
  it("gives the same sequence for the same seed and name", () => {
    const first = draws(new RandomStreams(7).fork("net/us-east/a->us-west/b"), 1000);
    const second = draws(new RandomStreams(7).fork("net/us-east/a->us-west/b"), 1000);
    expect(second).toEqual(first);
  });

  it("is alea seeded with '<seed>/<name>' (pinned: changing it changes every trace)", () => {
    const stream = new RandomStreams(1).fork("workload/eu-clients");
    expect(draws(stream, 3)).toEqual([0.7076209054794163, 0.955825824290514, 0.45627216971479356]);
  });

  it("leaves other streams unchanged when a stream is added or the fork order changes", () => {
    const before = new RandomStreams(42);
    const workload = before.fork("workload/eu-clients");
    const network = before.fork("net/eu-west/a->eu-west/b");
    const expectedWorkload = draws(workload, 200);
    const expectedNetwork = draws(network, 200);

    const after = new RandomStreams(42);
    const added = after.fork("metrics/latency-sampler");
    const networkAfter = after.fork("net/eu-west/a->eu-west/b");
    draws(added, 500); // drawing from the new stream, interleaved, must not matter either
    const workloadAfter = after.fork("workload/eu-clients");
    const interleavedWorkload: number[] = [];
    const interleavedNetwork: number[] = [];
    for (let i = 0; i < 200; i++) {
      interleavedNetwork.push(networkAfter.next());
      added.next();
      interleavedWorkload.push(workloadAfter.next());
    }
    expect(interleavedWorkload).toEqual(expectedWorkload);
    expect(interleavedNetwork).toEqual(expectedNetwork);
  });

  it("gives different sequences to different names and to different seeds", () => {
    const streams = new RandomStreams(7);
    const a = draws(streams.fork("a"), 20);
    const b = draws(streams.fork("b"), 20);
    const aOtherSeed = draws(new RandomStreams(8).fork("a"), 20);
    expect(b).not.toEqual(a);
    expect(aOtherSeed).not.toEqual(a);
    // Not merely shifted copies of one another either.
    expect(new Set([...a, ...b, ...aOtherSeed]).size).toBe(60);
  });

  it("refuses to fork the same name twice (two components would share one state)", () => {
    const streams = new RandomStreams(7);
    streams.fork("db/primary");
    expect(() => streams.fork("db/primary")).toThrow('random stream "db/primary" was already forked');
  });

  it("rejects a seed that is not a safe integer", () => {
    expect(() => new RandomStreams(1.5)).toThrow(RangeError);
    expect(() => new RandomStreams(Number.NaN)).toThrow(RangeError);
  });

  it("keeps next() in [0, 1), nextOpen() in (0, 1] and int(n) in [0, n)", () => {
    const stream = new RandomStreams(3).fork("ranges");
    const outOfRange: string[] = [];
    const faces = new Set<number>();
    for (let i = 0; i < 10_000; i++) {
      const u = stream.next();
      const open = stream.nextOpen();
      const k = stream.int(6);
      faces.add(k);
      if (!(u >= 0 && u < 1)) outOfRange.push(`next() = ${u}`);
      if (!(open > 0 && open <= 1)) outOfRange.push(`nextOpen() = ${open}`);
      if (!(Number.isInteger(k) && k >= 0 && k < 6)) outOfRange.push(`int(6) = ${k}`);
    }
    expect(outOfRange).toEqual([]);
    expect([...faces].sort()).toEqual([0, 1, 2, 3, 4, 5]);
  });

  it("draws exponentials with the requested mean and shape (4 standard errors)", () => {
    // For n draws of Exp(mean m): the sample mean has standard error m / sqrt(n), and the
    // fraction above m estimates e^-1 with standard error sqrt(p (1 - p) / n). A 4-sigma band
    // fails a correct generator with probability ~6e-5; the seed is fixed, so it is stable anyway.
    const n = 100_000;
    const mean = 2.5;
    const stream = new RandomStreams(11).fork("service-time");
    let sum = 0;
    let above = 0;
    let smallest = Number.POSITIVE_INFINITY;
    for (let i = 0; i < n; i++) {
      const x = stream.exponential(mean);
      sum += x;
      smallest = Math.min(smallest, x);
      if (x > mean) above++;
    }
    expect(smallest).toBeGreaterThanOrEqual(0);
    const meanTolerance = (4 * mean) / Math.sqrt(n); // ≈ 0.032
    expect(Math.abs(sum / n - mean)).toBeLessThan(meanTolerance);
    const p = Math.exp(-1);
    const tailTolerance = 4 * Math.sqrt((p * (1 - p)) / n); // ≈ 0.0061
    expect(Math.abs(above / n - p)).toBeLessThan(tailTolerance);
  });
});
