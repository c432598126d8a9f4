// The building blocks of the scenario schema: names, durations, rates, percentages, times of
// day, comparisons and counts as validated values. Each carries its bound (bounds.ts), a
// description with an example and, for patterns, a message saying what to write — all of which
// go into the JSON Schema editors use.

import { z } from "zod";
import {
  DURATION_MAX_US,
  FACTOR_MAX,
  formatCountBound,
  formatDurationBound,
  RATE_MAX_PER_S,
  REQUEST_TIME_MAX_US,
} from "./bounds.js";
import { parseDuration, parseRate } from "./units.js";

export const DURATION = /^\s*(\d+(\.\d+)?\s*(us|µs|ms|s|min|m|h|d|w|y)\s*)+$/;
export const RATE = /^\s*\d+(\.\d+)?\s*[kM]?\s*\/\s*(s|sec|min|m|h)\s*$/;
export const PERCENT = /^\s*\d+(\.\d+)?\s*%\s*$/;
export const TIME_OF_DAY = /^\s*\d{1,2}:\d{2}(:\d{2})?\s*$/;
export const COMPARISON = /^\s*(<=|>=|==|<|>)\s*\S.*$/;
export const NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]*$/;

export const DURATION_HINT = "write a duration such as 250ms, 30s, 5m, 2h or 1h30m";
export const RATE_HINT = "write a rate such as 1200/s, 50k/min or 2.4/s";
export const PERCENT_HINT = 'write a percentage such as "20%"';
export const TIME_OF_DAY_HINT = 'write a time of day such as "02:00"';
export const COMPARISON_HINT = 'write an operator and a value, e.g. ">= 99.9%", "<= 5s", "> 0" or ">= 99.9% at p5"';

/** A description that ends with an example, and the example for completion. */
function described(text: string, example: unknown, extra: Record<string, unknown> = {}) {
  const shown = typeof example === "string" ? example : JSON.stringify(example);
  return { description: `${text}, e.g. ${shown}`, examples: [example], ...extra };
}

/** A pattern with the message editors show when a value does not match it. */
function patterned(pattern: RegExp, hint: string) {
  return z.string().regex(pattern, hint);
}

/** What each kind of name usually looks like, for the examples in the schema. */
const NAME_EXAMPLES: Record<string, string> = {
  Region: "us-east",
  Zone: "a",
  Service: "api",
  Database: "orders",
  Dependency: "payments",
  Queue: "emails",
  Client: "eu-users",
  Alert: "api-errors",
  Probe: "east-probe",
  Operation: "create-payment",
  Scenario: "region-outage",
};

export const name = (what: string, example = NAME_EXAMPLES[what] ?? "main") =>
  patterned(NAME, `${what} names use letters, digits, '-', '_' and '.', e.g. "${example}"`).meta(
    described(`${what} name (letters, digits, '-', '_' and '.')`, example, {
      patternErrorMessage: `${what} names use letters, digits, '-', '_' and '.', e.g. "${example}"`,
    }),
  );

export interface DurationOptions {
  /** The longest value allowed (default: DURATION_MAX_US, ten years). */
  maxUs?: number;
  /** Zero is refused (periods: something every 0 s would never let time move on). */
  positive?: boolean;
  /** The shortest value allowed, and why (a minimum above the 1us of `positive`). */
  min?: { us: number; text: string; why: string };
  example?: string;
}

/** A duration such as `250ms` or `1h30m`, at most `maxUs`, and more than zero when `positive`. */
export const duration = (what: string, options: DurationOptions = {}) => {
  const maxUs = options.maxUs ?? DURATION_MAX_US;
  const bound = formatDurationBound(maxUs);
  return patterned(DURATION, DURATION_HINT)
    .superRefine((text, ctx) => {
      const parsed = parseDuration(text);
      if (!parsed.ok) return; // the pattern already says what to write
      if (parsed.value > maxUs) {
        ctx.addIssue({
          code: "custom",
          message: `"${text.trim()}" is too long: at most ${bound} here, so that every time the run computes stays an exact number of microseconds`,
        });
      } else if (options.min && parsed.value < options.min.us) {
        ctx.addIssue({
          code: "custom",
          message: `"${text.trim()}" is too short: at least ${options.min.text} (${options.min.why})`,
        });
      } else if (options.positive && parsed.value <= 0) {
        ctx.addIssue({ code: "custom", message: `"${text.trim()}" must be longer than 0 (at least 1us)` });
      }
    })
    .meta(
      described(
        `${what} (${options.min ? `at least ${options.min.text}, ` : options.positive ? "more than 0, " : ""}at most ${bound})`,
        options.example ?? (maxUs <= REQUEST_TIME_MAX_US ? "250ms" : "30s"),
        { patternErrorMessage: DURATION_HINT },
      ),
    );
};

/** A time on one request's path: at most an hour (bounds.ts says why). */
export const requestTime = (what: string, example = "250ms") => duration(what, { maxUs: REQUEST_TIME_MAX_US, example });

/** A rate such as `1200/s`, at most RATE_MAX_PER_S. */
export const rate = patterned(RATE, RATE_HINT)
  .superRefine((text, ctx) => {
    const parsed = parseRate(text);
    if (parsed.ok && parsed.value > RATE_MAX_PER_S) {
      ctx.addIssue({
        code: "custom",
        message: `"${text.trim()}" is too high: at most ${formatCountBound(RATE_MAX_PER_S)}/s (100M/s)`,
      });
    }
  })
  .meta(
    described("Requests per unit of time (at most 100M/s)", "1200/s", {
      patternErrorMessage: RATE_HINT,
    }),
  );

/** Percent schemas, so that errors on them can suggest writing "25%" for 25. */
const PERCENT_SCHEMAS = new WeakSet<object>();

export const percent = (what: string, example: string | number = "20%") => {
  const schema = z
    .union([
      patterned(PERCENT, PERCENT_HINT).meta(described("A percentage", "20%", { patternErrorMessage: PERCENT_HINT })),
      z.number().min(0).max(1).meta(described("A fraction from 0 to 1", 0.2)),
    ])
    .meta(described(`${what} (a percentage, or a fraction from 0 to 1)`, example));
  PERCENT_SCHEMAS.add(schema);
  return schema;
};

/** Whether `schema` is one that `percent()` made. */
export function isPercentSchema(schema: unknown): boolean {
  return typeof schema === "object" && schema !== null && PERCENT_SCHEMAS.has(schema);
}

export const comparison = (what: string, example = ">= 99.9%") =>
  patterned(COMPARISON, COMPARISON_HINT).meta(described(what, example, { patternErrorMessage: COMPARISON_HINT }));

export const timeOfDay = (what: string, example = "02:00") =>
  patterned(TIME_OF_DAY, TIME_OF_DAY_HINT).meta(described(what, example, { patternErrorMessage: TIME_OF_DAY_HINT }));

export const pointInTime = patterned(
  new RegExp(`${TIME_OF_DAY.source}|${DURATION.source}`),
  'write a time of day ("02:00") or an offset from start (90m)',
).meta(
  described(
    'When the fault starts: a time of day such as "02:00" (counted from the scenario start) or an offset from the start such as 90m',
    "02:00",
    { patternErrorMessage: 'write a time of day ("02:00") or an offset from start (90m)' },
  ),
);

/** A whole number from 0 to `max`. */
export const count = (what: string, max: number, example = 10) =>
  z
    .number()
    .int()
    .min(0)
    .max(max)
    .meta(described(`${what} (0 to ${formatCountBound(max)})`, example));

/** A whole number from 1 to `max`. */
export const positive = (what: string, max: number, example = 3) =>
  z
    .number()
    .int()
    .min(1)
    .max(max)
    .meta(described(`${what} (1 to ${formatCountBound(max)})`, example));

/** A multiplier from 1 to `max` (slowdowns). */
export const factor = (what: string, example = 5, max = FACTOR_MAX) =>
  z
    .number()
    .min(1)
    .max(max)
    .meta(described(`${what} (1 to ${formatCountBound(max)})`, example));
