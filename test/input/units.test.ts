// The human units of scenario files: each parser converts what people write and rejects, with a
// message that shows the right form, what they should not.

import { describe, expect, it } from "vitest";
import {
  type Parsed,
  parseComparison,
  parseDuration,
  parseFraction,
  parseRate,
  parseTimeOfDay,
} from "../../src/input/units.js";

function parsedValue<T>(parsed: Parsed<T>): T {
  if (!parsed.ok) throw new Error(`expected a value, got the message: ${parsed.message}`);
  return parsed.value;
}

function rejection<T>(parsed: Parsed<T>): string {
  if (parsed.ok) throw new Error(`expected a rejection, got ${JSON.stringify(parsed.value)}`);
  return parsed.message;
}

describe("parseDuration", () => {
  it.each([
    ["250ms", 250_000],
    ["30s", 30_000_000],
    ["5m", 300_000_000],
    ["2h", 7_200_000_000],
    ["1h30m", 5_400_000_000],
    ["1.5s", 1_500_000],
    ["250us", 250],
    ["250µs", 250],
    ["1d", 86_400_000_000],
    [" 10min ", 600_000_000],
  ])("reads %j as %d µs", (text, us) => {
    expect(parsedValue(parseDuration(text))).toBe(us);
  });

  it("rounds to whole microseconds", () => {
    expect(parsedValue(parseDuration("1.0004ms"))).toBe(1_000);
  });

  it.each(["5 minutes", "", "10", "ms", "5m junk", "-5s"])("rejects %j and shows the right form", (text) => {
    const message = rejection(parseDuration(text));
    expect(message).toBe(`"${text}" is not a duration; write a number and a unit, e.g. 250ms, 30s, 5m, 2h or 1h30m`);
  });
});

describe("parseRate", () => {
  it.each([
    ["1200/s", 1200],
    ["50k/min", 50_000 / 60],
    ["2.4/s", 2.4],
    ["3/h", 3 / 3600],
    ["2M/h", 2_000_000 / 3600],
    ["10 / sec", 10],
  ])("reads %j as %d per second", (text, perSecond) => {
    expect(parsedValue(parseRate(text))).toBeCloseTo(perSecond, 12);
  });

  it.each(["1200", "fast", "1200 per second", "/s", "5/week"])("rejects %j and shows the right form", (text) => {
    expect(rejection(parseRate(text))).toBe(
      `"${text}" is not a rate; write a count per unit of time, e.g. 1200/s, 50k/min or 2.4/s`,
    );
  });
});

describe("parseFraction", () => {
  it.each([
    ["20%", 0.2],
    ["99.95%", 0.9995],
    ["0%", 0],
    ["100%", 1],
    [0.2, 0.2],
    [0, 0],
    [1, 1],
  ] as const)("reads %j as %d", (input, fraction) => {
    expect(parsedValue(parseFraction(input))).toBeCloseTo(fraction, 12);
  });

  it("rejects a percentage above 100%", () => {
    expect(rejection(parseFraction("120%"))).toBe(`"120%" is not a percentage; write e.g. "20%" or "99.95%"`);
  });

  it("rejects a bare number outside [0, 1]", () => {
    expect(rejection(parseFraction(1.5))).toBe(`1.5 is not a fraction between 0 and 1; write e.g. 0.2 or "20%"`);
    expect(rejection(parseFraction(-0.1))).toContain("is not a fraction between 0 and 1");
  });

  it("rejects a percentage written in words", () => {
    expect(rejection(parseFraction("20 percent"))).toContain('write e.g. "20%"');
  });
});

describe("parseTimeOfDay", () => {
  it.each([
    ["02:00", 7_200_000_000],
    ["00:00", 0],
    ["2:30", 9_000_000_000],
    ["23:59:59", 86_399_000_000],
  ])("reads %j as %d µs after midnight", (text, us) => {
    expect(parsedValue(parseTimeOfDay(text))).toBe(us);
  });

  it.each(["24:00", "2pm", "12:60", "12:00:60", "noon", ""])("rejects %j and shows the right form", (text) => {
    expect(rejection(parseTimeOfDay(text))).toBe(
      `"${text}" is not a time of day; write HH:MM or HH:MM:SS, e.g. "02:00"`,
    );
  });
});

describe("parseComparison", () => {
  it("reads fractions as percentages or bare numbers", () => {
    expect(parsedValue(parseComparison(">= 99.95%", "fraction"))).toEqual({
      operator: ">=",
      value: expect.closeTo(0.9995, 12),
      text: ">= 99.95%",
    });
    expect(parsedValue(parseComparison("> 0.5", "fraction"))).toEqual({ operator: ">", value: 0.5, text: "> 0.5" });
  });

  it("reads seconds from a duration or a bare number of seconds", () => {
    expect(parsedValue(parseComparison("<= 5m", "seconds"))).toEqual({ operator: "<=", value: 300, text: "<= 5m" });
    expect(parsedValue(parseComparison("< 250ms", "seconds")).value).toBeCloseTo(0.25, 12);
    expect(parsedValue(parseComparison("<= 2", "seconds")).value).toBe(2);
  });

  it("reads milliseconds from a duration or a bare number of milliseconds", () => {
    expect(parsedValue(parseComparison("< 300ms", "milliseconds"))).toEqual({
      operator: "<",
      value: 300,
      text: "< 300ms",
    });
    expect(parsedValue(parseComparison("<= 1s", "milliseconds")).value).toBe(1000);
    expect(parsedValue(parseComparison("<= 300", "milliseconds")).value).toBe(300);
  });

  it("reads counts as whole numbers", () => {
    expect(parsedValue(parseComparison("== 1", "count"))).toEqual({ operator: "==", value: 1, text: "== 1" });
    expect(parsedValue(parseComparison("> 0", "count"))).toEqual({ operator: ">", value: 0, text: "> 0" });
  });

  it("accepts every operator and trims the text", () => {
    for (const operator of ["<", "<=", ">", ">=", "=="] as const) {
      expect(parsedValue(parseComparison(`  ${operator}3 `, "count"))).toEqual({
        operator,
        value: 3,
        text: `${operator}3`,
      });
    }
  });

  it("rejects a value without an operator", () => {
    expect(rejection(parseComparison("99.9%", "fraction"))).toBe(
      `"99.9%" is not a comparison; write an operator and a value, e.g. ">= 99.9%" or "<= 5m"`,
    );
    expect(rejection(parseComparison("=> 5", "count"))).toContain("is not a comparison");
  });

  it("rejects a value in the wrong unit with the unit's own message", () => {
    expect(rejection(parseComparison(">= 120%", "fraction"))).toContain('"120%" is not a percentage');
    expect(rejection(parseComparison("<= 5 minutes", "seconds"))).toContain('"5 minutes" is not a duration');
    expect(rejection(parseComparison("<= fast", "milliseconds"))).toContain('"fast" is not a duration');
    expect(rejection(parseComparison("> 1.5", "count"))).toBe('"1.5" is not a whole number');
    expect(rejection(parseComparison("> 5s", "count"))).toBe('"5s" is not a whole number');
  });
});
