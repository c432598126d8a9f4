// The sweep's statistics against values worked by hand and against their promise: a 95% interval
// covers the truth in about 95% of repeated samples.

import { describe, expect, it } from "vitest";
import { RandomStream } from "../../src/engine/index.js";
import { meanInterval, proportionInterval, quantile } from "../../src/metrics/index.js";

describe("meanInterval", () => {
  it("gives the mean and Student's t interval (worked by hand for 1..5)", () => {
    const estimate = meanInterval([1, 2, 3, 4, 5]);
    // sd = √2.5 = 1.5811; t(0.975, 4) = 2.7764; half-width = 2.7764 × 1.5811 / √5 = 1.9632.
    expect(estimate.mean).toBe(3);
    expect(estimate.sd).toBeCloseTo(1.5811, 4);
    expect(estimate.low).toBeCloseTo(3 - 1.9632, 3);
    expect(estimate.high).toBeCloseTo(3 + 1.9632, 3);
  });

  it("has no width from one run, and no value from none", () => {
    expect(meanInterval([7])).toEqual({ mean: 7, low: 7, high: 7, sd: 0 });
    expect(Number.isNaN(meanInterval([]).mean)).toBe(true);
  });

  it("covers the true mean in about 95% of samples (2,000 samples of 20 normal values)", () => {
    const random = new RandomStream(7, "coverage/mean");
    let covered = 0;
    const samples = 2000;
    for (let s = 0; s < samples; s++) {
      const values = Array.from({ length: 20 }, () => 10 + 3 * random.normal());
      const { low, high } = meanInterval(values);
      if (low <= 10 && 10 <= high) covered++;
    }
    // The coverage's own standard error is √(0.95 × 0.05 / 2000) = 0.0049: ±4 of them.
    expect(covered / samples).toBeGreaterThan(0.93);
    expect(covered / samples).toBeLessThan(0.97);
  });
});

describe("quantile", () => {
  it("interpolates between order statistics (type 7, as R and NumPy)", () => {
    expect(quantile([4, 1, 3, 2], 0.5)).toBe(2.5);
    expect(quantile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 0.9)).toBeCloseTo(9.1, 10);
    expect(quantile([5], 0.99)).toBe(5);
    expect(quantile([3, 1, 2], 0)).toBe(1);
    expect(quantile([3, 1, 2], 1)).toBe(3);
  });
});

describe("proportionInterval", () => {
  it("gives the Wilson interval (worked by hand for 143 of 200)", () => {
    const estimate = proportionInterval(143, 200);
    expect(estimate.estimate).toBe(0.715);
    expect(estimate.wilson[0]).toBeCloseTo(0.6489, 3);
    expect(estimate.wilson[1]).toBeCloseTo(0.773, 3);
    expect(estimate.ruleOfThree).toBeUndefined();
    // Clopper-Pearson is exact, hence at least as wide.
    expect(estimate.exact[0]).toBeLessThanOrEqual(estimate.wilson[0]);
    expect(estimate.exact[1]).toBeGreaterThanOrEqual(estimate.wilson[1]);
  });

  it("uses the rule of three when nothing (or everything) happened", () => {
    const none = proportionInterval(0, 10);
    expect(none.ruleOfThree).toBeCloseTo(0.3, 10);
    // Clopper-Pearson's upper bound for 0 of 10: 1 − 0.025^(1/10) = 0.3085.
    expect(none.exact[1]).toBeCloseTo(0.3085, 3);
    expect(proportionInterval(200, 200).ruleOfThree).toBeCloseTo(0.015, 10);
  });

  it("covers the true proportion in about 95% of samples (2,000 samples of 50 trials at p = 0.3)", () => {
    const random = new RandomStream(11, "coverage/proportion");
    let covered = 0;
    const samples = 2000;
    for (let s = 0; s < samples; s++) {
      let successes = 0;
      for (let t = 0; t < 50; t++) if (random.next() < 0.3) successes++;
      const [low, high] = proportionInterval(successes, 50).wilson;
      if (low <= 0.3 && 0.3 <= high) covered++;
    }
    expect(covered / samples).toBeGreaterThan(0.93);
    expect(covered / samples).toBeLessThan(0.97);
  });
});
