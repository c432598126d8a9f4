// Steady-state availability against reliability theory (ARCHITECTURE.md, "Truths"). Under `random-crashes`
// each node is up for exponential times of mean MTBF and down for exponential times of mean
// MTTR, independently, so one node is up a fraction A = MTBF / (MTBF + MTTR) of the time, and
// at least k of n nodes are up a fraction Σ_{i≥k} C(n,i) Aⁱ (1−A)ⁿ⁻ⁱ.
//
// Tolerance: 4 standard deviations of the measured time fraction. The number of nodes down is a
// birth-death Markov chain, so the variance of a time average over T is σ²/T, where
// σ² = 2 Σ_j π_j f̃_j g_j, f̃ = f − πf, and g solves the Poisson equation Q g = −f̃ (πg = 0).
// It is computed exactly below rather than estimated from a few seeds.

import { describe, expect, it } from "vitest";
import type { RunResult } from "../../src/scenario/index.js";
import { runYaml } from "../support/scenarios.js";

const MTBF_H = 1;
const MTTR_MIN = 10;
const HOURS = 4000;
const NODES = 3;

const result = runYaml(`
name: availability
duration: ${HOURS}h
design:
  regions: [{ name: r, zones: [a, b, c] }]
  services:
    - name: api
      concurrency: 4
      serviceTime: { distribution: constant, mean: 1ms }
workload:
  clients: [{ region: r, service: api, rate: 1/min }]
faults:
  - { kind: random-crashes, service: api, mtbf: ${MTBF_H}h, mttr: ${MTTR_MIN}m, at: 0s }
limits: { eventsMax: 100000000 }
`);

/** Time (µs) during which at least `k` of the nodes were up, read from the trace. */
function timeWithAtLeastUp(run: RunResult, k: number, endUs: number): number {
  const transitions = run.events
    .filter((e) => e.kind === "node.crashed" || e.kind === "node.restarted")
    .map((e) => ({ timeUs: e.timeUs, delta: e.kind === "node.crashed" ? -1 : 1 }));
  let up = NODES;
  let lastUs = 0;
  let total = 0;
  for (const t of transitions) {
    if (up >= k) total += t.timeUs - lastUs;
    up += t.delta;
    lastUs = t.timeUs;
  }
  if (up >= k) total += endUs - lastUs;
  return total;
}

/** Exact A, the k-of-n availability, and the standard deviation of its time average over T. */
function theory(n: number, k: number, mtbf: number, mttr: number, t: number) {
  const fail = 1 / mtbf;
  const repair = 1 / mttr;
  // States j = nodes down (0..n): j → j+1 at (n−j)·fail, j → j−1 at j·repair.
  const a = mtbf / (mtbf + mttr);
  const binomial = (i: number) => {
    let c = 1;
    for (let m = 0; m < i; m++) c = (c * (n - m)) / (m + 1);
    return c;
  };
  const pi = Array.from({ length: n + 1 }, (_, j) => binomial(j) * (1 - a) ** j * a ** (n - j));
  const f = pi.map((_, j) => (n - j >= k ? 1 : 0));
  const mean = pi.reduce((sum, p, j) => sum + p * f[j], 0);
  const centred = f.map((v) => v - mean);
  // Poisson equation Q g = −f̃ with the last row replaced by π·g = 0.
  const rows = pi.map((_, j) => {
    const row = new Array(n + 2).fill(0);
    const up = (n - j) * fail;
    const down = j * repair;
    if (j < n) row[j + 1] = up;
    if (j > 0) row[j - 1] = down;
    row[j] = -(up + down);
    row[n + 1] = -centred[j];
    return row;
  });
  rows[n] = [...pi, 0];
  const g = solve(rows);
  const sigma2 = 2 * pi.reduce((sum, p, j) => sum + p * centred[j] * g[j], 0);
  return { a, kOfN: mean, sd: Math.sqrt(sigma2 / t) };
}

/** Gaussian elimination with partial pivoting on an augmented matrix. */
function solve(rows: number[][]): number[] {
  const n = rows.length;
  for (let col = 0; col < n; col++) {
    let pivot = col;
    for (let r = col + 1; r < n; r++) if (Math.abs(rows[r][col]) > Math.abs(rows[pivot][col])) pivot = r;
    [rows[col], rows[pivot]] = [rows[pivot], rows[col]];
    for (let r = 0; r < n; r++) {
      if (r === col) continue;
      const factor = rows[r][col] / rows[col][col];
      for (let c = col; c <= n; c++) rows[r][c] -= factor * rows[col][c];
    }
  }
  return rows.map((row, i) => row[n] / row[i]);
}

describe("random crashes against reliability theory", () => {
  const endUs = HOURS * 3.6e9;
  const mtbfMin = MTBF_H * 60;
  const tMin = HOURS * 60;

  it("keep each node up MTBF / (MTBF + MTTR) of the time (6/7 here)", () => {
    const single = theory(1, 1, mtbfMin, MTTR_MIN, tMin);
    const ids = [...new Set(result.events.filter((e) => e.kind === "node.crashed").map((e) => e.subject))];
    expect(ids).toHaveLength(NODES);
    // The three nodes are independent: their mean has a third of one node's variance.
    let downUs = 0;
    for (const id of ids) {
      const mine = result.events.filter((e) => e.subject === id);
      let since = -1;
      for (const e of mine) {
        if (e.kind === "node.crashed") since = e.timeUs;
        else if (e.kind === "node.restarted" && since >= 0) {
          downUs += e.timeUs - since;
          since = -1;
        }
      }
      if (since >= 0) downUs += endUs - since;
    }
    const measured = 1 - downUs / (NODES * endUs);
    // For one node the Poisson-equation variance has a closed form, 2·f·r / (f + r)³ per unit time.
    const [f, r] = [1 / mtbfMin, 1 / MTTR_MIN];
    expect(single.sd).toBeCloseTo(Math.sqrt((2 * f * r) / (f + r) ** 3 / tMin), 12);
    expect(single.a).toBeCloseTo(6 / 7, 12);
    expect(Math.abs(measured - single.a)).toBeLessThan((4 * single.sd) / Math.sqrt(NODES));
  });

  it("keep at least 2 of 3 nodes up Σ C(3,i)Aⁱ(1−A)³⁻ⁱ of the time", () => {
    const twoOfThree = theory(NODES, 2, mtbfMin, MTTR_MIN, tMin);
    const a = twoOfThree.a;
    expect(twoOfThree.kOfN).toBeCloseTo(3 * a * a * (1 - a) + a ** 3, 12);
    const measured = timeWithAtLeastUp(result, 2, endUs) / endUs;
    expect(Math.abs(measured - twoOfThree.kOfN)).toBeLessThan(4 * twoOfThree.sd);
  });

  it("keep all 3 up A³ of the time", () => {
    const all = theory(NODES, 3, mtbfMin, MTTR_MIN, tMin);
    const measured = timeWithAtLeastUp(result, 3, endUs) / endUs;
    expect(Math.abs(measured - all.a ** 3)).toBeLessThan(4 * all.sd);
  });
});
