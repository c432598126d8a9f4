// The price of a nine across designs (sweep/nines.ts): nines are −log10(1 − A), the Pareto front
// holds the designs no other beats on both nines and infrastructure, and along the front each
// further nine costs ΔC / Δnines from the cheaper front design.

import { describe, expect, it } from "vitest";
import { priceOfNines } from "../../src/sweep/index.js";

describe("the price of a nine", () => {
  const priced = priceOfNines([
    { label: "one-region", availability: 0.999, infrastructurePerMonth: 300 },
    { label: "two-regions", availability: 0.99999, infrastructurePerMonth: 500 },
    { label: "oversized", availability: 0.9999, infrastructurePerMonth: 900 },
    { label: "perfect", availability: 1, infrastructurePerMonth: 2000 },
  ]);
  const of = (label: string) => priced.find((d) => d.label === label);

  it("counts nines as −log10(1 − A), infinite when nothing failed", () => {
    expect(of("one-region")?.nines).toBeCloseTo(3, 9);
    expect(of("two-regions")?.nines).toBeCloseTo(5, 9);
    expect(of("perfect")?.nines).toBe(Number.POSITIVE_INFINITY);
  });

  it("puts on the front exactly the designs no other beats on both", () => {
    // oversized has fewer nines than two-regions and costs more: dominated.
    expect(priced.filter((d) => d.onFront).map((d) => d.label)).toEqual(["one-region", "two-regions", "perfect"]);
  });

  it("prices each further nine along the front from the cheaper design", () => {
    expect(of("one-region")?.perNine).toBeUndefined();
    expect(of("two-regions")?.perNine).toBeCloseTo((500 - 300) / (5 - 3), 9);
    expect(of("oversized")?.perNine).toBeUndefined();
    // No finite price for an infinite number of nines.
    expect(of("perfect")?.perNine).toBeUndefined();
  });

  it("keeps designs with equal figures both on the front", () => {
    const tied = priceOfNines([
      { label: "a", availability: 0.999, infrastructurePerMonth: 100 },
      { label: "b", availability: 0.999, infrastructurePerMonth: 100 },
    ]);
    expect(tied.every((d) => d.onFront)).toBe(true);
  });
});
