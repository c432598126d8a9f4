// A target's measured value is shown with the digits it takes to tell it from its bound: a
// failing target never reads as its bound, nor on the bound's passing side (issue 13: "✗
// availability 100% target >= 99.99999%").

import { fc, test } from "@fast-check/vitest";
import { describe, expect, it } from "vitest";
import { evaluateTargets, type RunMetrics, type WorldCounts } from "../../src/metrics/index.js";
import { type Comparison, compare } from "../../src/model/index.js";

const UNITS = [
  { name: "availability", suffix: "%", scale: 100, read: (v: number) => ({ availability: v }) },
  { name: "rto", suffix: "s", scale: 1, read: (v: number) => ({ rto: { maxS: v } }) },
  { name: "latencyP99", suffix: "ms", scale: 1, read: (v: number) => ({ latencyMs: { p99: v } }) },
] as const;

const COUNTS = { retryAmplification: 1 } as WorldCounts;

function measure(unit: (typeof UNITS)[number], actual: number, target: Comparison) {
  const metrics = unit.read(actual) as unknown as RunMetrics;
  return evaluateTargets(metrics, COUNTS, [{ name: unit.name, target }])[0];
}

/** The number a text such as "99.999985%" or "4.2s" shows, in the unit the bound is written in. */
const shown = (text: string) => Number.parseFloat(text);

describe("a target's measured value", () => {
  it("shows the digits that tell 99.999985% from a 99.99999% bound", () => {
    const target = { operator: ">=", value: 0.9999999, text: ">= 99.99999%" } as const;
    const result = measure(UNITS[0], 0.99999985, target);
    expect(result).toMatchObject({ pass: false, actualText: "99.999985%" });
  });

  it("keeps its usual form when the bound is far away", () => {
    const target = { operator: ">=", value: 0.999, text: ">= 99.9%" } as const;
    expect(measure(UNITS[0], 0.99994321, target).actualText).toBe("99.9943%");
    expect(measure(UNITS[1], 12.3456789, { operator: "<=", value: 300, text: "<= 5m" }).actualText).toBe("12.346s");
  });

  test.prop(
    [
      fc.constantFrom(...UNITS),
      fc.constantFrom(">=", "<=", ">", "<", "==" as const),
      fc.integer({ min: 1, max: 9_999_999 }),
      fc.integer({ min: 0, max: 7 }),
      fc.integer({ min: -5_000, max: 5_000 }).filter((n) => n !== 0),
      fc.integer({ min: 4, max: 12 }),
    ],
    { numRuns: 400 },
  )(
    "of a failing target never reads as its bound, nor on the bound's passing side",
    (unit, operator, digits, decimals, offset, closeness) => {
      // A bound as people write it (99.99999%, 4.25s), and a measured value just off it.
      const boundShown = digits / 10 ** decimals;
      const bound = unit.name === "availability" ? Math.min(1, boundShown / 100) : boundShown;
      const actual = Math.max(0, bound + (offset * bound) / 10 ** closeness);
      const target = { operator, value: bound, text: `${operator} ${boundShown}${unit.suffix}` } as Comparison;
      const result = measure(unit, actual, target);
      expect(result.pass).toBe(compare(actual, target));
      if (result.pass || actual === bound) return;
      expect(result.actualText).not.toBe(`${boundShown}${unit.suffix}`);
      // Read back as a number, the text fails the target as the value does.
      const read = shown(result.actualText) / (unit.name === "availability" ? 100 : 1);
      expect(compare(read, target), `${result.actualText} against ${target.text}`).toBe(false);
    },
  );
});
