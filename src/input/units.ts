// Parsing of the human units written in scenario files: durations, rates, percentages,
// times of day and comparisons. Everything is converted once, here, at the edge (ARCHITECTURE.md, "Determinism rules").

import type { Comparison, ComparisonOperator } from "../model/core/comparison.js";

const DURATION_UNITS_US: Record<string, number> = {
  us: 1,
  µs: 1,
  ms: 1_000,
  s: 1_000_000,
  m: 60_000_000,
  min: 60_000_000,
  h: 3_600_000_000,
  d: 86_400_000_000,
  w: 7 * 86_400_000_000,
  /** A year of 365 days: mean times between failures are often given in years. */
  y: 365 * 86_400_000_000,
};

const RATE_UNITS_PER_S: Record<string, number> = { s: 1, sec: 1, min: 1 / 60, m: 1 / 60, h: 1 / 3600 };

/** SLO periods by name: a month is 30 days and a year 365, as error budgets count them. */
const PERIODS_US: Record<string, number> = {
  year: 365 * 86_400_000_000,
  month: 30 * 86_400_000_000,
  week: 7 * 86_400_000_000,
  day: 86_400_000_000,
};

/** A parse result: a value or a message saying what was expected. */
export type Parsed<T> = { ok: true; value: T } | { ok: false; message: string };

const ok = <T>(value: T): Parsed<T> => ({ ok: true, value });
const fail = (message: string): Parsed<never> => ({ ok: false, message });

/** `250ms`, `30s`, `5m`, `2h`, `1h30m`, `1.5s`, `2w`, `5y` (365 days) → microseconds (integer). */
export function parseDuration(text: string): Parsed<number> {
  const trimmed = text.trim();
  const pattern = /(\d+(?:\.\d+)?)\s*(us|µs|ms|s|min|m|h|d|w|y)/gy;
  let totalUs = 0;
  let matched = 0;
  let consumed = 0;
  for (let m = pattern.exec(trimmed); m !== null; m = pattern.exec(trimmed)) {
    totalUs += Number(m[1]) * DURATION_UNITS_US[m[2]];
    matched++;
    consumed = pattern.lastIndex;
  }
  if (matched === 0 || consumed !== trimmed.length) {
    return fail(`"${text}" is not a duration; write a number and a unit, e.g. 250ms, 30s, 5m, 2h or 1h30m`);
  }
  return ok(Math.round(totalUs));
}

/** `1200/s`, `50k/min`, `2.4/s` → events per second. */
export function parseRate(text: string): Parsed<number> {
  const m = /^\s*(\d+(?:\.\d+)?)\s*([kM]?)\s*\/\s*(s|sec|min|m|h)\s*$/.exec(text);
  if (!m) return fail(`"${text}" is not a rate; write a count per unit of time, e.g. 1200/s, 50k/min or 2.4/s`);
  const scale = m[2] === "k" ? 1e3 : m[2] === "M" ? 1e6 : 1;
  return ok(Number(m[1]) * scale * RATE_UNITS_PER_S[m[3]]);
}

/** `20%` → 0.2; a bare number in [0, 1] is taken as a fraction. */
export function parseFraction(text: string | number): Parsed<number> {
  if (typeof text === "number") {
    return text >= 0 && text <= 1
      ? ok(text)
      : fail(`${text} is not a fraction between 0 and 1; write e.g. 0.2 or "20%"`);
  }
  const m = /^\s*(\d+(?:\.\d+)?)\s*%\s*$/.exec(text);
  if (!m || Number(m[1]) > 100) return fail(`"${text}" is not a percentage; write e.g. "20%" or "99.95%"`);
  return ok(Number(m[1]) / 100);
}

/** `02:00` or `02:00:30` → microseconds since midnight. */
export function parseTimeOfDay(text: string): Parsed<number> {
  const m = /^\s*(\d{1,2}):(\d{2})(?::(\d{2}))?\s*$/.exec(text);
  if (!m || Number(m[1]) > 23 || Number(m[2]) > 59 || Number(m[3] ?? 0) > 59) {
    return fail(`"${text}" is not a time of day; write HH:MM or HH:MM:SS, e.g. "02:00"`);
  }
  return ok(((Number(m[1]) * 60 + Number(m[2])) * 60 + Number(m[3] ?? 0)) * 1_000_000);
}

/** `money`: a cost per month, in the price table's currency ("<= $5000/month", "<= 5000"). */
export type MetricUnit = "fraction" | "seconds" | "milliseconds" | "count" | "ratio" | "money";

/** `>= 99.95%`, `<= 5s`, `< 300ms`, `> 0` → a comparison in the metric's unit. */
export function parseComparison(text: string, unit: MetricUnit): Parsed<Comparison> {
  const m = /^\s*(<=|>=|==|<|>)\s*(.+?)\s*$/.exec(text);
  if (!m) return fail(`"${text}" is not a comparison; write an operator and a value, e.g. ">= 99.9%" or "<= 5m"`);
  const operator = m[1] as ComparisonOperator;
  // "… with 95% confidence": judged on the one-sided bound of the mean over several runs.
  let rest = m[2];
  const confidenceMatch = /^(.*?)\s+with\s+(\d+(?:\.\d+)?)\s*%\s+confidence$/.exec(rest);
  const confidence = confidenceMatch ? Number(confidenceMatch[2]) / 100 : undefined;
  if (confidenceMatch) rest = confidenceMatch[1];
  if (confidence !== undefined && (confidence <= 0.5 || confidence >= 1)) {
    return fail(`"${text}": a confidence is above 50% and below 100%, e.g. "with 95% confidence"`);
  }
  // "… per 30d", "… per year": the SLO period (availability only).
  const periodMatch = /^(.*?)\s+per\s+(\S+)$/.exec(rest);
  let period: { us: number; text: string } | undefined;
  if (periodMatch) {
    rest = periodMatch[1];
    const named = PERIODS_US[periodMatch[2]];
    const parsed = named === undefined ? parseDuration(periodMatch[2]) : ok(named);
    if (!parsed.ok || parsed.value <= 0) {
      return fail(`"${text}": a period is year, month (30d), week, day or a duration, e.g. "per 30d"`);
    }
    if (unit !== "fraction") return fail(`"${text}": only availability targets take a period ("per 30d")`);
    period = { us: parsed.value, text: periodMatch[2] };
  }
  // "…  at p5": over several seeds, the 5th percentile of the measured values must satisfy it.
  const percentileMatch = /^(.*?)\s+at\s+p(\d+(?:\.\d+)?)$/.exec(rest);
  const valueText = percentileMatch ? percentileMatch[1] : rest;
  const percentile = percentileMatch ? Number(percentileMatch[2]) : undefined;
  if (percentile !== undefined && percentile > 100) {
    return fail(`"${text}": a percentile is between p0 and p100, e.g. "at p5"`);
  }
  let value: Parsed<number>;
  if (unit === "fraction") value = parseFraction(valueText.endsWith("%") ? valueText : Number(valueText));
  else if (unit === "ratio") {
    value = /^\d+(\.\d+)?$/.test(valueText) ? ok(Number(valueText)) : fail(`"${valueText}" is not a number`);
  } else if (unit === "money") {
    const amount = /^\$?\s*(\d+(?:\.\d+)?)\s*(\/\s*month)?$/.exec(valueText.replaceAll(",", ""));
    value = amount
      ? ok(Number(amount[1]))
      : fail(`"${valueText}" is not an amount per month; write e.g. "$5000/month"`);
  } else if (unit === "count") {
    value = /^\d+$/.test(valueText) ? ok(Number(valueText)) : fail(`"${valueText}" is not a whole number`);
  } else {
    // A bare number is already in the metric's unit (seconds for rpoS, milliseconds for latencyP99Ms).
    const usPerUnit = unit === "seconds" ? 1e6 : 1e3;
    const duration = /^\d+(\.\d+)?$/.test(valueText) ? ok(Number(valueText) * usPerUnit) : parseDuration(valueText);
    value = duration.ok ? ok(duration.value / usPerUnit) : duration;
  }
  if (!value.ok) return value;
  return ok({
    operator,
    value: value.value,
    text: text.trim(),
    ...(percentile === undefined ? {} : { percentile }),
    ...(period === undefined ? {} : { period }),
    ...(confidence === undefined ? {} : { confidence }),
  });
}
