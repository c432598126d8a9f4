// The building blocks of the scenario schema: names, durations, rates, percentages, times of
// day and comparisons as validated strings (their patterns also go into the JSON Schema).

import { z } from "zod";

export const DURATION = /^\s*(\d+(\.\d+)?\s*(us|µs|ms|s|min|m|h|d)\s*)+$/;
export const RATE = /^\s*\d+(\.\d+)?\s*[kM]?\s*\/\s*(s|sec|min|m|h)\s*$/;
export const PERCENT = /^\s*\d+(\.\d+)?\s*%\s*$/;
export const TIME_OF_DAY = /^\s*\d{1,2}:\d{2}(:\d{2})?\s*$/;
export const COMPARISON = /^\s*(<=|>=|==|<|>)\s*\S.*$/;
export const NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]*$/;

export const name = (what: string) =>
  z
    .string()
    .regex(NAME, `${what} names use letters, digits, '-', '_' and '.', e.g. "us-east"`)
    .describe(`${what} name`);
export const duration = (what: string) =>
  z.string().regex(DURATION, "write a duration such as 250ms, 30s, 5m, 2h or 1h30m").describe(what);
export const rate = z.string().regex(RATE, "write a rate such as 1200/s, 50k/min or 2.4/s");
export const percent = (what: string) =>
  z.union([z.string().regex(PERCENT, 'write a percentage such as "20%"'), z.number().min(0).max(1)]).describe(what);
export const comparison = (what: string) =>
  z
    .string()
    .regex(COMPARISON, 'write an operator and a value, e.g. ">= 99.9%", "<= 5s", "> 0" or ">= 99.9% at p5"')
    .describe(what);
export const pointInTime = z
  .string()
  .regex(
    new RegExp(`${TIME_OF_DAY.source}|${DURATION.source}`),
    'write a time of day ("02:00") or an offset from start (90m)',
  )
  .describe(
    'When the fault starts: a time of day such as "02:00" (counted from the scenario start) or an offset such as 90m',
  );
export const count = (what: string) => z.number().int().min(0).describe(what);
export const positive = (what: string) => z.number().int().min(1).describe(what);
